package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.cli.EndToEndTest.RunningServer;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.x509.CertificateBuilder;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.Pem;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 resumption through the commands, in this process: {@code parapet client --reconnect} against
 * {@code parapet server}, and two {@code parapet server}s sharing a {@code --ticket-keys} file (the client side of
 * that one is the library: the CLI client's cache lives for one run and keys tickets by name and port).
 */
@Timeout(60)
class ResumptionEndToEndTest {
    @TempDir
    static Path dir;

    static Path chain;
    static Path key;
    static Path ca;
    static Path ticketKeys;

    @BeforeAll
    static void files() throws Exception {
        chain = dir.resolve("chain.pem");
        key = dir.resolve("key.pem");
        ca = dir.resolve("ca.pem");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        CertifiedKey root = CertificateBuilder.selfSignedCa("Resumption test CA", g.generateKeyPair(),
                Duration.ofDays(1));
        CertifiedKey leaf = CertificateBuilder.leaf(root, "localhost", List.of("localhost"), List.of(),
                g.generateKeyPair(), Duration.ofDays(1));
        StringBuilder pem = new StringBuilder();
        leaf.chain().forEach(c -> pem.append(Pem.encodeCertificate(c)));
        Files.writeString(chain, pem);
        Files.writeString(key, Pem.encodePrivateKey(leaf.privateKey()));
        Files.writeString(ca, Pem.encodeCertificate(root.leaf()));
        ticketKeys = dir.resolve("ticket-keys");
        Files.writeString(ticketKeys, "# shared by the fleet\n" + "11".repeat(32) + "\n" + "22".repeat(32) + "\n");
    }

    static RunningServer server(String... extra) throws Exception {
        String[] base = {"--port", "0", "--cert", chain.toString(), "--key", key.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return new RunningServer(args);
    }

    static RunningServer shared;

    @BeforeAll
    static void start() throws Exception {
        shared = server();
    }

    @AfterAll
    static void stop() throws Exception {
        if (shared != null) {
            shared.stop();
        }
    }

    static final class Run {
        final Capture out = new Capture();
        final Capture err = new Capture();
        final int exit;

        Run(String... args) {
            this("GET / HTTP/1.0\r\n\r\n", args);
        }

        /** A run with {@code stdin} as its standard input. */
        static Run withStdin(String stdin, String... args) {
            return new Run(stdin, args);
        }

        private Run(String stdin, String[] args) {
            exit = Main.run(new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                    out.printStream(), err.printStream()), args);
        }
    }

    @Test
    void reconnectThreeTimesResumesConnectionsTwoToFour() throws Exception {
        Run run = new Run("client", "localhost:" + shared.port, "--cafile", ca.toString(), "--reconnect", "3");
        String info = run.err.text();
        assertEquals(0, run.exit, info);
        assertTrue(Pattern.compile("^resumed:\\s+no$", Pattern.MULTILINE).matcher(info).find(), info);
        assertTrue(info.contains("connection 1: full handshake (TLSv1.3 "), info);
        for (int k = 2; k <= 4; k++) {
            assertTrue(info.contains("connection " + k + ": resumed (TLSv1.3 "), info);
        }
        assertFalse(info.contains("connection 5"), info);
        assertTrue(info.contains("4 of 4 connections succeeded"), info);
        // the first connection's page, on stdout as without --reconnect
        String page = run.out.text();
        assertTrue(page.startsWith("HTTP/1.1 200 OK"), page);
        assertTrue(Pattern.compile("^resumed:\\s+no$", Pattern.MULTILINE).matcher(page).find(), page);
        // the server's log says which were resumed
        shared.out.await("(?s)(resumed=yes.*){3}", 10_000);
    }

    /** TLS 1.2: a ticket (RFC 5077), or with --tickets 0 on the server no resumption at all. */
    @Test
    void reconnectResumesTls12() throws Exception {
        Run run = new Run("client", "localhost:" + shared.port, "--cafile", ca.toString(), "--tls12",
                "--reconnect", "2");
        String info = run.err.text();
        assertEquals(0, run.exit, info);
        assertTrue(info.contains("connection 1: full handshake (TLSv1.2 "), info);
        assertTrue(info.contains("connection 2: resumed (TLSv1.2 "), info);
        assertTrue(info.contains("connection 3: resumed (TLSv1.2 "), info);
        RunningServer none = server("--tickets", "0");
        try {
            Run off = new Run("client", "localhost:" + none.port, "--cafile", ca.toString(), "--tls12",
                    "--reconnect", "1");
            assertEquals(0, off.exit, off.err.text());
            assertTrue(off.err.text().contains("connection 2: full handshake (TLSv1.2 "), off.err.text());
        } finally {
            none.stop();
        }
    }

    @Test
    void withoutTicketsEveryReconnectionIsAFullHandshake() throws Exception {
        RunningServer none = server("--tickets", "0");
        try {
            Run run = new Run("client", "localhost:" + none.port, "--cafile", ca.toString(), "--reconnect", "2");
            String info = run.err.text();
            assertEquals(0, run.exit, info);
            assertTrue(info.contains("connection 2: full handshake"), info);
            assertTrue(info.contains("connection 3: full handshake"), info);
            assertFalse(none.out.text().contains("resumed=yes"), none.out.text());
        } finally {
            none.stop();
        }
    }

    @Test
    void aFailedReconnectionExitsOne() throws Exception {
        RunningServer once = server();
        Run run;
        try {
            // the first connection's page is fetched, then the server goes away before the reconnections
            run = new Run("client", "localhost:" + once.port, "--cafile", ca.toString(), "--reconnect", "0");
            assertEquals(0, run.exit, run.err.text());
        } finally {
            once.stop();
        }
        Run after = new Run("client", "localhost:" + once.port, "--cafile", ca.toString(), "--reconnect", "1",
                "--timeout", "2");
        assertEquals(1, after.exit, after.err.text());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Path missing = dir.resolve("no-such-file");
        Run keys = new Run("server", "--port", "0", "--ticket-keys", missing.toString());
        assertEquals(2, keys.exit, keys.err.text());
        assertTrue(keys.err.text().contains("--ticket-keys"), keys.err.text());
        Run tickets = new Run("server", "--port", "0", "--tickets", "17");
        assertEquals(2, tickets.exit, tickets.err.text());
        Run reconnect = new Run("client", "localhost:1", "--reconnect", "-1");
        assertEquals(2, reconnect.exit, reconnect.err.text());
    }

    @Test
    void earlyDataIsSentAs0RttOnReconnections() throws Exception {
        Path request = dir.resolve("early-request");
        Files.writeString(request, "GET /early HTTP/1.0\r\n\r\n");
        RunningServer early = server("--early-data", "4096");
        try {
            // nothing on stdin: the file is the one request (the server answers it and closes)
            Run run = Run.withStdin("", "client", "localhost:" + early.port, "--cafile", ca.toString(), "--reconnect", "2",
                    "--early-data", request.toString());
            String info = run.err.text();
            assertEquals(0, run.exit, info);
            assertTrue(info.contains("early data: not sent as 0-RTT (no ticket allowing it); sent after the "
                    + "handshake"), info);
            assertEquals(2, Pattern.compile("early data: accepted \\(" + Files.size(request) + " bytes")
                    .matcher(info).results().count(), info);
            assertTrue(run.out.text().startsWith("HTTP/1.1 200 OK"), run.out.text());
            early.out.await("(?s)(resumed=yes early_data=accepted.*){2}", 10_000); // the server's log says so too
        } finally {
            early.stop();
        }
        // a server that takes no early data: refused, and sent again after the handshake
        Run refused = Run.withStdin("", "client", "localhost:" + shared.port, "--cafile", ca.toString(), "--reconnect", "1",
                "--early-data", request.toString());
        assertEquals(0, refused.exit, refused.err.text());
        assertFalse(refused.err.text().contains("early data: accepted"), refused.err.text());
        Run bad = new Run("server", "--port", "0", "--early-data", "-1");
        assertEquals(2, bad.exit, bad.err.text());
    }

    /**
     * Two servers reading one --ticket-keys file: a ticket from A resumes at B. The client is the library with one
     * config (one session cache) and no port in the cache key, so that B is offered A's ticket.
     */
    @Test
    void serversSharingATicketKeysFileResumeEachOthersTickets() throws Exception {
        RunningServer a = server("--ticket-keys", ticketKeys.toString());
        RunningServer b = server("--ticket-keys", ticketKeys.toString());
        RunningServer other = server(); // its own in-memory keys
        try {
            TlsClientConfig config = TlsClientConfig.builder()
                    .certificateVerifier(new dev.parapet.tls.x509.PkixCertificateVerifier(
                            dev.parapet.tls.x509.TrustAnchors.fromPemFile(ca)))
                    .build();
            assertFalse(fetch(config, a.port).resumed());
            TlsSession atB = fetch(config, b.port);
            assertTrue(atB.resumed(), atB.toString());
            b.out.await("resumed=yes", 10_000);
            // B's tickets work at A too
            assertTrue(fetch(config, a.port).resumed());
            // a server with other keys cannot open them: a full handshake, no error
            TlsSession atOther = fetch(config, other.port);
            assertFalse(atOther.resumed(), atOther.toString());
            assertFalse(other.out.text().contains("resumed=yes"), other.out.text());
        } finally {
            a.stop();
            b.stop();
            other.stop();
        }
    }

    /** GET / over a connection to localhost:port with {@code config}; the page is read, so the tickets arrive. */
    static TlsSession fetch(TlsClientConfig config, int port) throws Exception {
        try (TlsSocket socket = TlsSocket.connect("localhost", port, config, Duration.ofSeconds(10))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String page = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            TlsSession session = socket.session();
            Matcher m = Pattern.compile("^resumed:\\s+(yes|no)$", Pattern.MULTILINE).matcher(page);
            assertTrue(m.find(), page);
            assertEquals(session.resumed() ? "yes" : "no", m.group(1), page);
            return session;
        }
    }
}
