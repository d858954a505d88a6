package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link HttpClientOpensslCases} in the default JVM, without {@code jdk.tls.acknowledgeCloseNotify}: Parapet only
 * (it answers a TLS 1.3 close_notify by default, so HttpClient completes s_server's body with no property set;
 * SunJSSE would not, see {@link HttpClientOpensslTest}).
 */
class HttpClientOpensslDefaultTest extends HttpClientOpensslCases {
    static Stream<String> providers() {
        return Providers.names().filter(Providers.PARAPET::equals);
    }

    @BeforeEach
    void noProperty() {
        assertNull(System.getProperty(AcknowledgeCloseNotifyContractTest.PROPERTY),
                "the default JVM runs without " + AcknowledgeCloseNotifyContractTest.PROPERTY);
    }
}
