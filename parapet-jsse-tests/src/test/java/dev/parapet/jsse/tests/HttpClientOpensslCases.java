package dev.parapet.jsse.tests;

import dev.parapet.interop.PeerProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java.net.http.HttpClient} on the provider's {@code SSLContext} against {@code openssl s_server -www}
 * (TLS 1.3, and TLS 1.2; HTTP/1.1 only: s_server selects no ALPN protocol, so a client asking for HTTP/2 falls back).
 * HttpClient turns on endpoint identification ("HTTPS") itself, so the provider must check the name.
 *
 * <p>Verdicts: the status, {@code HttpResponse.version()}, the client's {@code SSLSession}, and OpenSSL's own: its
 * page names the version and suite it negotiated ("New, TLSv1.3, Cipher is TLS_AES_..." and "Protocol  : TLSv1.3").
 *
 * <p>s_server ends its HTTP/1.0 body by closing the connection (close_notify, then FIN), and HttpClient (JDK 17)
 * completes such a body over TLS 1.3 only when the engine answers the close_notify with its own. SunJSSE does so only
 * with {@code jdk.tls.acknowledgeCloseNotify=true}; Parapet does by default. So the cases run twice:
 * {@link HttpClientOpensslTest} (tag "duplex-close": surefire's JVM with the property, both providers) and
 * {@link HttpClientOpensslDefaultTest} (the default JVM, no property: Parapet only).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class HttpClientOpensslCases {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final Pki pki = new Pki();

    @TempDir
    Path dir;

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    private static HttpClient client(SSLContext ctx, HttpClient.Version version, String... protocols) {
        HttpClient.Builder b = HttpClient.newBuilder().sslContext(ctx).version(version).connectTimeout(TIMEOUT);
        if (protocols.length > 0) {
            SSLParameters p = ctx.getDefaultSSLParameters();
            p.setProtocols(protocols);
            b.sslParameters(p);
        }
        return b.build();
    }

    /**
     * GET with a deadline on the whole exchange (HttpRequest.timeout stops counting once the headers arrived, so a
     * body that never ends would otherwise wait for the class's @Timeout).
     */
    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        CompletableFuture<HttpResponse<String>> f = client.sendAsync(
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        try {
            return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no complete response from " + uri + " within " + TIMEOUT, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static SSLSession session(HttpResponse<?> response) {
        return response.sslSession().orElseThrow(() -> new AssertionError("no SSLSession on an https response"));
    }

    // ---- openssl s_server -www

    private PeerProcess sServer(KeyType type, String version) throws Exception {
        String openssl = PeerProcess.requireBinary("openssl");
        Path[] chainAndKey = pki.chainAndKey(type, dir);
        return PeerProcess.startServer(dir, port -> new ArrayList<>(List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, version, "-cert", chainAndKey[0].toString(),
                "-key", chainAndKey[1].toString(), "-www")));
    }

    private void fetchFromOpenssl(String provider, KeyType type, String opensslVersion, HttpClient.Version asked,
                                  String tlsVersion) throws Exception {
        try (PeerProcess server = sServer(type, opensslVersion)) {
            HttpClient client = client(pki.clientContext(provider), asked);
            HttpResponse<String> r = get(client, URI.create("https://localhost:" + server.port() + "/"));
            SSLSession session = session(r);
            String why = "s_server page:\n" + r.body() + "\n" + server.describe();
            assertEquals(200, r.statusCode(), why);
            // s_server selects no ALPN protocol: HTTP/1.1 even when HTTP/2 was asked for
            assertEquals(HttpClient.Version.HTTP_1_1, r.version(), why);
            assertEquals(tlsVersion, session.getProtocol());
            // OpenSSL's verdict: the TLS version it negotiated, and (TLS 1.3 names agree) the same cipher suite
            String expected = "TLSv1.3".equals(tlsVersion) ? "New, TLSv1.3, Cipher is " + session.getCipherSuite()
                    : "New, TLSv1.2, Cipher is ECDHE-";
            assertTrue(r.body().contains(expected), "expected '" + expected + "' in " + why);
            assertTrue(r.body().contains("Protocol  : " + tlsVersion), why);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("providers")
    void http11ToOpensslTls13(String provider) throws Exception {
        fetchFromOpenssl(provider, KeyType.ECDSA_P256, "-tls1_3", HttpClient.Version.HTTP_1_1, "TLSv1.3");
    }

    /** Asks for HTTP/2; s_server ignores ALPN, so the client must fall back to HTTP/1.1 (no protocol selected). */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("providers")
    void http2FallsBackToHttp11WithOpensslTls13Rsa(String provider) throws Exception {
        fetchFromOpenssl(provider, KeyType.RSA_2048, "-tls1_3", HttpClient.Version.HTTP_2, "TLSv1.3");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("providers")
    void http11ToOpensslTls12(String provider) throws Exception {
        fetchFromOpenssl(provider, KeyType.RSA_2048, "-tls1_2", HttpClient.Version.HTTP_1_1, "TLSv1.2");
    }
}
