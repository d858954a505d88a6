package dev.parapet.jsse.tests;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;

/**
 * {@link HttpClientOpensslCases} with {@code jdk.tls.acknowledgeCloseNotify=true}, for every provider: tagged
 * "duplex-close", so surefire runs it in the JVM of that execution (see the pom). Without the property, HttpClient on
 * SunJSSE (JDK 17) never completes the body that s_server ends by closing a TLS 1.3 connection.
 */
@Tag("duplex-close")
class HttpClientOpensslTest extends HttpClientOpensslCases {
    static Stream<String> providers() {
        return Providers.names();
    }
}
