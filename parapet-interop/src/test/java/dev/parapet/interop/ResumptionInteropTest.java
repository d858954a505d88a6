package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 session resumption (issue 8) against OpenSSL, GnuTLS and SunJSSE, each of which says in its own words
 * whether it resumed: {@code openssl s_client -sess_out} then {@code -sess_in} and {@code gnutls-cli --resume}
 * against a Parapet server, a Parapet client reconnecting to {@code openssl s_server -www}, and the JDK's SSLSocket
 * client connecting twice with one SSLContext. Missing binaries fail; every process is killed after each test.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResumptionInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;
    static String gnutlsCli;

    @BeforeAll
    static void setUp() {
        openssl = PeerProcess.requireBinary("openssl");
        gnutlsCli = PeerProcess.requireBinary("gnutls-cli");
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    /** A Parapet HTTP server (as {@link ParapetServer#http}) that keeps every connection's session, in order. */
    static final class Sessions {
        final List<TlsSession> all = new CopyOnWriteArrayList<>();
        final ParapetServer server;

        Sessions() throws Exception {
            server = ParapetServer.start(fx.server(KeyType.ECDSA_P256).build(), (socket, s) -> {
                all.add(socket.session());
                String request = ParapetServer.readUntil(socket.getInputStream(), "\r\n\r\n");
                s.record(request);
                String body = ParapetServer.RESPONSE_BODY + " resumed=" + socket.session().resumed() + "\n";
                String response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            });
        }

        /** Waits until {@code n} connections were accepted and handshaken; returns their sessions. */
        List<TlsSession> await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (all.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the Parapet server saw " + all.size() + " connections, not " + n);
                }
                Thread.sleep(10);
            }
            return List.copyOf(all);
        }
    }

    // ---- openssl s_client -sess_out / -sess_in against a Parapet server

    /** s_client GET / with -ign_eof: it reads (and so gets the tickets) until the Parapet server closes. */
    private static String sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST, "-verify_hostname", Fixtures.HOST,
                "-ign_eof"));
        cmd.addAll(List.of(extra));
        try (PeerProcess client = PeerProcess.start(fx.dir(), cmd)) {
            client.send(ParapetClient.REQUEST);
            client.closeStdin();
            assertEquals(0, client.awaitExit(WAIT), client.describe());
            String out = client.output();
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY), client.describe());
            return out;
        }
    }

    @Test
    void opensslSessOutThenSessIn() throws Exception {
        Path session = tmp.resolve("openssl-session.pem");
        Files.deleteIfExists(session);
        Sessions s = new Sessions();
        try (ParapetServer server = s.server) {
            String first = sClient(server.port(), "-sess_out", session.toString());
            assertTrue(first.contains("New, TLSv1.3, Cipher is "), first);
            assertTrue(first.contains("resumed=false"), first);
            assertTrue(Files.size(session) > 0, "s_client wrote no session: no ticket arrived");

            String second = sClient(server.port(), "-sess_in", session.toString());
            assertTrue(second.contains("Reused, TLSv1.3, Cipher is "), second);
            assertTrue(second.contains("resumed=true"), second);

            List<TlsSession> sessions = s.await(2);
            assertFalse(sessions.get(0).resumed());
            assertTrue(sessions.get(1).resumed(), sessions.get(1).toString());
            assertEquals(sessions.get(0).cipherSuite(), sessions.get(1).cipherSuite());
        }
    }

    // ---- a Parapet client reconnecting to openssl s_server -www

    @Test
    void parapetClientResumesWithOpensslServer() throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, "-tls1_3", "-cert", chainAndKey[0].toString(),
                "-key", chainAndKey[1].toString(), "-www"))) {
            TlsClientConfig config = fx.client().build(); // one config: one session cache
            List<String> pages = new ArrayList<>();
            for (int k = 1; k <= 3; k++) {
                try (TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(), config,
                        ParapetClient.CONNECT_TIMEOUT)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(ParapetClient.REQUEST.getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    // the tickets come before the page, so reading the page to the end keeps them
                    String page = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertEquals(k > 1, socket.session().resumed(), "connection " + k + "\n" + page);
                    pages.add(page);
                }
            }
            // s_server's own verdict, and its session counters
            assertTrue(pages.get(0).contains("New, TLSv1.3, Cipher is "), pages.get(0));
            assertTrue(pages.get(1).contains("Reused, TLSv1.3, Cipher is "), pages.get(1));
            assertTrue(pages.get(2).contains("Reused, TLSv1.3, Cipher is "), pages.get(2));
            assertTrue(pages.get(2).matches("(?s).*\\b2 session cache hits.*"), pages.get(2));
        }
    }

    // ---- gnutls-cli --resume against a Parapet server

    @Test
    void gnutlsResume() throws Exception {
        Sessions s = new Sessions();
        try (ParapetServer server = s.server;
             PeerProcess client = PeerProcess.start(fx.dir(), gnutlsCli, "--x509cafile", fx.caPem().toString(),
                     "-p", Integer.toString(server.port()), "--sni-hostname", Fixtures.HOST,
                     "--verify-hostname", Fixtures.HOST, "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.3",
                     "--resume", "127.0.0.1")) {
            client.awaitOutput("This is a resumed session", WAIT);
            client.send(ParapetClient.REQUEST);
            client.awaitOutput("resumed=true", WAIT);
            client.closeStdin();
            client.awaitExit(WAIT);
            List<TlsSession> sessions = s.await(2);
            assertFalse(sessions.get(0).resumed(), client.describe());
            assertTrue(sessions.get(sessions.size() - 1).resumed(), client.describe());
        }
    }

    // ---- the JDK's SSLSocket client, twice with one SSLContext

    @Test
    void jdkClientResumes() throws Exception {
        SSLContext context = JdkContexts.context("TLSv1.3", null,
                JdkContexts.trustManagers(fx.pki().caCertificate()));
        Sessions s = new Sessions();
        try (ParapetServer server = s.server) {
            String first = jdkGet(context, server.port());
            assertTrue(first.contains("resumed=false"), first);
            String second = jdkGet(context, server.port());
            assertTrue(second.contains("resumed=true"), second);
            List<TlsSession> sessions = s.await(2);
            assertFalse(sessions.get(0).resumed());
            assertTrue(sessions.get(1).resumed(), sessions.get(1).toString());
        }
    }

    /** GET / with a JDK SSLSocket; reading to the end lets SunJSSE keep the NewSessionTicket in {@code context}. */
    private static String jdkGet(SSLContext context, int port) throws Exception {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        raw.setSoTimeout(10_000);
        try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, Fixtures.HOST, port, true)) {
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(Fixtures.HOST)));
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            OutputStream out = ssl.getOutputStream();
            out.write(ParapetClient.REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(ssl.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
