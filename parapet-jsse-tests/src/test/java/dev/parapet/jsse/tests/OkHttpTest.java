package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.TlsVersion;
import org.junit.jupiter.api.Timeout;

/**
 * OkHttp 5 (the JVM artifact) with the provider's {@code SSLSocketFactory} and the X509TrustManager it was built on
 * ({@code sslSocketFactory(factory, trustManager)}), against Jetty 12 on the same provider: HTTP/2 and HTTP/1.1
 * chosen by ALPN (OkHttp sets it through {@code SSLParameters.setApplicationProtocols} and reads
 * {@code SSLSocket.getApplicationProtocol()}), OkHttp's own hostname verifier. Verdicts: code, body (Jetty's view),
 * {@code Response.protocol()} and OkHttp's {@code Handshake}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OkHttpTest {
    private final Pki pki = new Pki();

    private OkHttpClient client(String provider, X509TrustManager tm, Protocol... protocols) {
        SSLContext ctx = Pki.init(Providers.context(provider, "TLS"), null, new javax.net.ssl.TrustManager[] {tm});
        return new OkHttpClient.Builder()
                .sslSocketFactory(ctx.getSocketFactory(), tm)
                .protocols(List.copyOf(new LinkedHashSet<>(List.of(protocols))))
                .callTimeout(Duration.ofSeconds(15))
                .build();
    }

    private static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private void fetch(String provider, Protocol protocol, String expectedHttp) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            OkHttpClient client = client(provider, pki.x509TrustManager(), protocol, Protocol.HTTP_1_1);
            try {
                for (String path : new String[] {"/ok", "/again"}) {
                    try (Response r = client.newCall(new Request.Builder().url(jetty.uri(path).toString()).build())
                            .execute()) {
                        assertEquals(200, r.code());
                        assertEquals(protocol, r.protocol());
                        assertEquals(JettyServer.body(expectedHttp, "TLSv1.3", path), r.body().string());
                        assertEquals(TlsVersion.TLS_1_3, r.handshake().tlsVersion());
                        assertEquals(pki.leaf(KeyType.ECDSA_P256).leaf(), r.handshake().peerCertificates().get(0));
                    }
                }
                // both requests went over one connection
                assertEquals(1, client.connectionPool().connectionCount());
            } finally {
                shutdown(client);
            }
        }
    }

    @ProviderTest
    void http2(String provider) throws Exception {
        fetch(provider, Protocol.HTTP_2, "HTTP/2.0");
    }

    @ProviderTest
    void http11(String provider) throws Exception {
        fetch(provider, Protocol.HTTP_1_1, "HTTP/1.1");
    }

    @ProviderTest
    void untrustedServerIsRefused(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            // a trust manager for an unrelated CA
            X509TrustManager tm = (X509TrustManager) Pki.trustManagers(
                    Pki.trustStore(dev.parapet.tls.testing.TestPki.create(KeyType.ECDSA_P256)))[0];
            OkHttpClient client = client(provider, tm, Protocol.HTTP_2, Protocol.HTTP_1_1);
            try {
                assertThrows(SSLHandshakeException.class,
                        () -> client.newCall(new Request.Builder().url(jetty.uri("/no").toString()).build())
                                .execute().close());
            } finally {
                shutdown(client);
            }
        }
    }
}
