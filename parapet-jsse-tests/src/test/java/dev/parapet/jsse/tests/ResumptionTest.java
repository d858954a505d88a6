package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsServerSocket;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session resumption through JSSE (issue 8, item 7), as Java users get it: one SSLContext, connections to the same
 * host and port. Parapet's client (java.net.http.HttpClient, HttpsURLConnection) against a Parapet core server that
 * says whether it resumed, and against SunJSSE behind Jetty; SunJSSE's client against Parapet's SSLServerSocket.
 * TLS 1.3 (tickets) and TLS 1.2 (tickets).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResumptionTest {
    private final Pki pki = new Pki();

    /** An HTTP/1.1 server on Parapet's core that answers "resumed=true|false" and closes each connection. */
    final class CoreServer implements AutoCloseable {
        final TlsServerSocket socket;
        final List<TlsSession> sessions = new CopyOnWriteArrayList<>();
        final Thread thread;

        CoreServer(ProtocolVersion version) throws IOException {
            TlsServerConfig config = TlsServerConfig.builder().certificate(pki.leaf(KeyType.ECDSA_P256))
                    .versions(version).build();
            socket = TlsServerSocket.bind(InetAddress.getLoopbackAddress(), 0, config);
            thread = new Thread(this::serve, "core-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.serverSocket().isClosed()) {
                try (TlsSocket s = socket.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    sessions.add(s.session());
                    InputStream in = s.getInputStream();
                    StringBuilder request = new StringBuilder();
                    int b;
                    while (!request.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                        request.append((char) b);
                    }
                    String body = "resumed=" + s.session().resumed();
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                            + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // the next connection
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static SSLContext parapet(Pki pki, String protocol) {
        return pki.clientContext(Providers.PARAPET, protocol);
    }

    /** GET with a new HttpClient each time (no pooled connection), the same SSLContext. */
    private static HttpResponse<String> get(SSLContext ctx, URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void httpClientResumes(String protocol) throws Exception {
        SSLContext ctx = parapet(pki, protocol);
        try (CoreServer server = new CoreServer(protocol.equals("TLSv1.3") ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12)) {
            URI uri = URI.create("https://localhost:" + server.port() + "/");
            HttpResponse<String> first = get(ctx, uri);
            assertEquals("resumed=false", first.body());
            HttpResponse<String> second = get(ctx, uri);
            assertEquals("resumed=true", second.body());
            assertTrue(get(ctx, uri).body().equals("resumed=true"));
            SSLSession a = first.sslSession().orElseThrow();
            SSLSession b = second.sslSession().orElseThrow();
            assertEquals(protocol, b.getProtocol());
            assertArrayEquals(a.getId(), b.getId(), "the session continues across resumptions");
            assertEquals(a.getCreationTime(), b.getCreationTime());
            assertNotNull(ctx.getClientSessionContext().getSession(b.getId()));

            // invalidate(): the next connection makes a full handshake, with a new session
            SSLSession kept = ctx.getClientSessionContext().getSession(b.getId()); // HttpClient's copy is immutable
            kept.invalidate();
            assertFalse(kept.isValid());
            HttpResponse<String> third = get(ctx, uri);
            assertEquals("resumed=false", third.body());
            assertFalse(java.util.Arrays.equals(a.getId(), third.sslSession().orElseThrow().getId()));
        }
    }

    @Test
    void sessionTimeoutAndCacheSizeAreHonoured() throws Exception {
        SSLContext ctx = parapet(pki, "TLS");
        SSLSessionContext sessions = ctx.getClientSessionContext();
        try (CoreServer server = new CoreServer(ProtocolVersion.TLS12)) {
            URI uri = URI.create("https://localhost:" + server.port() + "/");
            get(ctx, uri);
            assertEquals(1, Collections.list(sessions.getIds()).size());
            sessions.setSessionCacheSize(1);
            try (CoreServer other = new CoreServer(ProtocolVersion.TLS13)) {
                get(ctx, URI.create("https://localhost:" + other.port() + "/"));
            }
            assertEquals(1, Collections.list(sessions.getIds()).size(), "the cache holds one session");
            assertEquals("resumed=false", get(ctx, uri).body(), "the first peer's session was evicted");
            sessions.setSessionCacheSize(0);
            assertEquals("resumed=true", get(ctx, uri).body());
            sessions.setSessionTimeout(1);
            Thread.sleep(1100);
            assertEquals(0, Collections.list(sessions.getIds()).size());
            assertEquals("resumed=false", get(ctx, uri).body(), "the session timed out");
        }
    }

    /** HttpsURLConnection (Parapet's socket factory) twice against Jetty on SunJSSE: the second one resumes. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void httpsUrlConnectionResumesWithSunJsse(String protocol) throws Exception {
        SSLContext ctx = parapet(pki, protocol);
        SSLContext sun = pki.serverContext(Providers.SUN, protocol, KeyType.ECDSA_P256);
        try (JettyServer jetty = JettyServer.start(sun)) {
            URL url = jetty.uri("/r").toURL();
            SSLSession a = urlSession(ctx, url);
            SSLSession b = urlSession(ctx, url);
            assertEquals(protocol, b.getProtocol());
            assertArrayEquals(a.getId(), b.getId(), "Parapet keeps the id only for a resumed handshake");
            assertEquals(a.getCreationTime(), b.getCreationTime());
        }
    }

    private static SSLSession urlSession(SSLContext ctx, URL url) throws Exception {
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setSSLSocketFactory(ctx.getSocketFactory());
        conn.setRequestProperty("Connection", "close"); // no kept-alive connection: each fetch handshakes
        conn.setConnectTimeout(10_000);
        conn.setReadTimeout(10_000);
        try {
            assertEquals(200, conn.getResponseCode());
            SSLSession session = conn.getSSLSession().orElseThrow();
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
            return session;
        } finally {
            conn.disconnect();
        }
    }

    /** SunJSSE's SSLSocket client, one SSLContext, twice against Parapet's SSLServerSocket. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sunJsseClientResumesAgainstParapetServer(String protocol) throws Exception {
        SSLContext server = pki.serverContext(Providers.PARAPET, KeyType.ECDSA_P256);
        SSLContext client = pki.clientContext(Providers.SUN, protocol);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        s.setSoTimeout(10_000);
                        InputStream in = s.getInputStream();
                        int c = in.read();
                        s.getOutputStream().write(c);
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        // the client side reports
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            SSLSession a = sunRoundTrip(client, listener.getLocalPort(), protocol);
            Thread.sleep(20); // a full handshake would show a later creation time
            SSLSession b = sunRoundTrip(client, listener.getLocalPort(), protocol);
            assertEquals(protocol, b.getProtocol());
            // SunJSSE carries the creation time into a resumed session (and in TLS 1.2 the whole session)
            assertEquals(a.getCreationTime(), b.getCreationTime(), "SunJSSE resumed");
            if (protocol.equals("TLSv1.2")) {
                assertArrayEquals(a.getId(), b.getId());
            }
            // a SunJSSE context of its own cannot resume: a full handshake, a new creation time
            SSLSession c = sunRoundTrip(pki.clientContext(Providers.SUN, protocol), listener.getLocalPort(), protocol);
            assertTrue(c.getCreationTime() > b.getCreationTime());
        }
    }

    private static SSLSession sunRoundTrip(SSLContext ctx, int port, String protocol) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {protocol});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(42);
            s.getOutputStream().flush();
            assertEquals(42, s.getInputStream().read());
            return s.getSession();
        }
    }
}
