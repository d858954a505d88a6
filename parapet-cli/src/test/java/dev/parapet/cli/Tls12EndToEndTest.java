package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.2 through the commands, against the real engine in this process: {@code parapet server --legacy --tls12}
 * fetched by a Parapet client over RSA key transport, ECDHE and CBC, and by {@code parapet client --tls12}; and
 * {@code parapet demo --rsa} / {@code --tls12}.
 */
@Timeout(60)
class Tls12EndToEndTest {
    /** A run of hex digits as long as a 48-byte secret printed in hex. */
    private static final Pattern SECRET_96 = Pattern.compile("[0-9a-fA-F]{96}");
    /** Even a 16-byte key in hex would be this long. */
    private static final Pattern KEY_32 = Pattern.compile("[0-9a-fA-F]{32}");

    private static final byte[] GET = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    static EndToEndTest.RunningServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new EndToEndTest.RunningServer("--port", "0", "--legacy", "--tls12", "-v",
                "--ca-out", dir.resolve("ca.pem").toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private static TlsClientConfig client(CipherSuite... suites) throws Exception {
        TlsClientConfig.Builder b = TlsClientConfig.builder()
                .certificateVerifier(new PkixCertificateVerifier(TrustAnchors.fromPemFile(dir.resolve("ca.pem"))))
                .versions(ProtocolVersion.TLS12);
        if (suites.length > 0) {
            b.cipherSuites(suites);
        }
        return b.build();
    }

    /** GET / over a fresh connection; returns the session and the whole response. */
    private static Object[] fetch(TlsClientConfig config) throws Exception {
        try (TlsSocket socket = TlsSocket.connect("127.0.0.1", server.port, config, Duration.ofSeconds(10))) {
            socket.setSoTimeout(10_000);
            TlsSession session = socket.session();
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Object[] {session, response};
        }
    }

    private static boolean hasRow(String text, String label, String value) {
        return Pattern.compile("(?m)^" + Pattern.quote(label + ":") + " +" + Pattern.quote(value) + "$")
                .matcher(text).find();
    }

    @Test
    void serverPrintsBothThrowawayCertificatesAndTls12TryLines() {
        String out = server.out.text();
        assertTrue(out.contains("certificate: CN=localhost (EC P-256)"), out);
        assertTrue(out.contains("certificate: CN=localhost (RSA 2048)"), out);
        assertTrue(out.contains(" -tls1_2 -cipher AES128-GCM-SHA256 -CAfile "), out);
        assertFalse(out.contains("-tls1_3"), out);
    }

    @Test
    void rsaKeyTransportGetsThePage() throws Exception {
        Object[] r = fetch(client(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        TlsSession session = (TlsSession) r[0];
        String page = (String) r[1];
        assertEquals("TLSv1.2", session.protocol());
        assertEquals(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, session.cipherSuite());
        assertNull(session.namedGroup());
        assertTrue(session.peerCertificates().get(0).getPublicKey() instanceof RSAPublicKey,
                "the engine must pick the RSA certificate for RSA key transport");
        assertTrue(page.startsWith("HTTP/1.1 200 OK\r\n"), page);
        assertTrue(hasRow(page, "protocol", "TLSv1.2"), page);
        assertTrue(hasRow(page, "cipher suite", "TLS_RSA_WITH_AES_128_GCM_SHA256"), page);
        assertTrue(hasRow(page, "group", "(RSA key transport)"), page);
        assertTrue(hasRow(page, "signature scheme", "(none: RSA key transport)"), page);
        assertTrue(hasRow(page, "extended master secret", "yes"), page);
        assertFalse(page.contains("encrypt_then_mac"), "only for CBC suites\n" + page);
        String log = server.out.await(
                "^#\\d+ 127\\.0\\.0\\.1:\\d+ TLSv1\\.2 TLS_RSA_WITH_AES_128_GCM_SHA256 .*$", 5_000).group();
        assertTrue(log.contains(" rsa-key-transport - extended_master_secret=yes"), log);
        server.out.await("^#\\d+ <<< ClientKeyExchange \\(258 bytes\\)", 5_000);
    }

    @Test
    void ecdheGetsTheEcCertificate() throws Exception {
        Object[] r = fetch(client());
        TlsSession session = (TlsSession) r[0];
        String page = (String) r[1];
        assertEquals("TLSv1.2", session.protocol());
        assertTrue(session.cipherSuite().name().startsWith("TLS_ECDHE_ECDSA_"), session.toString());
        assertTrue(hasRow(page, "group", session.namedGroup().toString()), page);
        assertTrue(hasRow(page, "signature scheme", session.signatureScheme().toString()), page);
        assertTrue(hasRow(page, "extended master secret", "yes"), page);
    }

    @Test
    void cbcShowsEncryptThenMac() throws Exception {
        Object[] r = fetch(client(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA));
        TlsSession session = (TlsSession) r[0];
        String page = (String) r[1];
        assertEquals(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, session.cipherSuite());
        assertTrue(hasRow(page, "encrypt_then_mac", session.encryptThenMac() ? "yes" : "no"), page);
        server.out.await("^#\\d+ 127\\.0\\.0\\.1:\\d+ TLSv1\\.2 TLS_RSA_WITH_AES_128_CBC_SHA rsa-key-transport - "
                + "extended_master_secret=yes encrypt_then_mac=(yes|no) resumed=no$", 5_000);
    }

    @Test
    void clientCommandWithCiphersSpeaksRsaKeyTransport() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(new ByteArrayInputStream(GET), out.printStream(), err.printStream()),
                "client", "localhost:" + server.port, "--cafile",
                dir.resolve("ca.pem").toString(), "--tls12", "--ciphers", "AES128-GCM-SHA256");
        assertEquals(0, exit, err.text());
        String info = err.text();
        assertTrue(hasRow(info, "protocol", "TLSv1.2"), info);
        assertTrue(hasRow(info, "cipher suite", "TLS_RSA_WITH_AES_128_GCM_SHA256"), info);
        assertTrue(hasRow(info, "group", "(RSA key transport)"), info);
        assertTrue(hasRow(info, "signature scheme", "(none: RSA key transport)"), info);
        assertTrue(hasRow(info, "extended master secret", "yes"), info);
        assertTrue(info.contains("key:     RSA 2048"), info);
        assertTrue(out.text().startsWith("HTTP/1.1 200 OK"), out.text());
    }

    @Test
    void clientCommandDefaultsNegotiateTls12WithEcdhe() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(new ByteArrayInputStream(GET), out.printStream(), err.printStream()),
                "client", "localhost:" + server.port, "--cafile",
                dir.resolve("ca.pem").toString());
        assertEquals(0, exit, err.text());
        assertTrue(hasRow(err.text(), "protocol", "TLSv1.2"), err.text());
        assertTrue(Pattern.compile("(?m)^cipher suite: +TLS_ECDHE_").matcher(err.text()).find(), err.text());
    }

    @Test
    void clientPinnedToTls13FailsAgainstATls12Server() {
        Capture err = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), new Capture().printStream(), err.printStream()),
                "client", "localhost:" + server.port, "--cafile", dir.resolve("ca.pem").toString(), "--tls13");
        assertEquals(1, exit, err.text());
        assertTrue(err.text().startsWith("parapet: "), err.text());
    }

    @Test
    void demoRsaWalksThroughTheRsaKeyExchange() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), err.printStream()),
                "demo", "--rsa");
        String text = out.text();
        assertEquals(0, exit, text + "\nstderr:\n" + err.text());
        // explanations are wrapped: join each side's continuation lines to their paragraph
        String joined = text.replaceAll("\n(client|server) {7}", " ");
        for (String regex : List.of(
                "TLS 1.2 with the RSA key exchange", "the server's certificate: CN=localhost \\(RSA 2048\\)",
                "^client >>> ClientHello", "^server >>> ServerHello .*TLS_RSA_WITH_AES_128_GCM_SHA256",
                "^server >>> Certificate ", "^server >>> ServerHelloDone",
                "^client >>> ClientKeyExchange \\(258 bytes\\)",
                "pre-master secret: 48 bytes .*0x03 0x03", "46 random bytes \\(never printed\\)",
                "RSA 2048 public key: 256 bytes of ciphertext \\(= the 256-byte modulus\\)",
                "^server <<< ClientKeyExchange \\(258 bytes\\)", "padding oracle", "fail only at the client's Finished",
                "master secret: 48 bytes", "extended master secret: yes",
                "client_write_key 16, server_write_key 16, client_write_IV 4, server_write_IV 4",
                "^client >>> ChangeCipherSpec", "^server <<< ChangeCipherSpec", "^server >>> ChangeCipherSpec",
                "^client <<< ChangeCipherSpec", "^client >>> Finished", "^server <<< Finished",
                "^server >>> Finished", "^client <<< Finished",
                "protocol:\\s+TLSv1.2", "group:\\s+\\(RSA key transport\\)",
                "signature scheme:\\s+\\(none: RSA key transport\\)",
                "^client >>> application data: \"hello from the client\"",
                "^client <<< application data: \"hello from the server\"",
                "server answered with close_notify")) {
            assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(joined).find(), regex + "\n" + text);
        }
        assertFalse(SECRET_96.matcher(text).find(), "something like a secret in hex:\n" + text);
        assertFalse(KEY_32.matcher(text).find(), "something like a key in hex:\n" + text);
        assertFalse(Pattern.compile("(?m)^server >>> ServerKeyExchange").matcher(text).find(),
                "RSA key transport has no ServerKeyExchange\n" + text);
    }

    @Test
    void demoTls12WalksThroughEcdhe() throws Exception {
        Capture out = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), new Capture().printStream()),
                "demo", "--tls12");
        String text = out.text();
        assertEquals(0, exit, text);
        for (String regex : List.of("^server >>> ServerKeyExchange", "^client >>> ClientKeyExchange",
                "forward secrecy", "protocol:\\s+TLSv1.2", "extended master secret:\\s+yes",
                "^client <<< application data: \"hello from the server\"")) {
            out.await(regex, 0);
        }
        assertFalse(SECRET_96.matcher(text).find(), text);
        assertFalse(KEY_32.matcher(text).find(), text);
    }
}
