package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.x509.CertificateBuilder;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.Pem;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the real engine, in this process: {@code parapet server} on a free port, fetched by a Parapet
 * client and by {@code parapet client}; {@code parapet demo}. Nothing here is skipped: a missing piece fails.
 */
@Timeout(60)
class EndToEndTest {
    @TempDir
    static Path dir;

    static RunningServer server;

    /** {@code parapet server} running on its own thread, its output captured. */
    static final class RunningServer {
        final Capture out = new Capture();
        final Capture err = new Capture();
        final ServerCommand command;
        final Thread thread;
        final int port;
        volatile int exit = -1;

        RunningServer(String... args) throws Exception {
            picocli.CommandLine cl = Main.commandLine(new Io(InputStream.nullInputStream(), out.printStream(),
                    err.printStream()));
            command = (ServerCommand) cl.getSubcommands().get("server").getCommand();
            String[] full = new String[args.length + 1];
            full[0] = "server";
            System.arraycopy(args, 0, full, 1, args.length);
            thread = new Thread(() -> exit = cl.execute(full), "test-server");
            thread.setDaemon(true);
            thread.start();
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile(
                    "^listening on 127\\.0\\.0\\.1:(\\d+)", java.util.regex.Pattern.MULTILINE);
            long deadline = System.currentTimeMillis() + 15_000;
            Matcher m = listening.matcher(out.text());
            while (!m.find()) {
                if (!thread.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new AssertionError("parapet server did not start (exit " + exit + ")\nstdout:\n"
                            + out.text() + "\nstderr:\n" + err.text());
                }
                Thread.sleep(20);
                m = listening.matcher(out.text());
            }
            port = Integer.parseInt(m.group(1));
        }

        void stop() throws Exception {
            command.stop();
            thread.join(5_000);
            assertEquals(0, exit, "server exit code; stderr:\n" + err.text());
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = new RunningServer("--port", "0", "-v", "--ca-out", dir.resolve("ca.pem").toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    static TlsClientConfig trusting(Path caFile) throws Exception {
        return TlsClientConfig.builder()
                .certificateVerifier(new PkixCertificateVerifier(TrustAnchors.fromPemFile(caFile)))
                .applicationProtocols("http/1.1")
                .build();
    }

    @Test
    void serverPrintsTheCaFileAndAnOpensslLine() throws Exception {
        String out = server.out.text();
        assertTrue(out.contains("CA certificate: " + dir.resolve("ca.pem").toAbsolutePath()), out);
        assertTrue(out.contains("openssl s_client -connect 127.0.0.1:" + server.port + " -tls1_3 -CAfile "), out);
        assertTrue(Files.readString(dir.resolve("ca.pem")).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void parapetClientFetchesThePageTwiceOnOneConnection() throws Exception {
        try (TlsSocket socket = TlsSocket.connect("127.0.0.1", server.port, trusting(dir.resolve("ca.pem")),
                Duration.ofSeconds(10))) {
            socket.setSoTimeout(10_000);
            TlsSession session = socket.session();
            assertEquals("TLSv1.3", session.protocol());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write("GET /first HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
            assertTrue(first.contains("Connection: keep-alive"), first);
            assertTrue(first.contains("TLSv1.3"), first);
            assertTrue(first.contains(session.cipherSuite().toString()), first);
            assertTrue(first.contains(session.namedGroup().toString()), first);
            assertTrue(first.contains(session.signatureScheme().toString()), first);
            assertTrue(first.contains("http/1.1") || first.contains("(none)"), first);
            assertTrue(first.contains("GET /first HTTP/1.1"), first);

            out.write("GET /second HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String second = readResponse(in);
            assertTrue(second.contains("Connection: close"), second);
            assertTrue(second.contains("GET /second HTTP/1.1"), second);
            // then the server's close_notify: a clean end of stream, no truncation exception
            assertEquals(-1, in.read());
        }
        // -v: the server traced the handshake with the connection number as prefix
        server.out.await("^#\\d+ <<< ClientHello \\(\\d+ bytes\\)", 5_000);
        server.out.await("^#\\d+ >>> ServerHello \\(\\d+ bytes\\)", 5_000);
        server.out.await("^#\\d+ <<< Finished", 5_000);
    }

    @Test
    void garbageAfterTheHandshakeGets400() throws Exception {
        try (TlsSocket socket = TlsSocket.connect("127.0.0.1", server.port, trusting(dir.resolve("ca.pem")),
                Duration.ofSeconds(10))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0x01, 0x02, 'x', '\r', '\n', '\r', '\n'});
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
        }
    }

    @Test
    void aBadClientDoesNotStopTheServer() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port)) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.getOutputStream().flush();
            plain.getInputStream().readAllBytes(); // whatever alert comes back, then the close
        } catch (IOException expected) {
            // a reset is fine too
        }
        server.err.await("^handshake failed from 127\\.0\\.0\\.1:\\d+: .+", 10_000);
        // and the next client is served
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(new ByteArrayInputStream("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                out.printStream(), err.printStream()), "client", "127.0.0.1:" + server.port,
                "--cafile", dir.resolve("ca.pem").toString());
        assertEquals(0, exit, err.text());
    }

    @Test
    void clientCommandPrintsTheSessionAndThePage() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(new ByteArrayInputStream(
                        "GET /via-cli HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                        out.printStream(), err.printStream()),
                "client", "localhost:" + server.port, "--cafile", dir.resolve("ca.pem").toString(),
                "--alpn", "h2,http/1.1");
        assertEquals(0, exit, "stderr:\n" + err.text());
        String page = out.text();
        assertTrue(page.startsWith("HTTP/1.1 200 OK"), page);
        assertTrue(page.contains("Hello from Parapet"), page);
        assertTrue(page.contains("GET /via-cli HTTP/1.1"), page);
        assertTrue(page.contains("localhost"), page); // SNI on the page
        String info = err.text();
        assertTrue(info.contains("protocol:         TLSv1.3"), info);
        assertTrue(info.contains("cipher suite:"), info);
        assertTrue(info.contains("SNI:              localhost"), info);
        assertTrue(info.contains("subject: CN=localhost"), info);
        assertTrue(info.contains("issuer:  CN=Parapet throwaway CA"), info);
        assertTrue(!info.contains("truncated"), info);
    }

    @Test
    void wrongServerNameExitsOneWithANameMismatch() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), err.printStream()),
                "client", "127.0.0.1:" + server.port, "--cafile", dir.resolve("ca.pem").toString(),
                "--servername", "wrong.example");
        assertEquals(1, exit, err.text());
        String firstLine = err.text().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("parapet: "), err.text());
        assertTrue(firstLine.contains("name mismatch"), err.text());
        assertEquals(1, err.text().lines().count(), "one line:\n" + err.text());
        assertEquals("", out.text());
    }

    @Test
    void untrustedServerExitsOne() throws Exception {
        Capture err = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), new Capture().printStream(), err.printStream()),
                "client", "127.0.0.1:" + server.port); // JDK trust store: does not know the throwaway CA
        assertEquals(1, exit, err.text());
        assertTrue(err.text().startsWith("parapet: "), err.text());
    }

    @Test
    void insecureClientWarnsAndWorks() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(new ByteArrayInputStream("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                out.printStream(), err.printStream()), "client", "127.0.0.1:" + server.port, "--insecure");
        assertEquals(0, exit, err.text());
        assertTrue(err.text().contains("NOT verified"), err.text());
        assertTrue(out.text().contains("200 OK"), out.text());
    }

    @Test
    void handshakeAndIdleTimeoutsCloseConnections() throws Exception {
        Path ca = dir.resolve("timeouts-ca.pem");
        RunningServer timed = new RunningServer("--port", "0", "--echo", "--ca-out", ca.toString(),
                "--handshake-timeout", "1", "--idle-timeout", "1");
        try {
            try (Socket silent = new Socket("127.0.0.1", timed.port)) {
                silent.setSoTimeout(20_000);
                assertEquals(-1, silent.getInputStream().read(), "closed without an alert");
            }
            timed.err.await("^handshake failed from 127\\.0\\.0\\.1:\\d+: timed out: no handshake within 1 s$",
                    10_000);
            try (TlsSocket idle = TlsSocket.connect("127.0.0.1", timed.port, trusting(ca), Duration.ofSeconds(10))) {
                idle.setSoTimeout(20_000);
                assertEquals(-1, idle.getInputStream().read(), "close_notify");
            }
            timed.out.await("^#2 127\\.0\\.0\\.1:\\d+: idle for 1 s, closing$", 10_000);
        } finally {
            timed.stop();
        }
    }

    @Test
    void severalCertificatesArePickedBySni() throws Exception {
        Path aChain = dir.resolve("a-chain.pem");
        Path aKey = dir.resolve("a-key.pem");
        Path aCa = dir.resolve("a-ca.pem");
        Path bChain = dir.resolve("b-chain.pem");
        Path bKey = dir.resolve("b-key.pem");
        Path bCa = dir.resolve("b-ca.pem");
        writeIssued("A test CA", "localhost", aChain, aKey, aCa);
        writeIssued("B test CA", "other.test", bChain, bKey, bCa);
        RunningServer two = new RunningServer("--port", "0", "--cert", aChain.toString(), "--key", aKey.toString(),
                "--cert", bChain.toString(), "--key", bKey.toString());
        try {
            assertEquals(0, runClient(two, "localhost", aCa), "default certificate");
            assertEquals(0, runClient(two, "other.test", bCa), "second certificate by SNI");
            assertEquals(1, runClient(two, "other.test", aCa), "B's certificate is not A's");
        } finally {
            two.stop();
        }
    }

    @Test
    void serverClosingWithoutCloseNotifyGetsATruncationWarning() throws Exception {
        ThrowawayCa ca = ThrowawayCa.create("Truncation test CA");
        Path caFile = dir.resolve("truncation-ca.pem");
        Files.writeString(caFile, ca.caPem());
        try (dev.parapet.tls.io.TlsServerSocket rude = dev.parapet.tls.io.TlsServerSocket.bind(
                java.net.InetAddress.getByName("127.0.0.1"), 0,
                dev.parapet.tls.TlsServerConfig.builder().certificate(ca.leaf()).build())) {
            Thread t = new Thread(() -> {
                try {
                    TlsSocket s = rude.accept();
                    s.startHandshake();
                    s.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.socket().close(); // TCP close, no close_notify
                } catch (IOException ignored) {
                    // the test below reports
                }
            });
            t.setDaemon(true);
            t.start();
            Capture out = new Capture();
            Capture err = new Capture();
            // stdin stays open (a pipe nobody writes): the server's close must end the client by itself
            java.io.PipedInputStream stdin = new java.io.PipedInputStream(new java.io.PipedOutputStream());
            int exit = Main.run(new Io(stdin, out.printStream(), err.printStream()),
                    "client", "127.0.0.1:" + rude.getLocalPort(), "--cafile", caFile.toString());
            assertEquals(0, exit, err.text());
            assertEquals("partial", out.text());
            assertTrue(err.text().contains("parapet: warning: the server closed the connection without close_notify"
                    + " after 7 bytes"), err.text());
        }
    }

    private static int runClient(RunningServer s, String serverName, Path ca) {
        Capture err = new Capture();
        int exit = Main.run(new Io(new ByteArrayInputStream("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                new Capture().printStream(), err.printStream()), "client", "127.0.0.1:" + s.port,
                "--servername", serverName, "--cafile", ca.toString());
        if (exit == 0) {
            assertTrue(err.text().contains("subject: CN=" + serverName), err.text());
        }
        return exit;
    }

    private static void writeIssued(String caName, String dnsName, Path chain, Path key, Path caFile)
            throws Exception {
        CertifiedKey ca = CertificateBuilder.selfSignedCa(caName, p256(), Duration.ofDays(1));
        CertifiedKey leaf = CertificateBuilder.leaf(ca, dnsName, List.of(dnsName), List.of(), p256(),
                Duration.ofDays(1));
        StringBuilder pem = new StringBuilder();
        leaf.chain().forEach(c -> pem.append(encode(c)));
        Files.writeString(chain, pem);
        Files.writeString(key, Pem.encodePrivateKey(leaf.privateKey()));
        Files.writeString(caFile, Pem.encodeCertificate(ca.leaf()));
        assertNotNull(leaf.privateKey());
    }

    private static String encode(java.security.cert.X509Certificate c) {
        try {
            return Pem.encodeCertificate(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** One HTTP/1.1 response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in a response head: " + head);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        Matcher m = java.util.regex.Pattern.compile("(?i)Content-Length: (\\d+)").matcher(h);
        assertTrue(m.find(), h);
        byte[] body = in.readNBytes(Integer.parseInt(m.group(1)));
        return h + new String(body, StandardCharsets.UTF_8);
    }
}
