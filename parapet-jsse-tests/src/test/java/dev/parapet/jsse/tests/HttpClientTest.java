package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java.net.http.HttpClient} on the provider's {@code SSLContext}: HTTP/2 (ALPN "h2") and HTTP/1.1 against a
 * Jetty 12 server on the same provider's {@code SSLContext} (TLS 1.3, and HTTP/2 over TLS 1.2 with an RSA key).
 * HttpClient turns on endpoint identification ("HTTPS") itself, so the provider must check the name. Against
 * {@code openssl s_server -www}: {@link HttpClientOpensslTest}.
 *
 * <p>Verdicts: the status, the body (which carries Jetty's own view: its HTTP and TLS versions and the path),
 * {@code HttpResponse.version()} and the client's {@code SSLSession}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final Pki pki = new Pki();

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

    // ---- Jetty on the provider

    @ProviderTest
    void http2ToJetty(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            HttpClient client = client(pki.clientContext(provider), HttpClient.Version.HTTP_2);
            HttpResponse<String> r = get(client, jetty.uri("/h2"));
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(JettyServer.body("HTTP/2.0", "TLSv1.3", "/h2"), r.body());
            assertEquals("TLSv1.3", session(r).getProtocol());
            // a second request on the same (multiplexed) connection
            HttpResponse<String> again = get(client, jetty.uri("/again"));
            assertEquals(JettyServer.body("HTTP/2.0", "TLSv1.3", "/again"), again.body());
        }
    }

    @ProviderTest
    void http11ToJetty(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            HttpClient client = client(pki.clientContext(provider), HttpClient.Version.HTTP_1_1);
            HttpResponse<String> r = get(client, jetty.uri("/h1"));
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals(JettyServer.body("HTTP/1.1", "TLSv1.3", "/h1"), r.body());
            assertEquals("TLSv1.3", session(r).getProtocol());
        }
    }

    /** TLS 1.2 (the client's SSLParameters allow only it), RSA certificate, HTTP/2. */
    @ProviderTest
    void http2ToJettyOverTls12(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.RSA_2048))) {
            HttpClient client = client(pki.clientContext(provider), HttpClient.Version.HTTP_2, "TLSv1.2");
            HttpResponse<String> r = get(client, jetty.uri("/tls12"));
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(JettyServer.body("HTTP/2.0", "TLSv1.2", "/tls12"), r.body());
            assertEquals("TLSv1.2", session(r).getProtocol());
            assertTrue(session(r).getCipherSuite().startsWith("TLS_ECDHE_RSA_WITH_"), session(r).getCipherSuite());
        }
    }
}
