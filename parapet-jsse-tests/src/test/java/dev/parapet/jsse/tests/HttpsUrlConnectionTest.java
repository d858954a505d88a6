package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * {@code HttpsURLConnection} with the provider's socket factory as the JVM-wide default
 * ({@code HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory())}, restored after each test) and the
 * default hostname verifier, against Jetty 12 on the same provider. With the default verifier the JDK's
 * {@code HttpsClient} sets endpoint identification "HTTPS" in the socket's SSLParameters, so the provider's
 * SSLSocket checks the name during the handshake.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpsUrlConnectionTest {
    private final Pki pki = new Pki();
    private SSLSocketFactory savedFactory;
    private HostnameVerifier savedVerifier;

    @BeforeEach
    void save() {
        savedFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        savedVerifier = HttpsURLConnection.getDefaultHostnameVerifier();
    }

    @AfterEach
    void restore() {
        HttpsURLConnection.setDefaultSSLSocketFactory(savedFactory);
        HttpsURLConnection.setDefaultHostnameVerifier(savedVerifier);
    }

    private static String fetch(URL url, SSLContext client, CertifiedKey expectedServer) throws Exception {
        HttpsURLConnection.setDefaultSSLSocketFactory(client.getSocketFactory());
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setConnectTimeout(10_000);
        conn.setReadTimeout(10_000);
        try {
            assertEquals(200, conn.getResponseCode());
            assertEquals(client.getSocketFactory().getClass(), conn.getSSLSocketFactory().getClass());
            assertTrue(conn.getCipherSuite().startsWith("TLS_"), conn.getCipherSuite());
            assertEquals(expectedServer.leaf(), conn.getServerCertificates()[0]);
            try (InputStream in = conn.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            conn.disconnect();
        }
    }

    @ProviderTest
    void getByHostName(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.RSA_2048))) {
            String body = fetch(jetty.uri("/url").toURL(), pki.clientContext(provider), pki.leaf(KeyType.RSA_2048));
            assertEquals(JettyServer.body("HTTP/1.1", "TLSv1.3", "/url"), body);
        }
    }

    /** The leaf carries 127.0.0.1 as an IP address SAN: HTTPS endpoint identification matches it. */
    @ProviderTest
    void getByIpAddress(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            URL url = new URL("https://127.0.0.1:" + jetty.port() + "/ip");
            String body = fetch(url, pki.clientContext(provider), pki.leaf(KeyType.ECDSA_P256));
            assertEquals(JettyServer.body("HTTP/1.1", "TLSv1.3", "/ip"), body);
        }
    }

    /** A trusted certificate for another name: the default verifier (HTTPS identification) refuses it. */
    @ProviderTest
    void wrongHostNameIsRefused(String provider) throws Exception {
        CertifiedKey other = pki.testPki().issue(KeyType.ECDSA_P256, "other.example");
        SSLContext server = Pki.init(Providers.context(provider, "TLS"), Pki.keyManagers(Pki.keyStore(other)), null);
        try (JettyServer jetty = JettyServer.start(server)) {
            HttpsURLConnection.setDefaultSSLSocketFactory(pki.clientContext(provider).getSocketFactory());
            HttpsURLConnection conn = (HttpsURLConnection) jetty.uri("/wrong").toURL().openConnection();
            conn.setConnectTimeout(10_000);
            conn.setReadTimeout(10_000);
            try {
                assertThrows(SSLHandshakeException.class, conn::getResponseCode);
            } finally {
                conn.disconnect();
            }
        }
    }
}
