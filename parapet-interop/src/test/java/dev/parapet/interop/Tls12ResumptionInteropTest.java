package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
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
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS 1.2 session resumption (issue 8, item 3) against OpenSSL, GnuTLS and SunJSSE, each saying in its own words
 * whether it resumed: {@code openssl s_client -tls1_2 -sess_out/-sess_in} (tickets, and session IDs with
 * {@code -no_ticket}) and {@code gnutls-cli --resume} against a Parapet server; {@code parapet client --reconnect 5}
 * (the CLI in its own JVM) against {@code openssl s_server -tls1_2 -www}; the JDK's SSLSocket connecting twice.
 * Missing binaries fail; every process is killed after each test.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Tls12ResumptionInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

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

    /** A Parapet HTTP server (TLS 1.2 only) keeping every connection's session; the page says resumed=. */
    static final class Sessions implements AutoCloseable {
        final List<TlsSession> all = new CopyOnWriteArrayList<>();
        final ParapetServer server;

        Sessions(TlsServerConfig config) throws Exception {
            server = ParapetServer.start(config, (socket, s) -> {
                all.add(socket.session());
                ParapetServer.readUntil(socket.getInputStream(), "\r\n\r\n");
                String body = ParapetServer.RESPONSE_BODY + " resumed=" + socket.session().resumed() + "\n";
                String response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            });
        }

        Sessions() throws Exception {
            this(fx.server(KeyType.ECDSA_P256).versions(ProtocolVersion.TLS12).build());
        }

        int port() {
            return server.port();
        }

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

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static String sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
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

    /** With tickets (RFC 5077) and, with -no_ticket, by session ID (RFC 5246, 7.4.1.2). */
    @ParameterizedTest(name = "tickets={0}")
    @ValueSource(booleans = {true, false})
    void opensslSessOutThenSessIn(boolean tickets) throws Exception {
        Path session = tmp.resolve("openssl-tls12-session-" + tickets + ".pem");
        Files.deleteIfExists(session);
        String[] noTicket = tickets ? new String[0] : new String[] {"-no_ticket"};
        try (Sessions s = new Sessions()) {
            List<String> out = new ArrayList<>(List.of("-sess_out", session.toString()));
            out.addAll(List.of(noTicket));
            String first = sClient(s.port(), out.toArray(new String[0]));
            assertTrue(first.contains("New, TLSv1.2, Cipher is "), first);
            assertTrue(first.contains("Extended master secret: yes"), first);
            assertEquals(tickets, first.contains("TLS session ticket:"), first);
            assertTrue(first.contains("resumed=false"), first);

            List<String> in = new ArrayList<>(List.of("-sess_in", session.toString()));
            in.addAll(List.of(noTicket));
            String second = sClient(s.port(), in.toArray(new String[0]));
            assertTrue(second.contains("Reused, TLSv1.2, Cipher is "), second);
            assertTrue(second.contains("resumed=true"), second);

            List<TlsSession> sessions = s.await(2);
            assertFalse(sessions.get(0).resumed());
            assertTrue(sessions.get(1).resumed(), sessions.get(1).toString());
            assertEquals(sessions.get(0).cipherSuite(), sessions.get(1).cipherSuite());
        }
    }

    /** RFC 7627, 5.3: a session without the extended master secret (the server's choice here) is not resumed. */
    @Test
    void opensslWithoutExtendedMasterSecretIsNotResumed() throws Exception {
        Path session = tmp.resolve("openssl-no-ems.pem");
        Files.deleteIfExists(session);
        try (Sessions s = new Sessions(fx.server(KeyType.ECDSA_P256).versions(ProtocolVersion.TLS12)
                .extendedMasterSecret(false).requireExtendedMasterSecret(false).build())) {
            String first = sClient(s.port(), "-sess_out", session.toString());
            assertTrue(first.contains("Extended master secret: no"), first);
            assertFalse(first.contains("TLS session ticket:"), first);
            assertTrue(first.matches("(?s).*Session-ID: *\\R.*"), "no session ID\n" + first);
            // s_client writes no session file for a session that cannot be resumed
            assertFalse(Files.exists(session), first);
            assertTrue(s.await(1).get(0).protocol().equals("TLSv1.2"));
        }
    }

    /** {@code parapet client --tls12 --reconnect 5} in its own JVM against {@code openssl s_server -tls1_2 -www}. */
    @ParameterizedTest(name = "tickets={0}")
    @ValueSource(booleans = {true, false})
    void parapetCliReconnectsToOpensslServer(boolean tickets) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                    "-tls1_2", "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString(), "-www"));
            if (!tickets) {
                cmd.add("-no_ticket");
            }
            return cmd;
        })) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            try (PeerProcess cli = PeerProcess.start(fx.dir(), java.toString(), "-cp", classpath,
                    "dev.parapet.cli.Main", "client", Fixtures.HOST + ":" + server.port(), "--tls12",
                    "--cafile", fx.caPem().toString(), "--reconnect", "5", "--timeout", "5")) {
                cli.send(ParapetClient.REQUEST);
                cli.closeStdin();
                assertEquals(0, cli.awaitExit(Duration.ofSeconds(45)), cli.describe());
                String err = cli.stderr();
                assertTrue(err.contains("connection 1: full handshake (TLSv1.2 "), cli.describe());
                for (int k = 2; k <= 6; k++) {
                    assertTrue(err.contains("connection " + k + ": resumed (TLSv1.2 "), cli.describe());
                }
                assertTrue(err.contains("6 of 6 connections succeeded"), cli.describe());
                assertTrue(cli.stdout().contains("New, TLSv1.2, Cipher is "), cli.describe());
            }
        }
    }

    @Test
    void gnutlsResume() throws Exception {
        try (Sessions s = new Sessions();
             PeerProcess client = PeerProcess.start(fx.dir(), gnutlsCli, "--x509cafile", fx.caPem().toString(),
                     "-p", Integer.toString(s.port()), "--sni-hostname", Fixtures.HOST,
                     "--verify-hostname", Fixtures.HOST, "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                     "--resume", "127.0.0.1")) {
            client.awaitOutput("This is a resumed session", WAIT);
            client.send(ParapetClient.REQUEST);
            client.awaitOutput("resumed=true", WAIT);
            client.closeStdin();
            client.awaitExit(WAIT);
            List<TlsSession> sessions = s.await(2);
            assertFalse(sessions.get(0).resumed(), client.describe());
            assertEquals("TLSv1.2", sessions.get(0).protocol());
            assertTrue(sessions.get(sessions.size() - 1).resumed(), client.describe());
        }
    }

    @Test
    void jdkClientResumes() throws Exception {
        SSLContext context = JdkContexts.context("TLSv1.2", null,
                JdkContexts.trustManagers(fx.pki().caCertificate()));
        try (Sessions s = new Sessions()) {
            byte[][] ids = new byte[2][];
            String first = jdkGet(context, s.port(), ids, 0);
            assertTrue(first.contains("resumed=false"), first);
            String second = jdkGet(context, s.port(), ids, 1);
            assertTrue(second.contains("resumed=true"), second);
            List<TlsSession> sessions = s.await(2);
            assertFalse(sessions.get(0).resumed());
            assertTrue(sessions.get(1).resumed(), sessions.get(1).toString());
            assertEquals("TLSv1.2", sessions.get(1).protocol());
        }
    }

    private static String jdkGet(SSLContext context, int port, byte[][] ids, int i) throws Exception {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        raw.setSoTimeout(10_000);
        try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, Fixtures.HOST, port, true)) {
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.2"});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(Fixtures.HOST)));
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            ids[i] = ssl.getSession().getId();
            OutputStream out = ssl.getOutputStream();
            out.write(ParapetClient.REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(ssl.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
