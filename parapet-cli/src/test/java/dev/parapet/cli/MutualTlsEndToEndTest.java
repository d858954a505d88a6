package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutual TLS through the commands, in this process: {@code parapet server --client-ca ca.pem
 * --require-client-cert} (and without {@code --require-client-cert}: optional) against {@code parapet client --cert
 * c.pem --key k.pem}, TLS 1.3 and TLS 1.2. The page and the server's log line show the client's subject.
 */
@Timeout(60)
class MutualTlsEndToEndTest {
    private static final String GET = "GET / HTTP/1.0\r\n\r\n";
    private static final String SUBJECT = "CN=alice.client.test";

    @TempDir
    static Path dir;

    static EndToEndTest.RunningServer required;
    static EndToEndTest.RunningServer optional;
    /** The CA that issued the client certificates the servers trust. */
    static Path clientCa;
    /** {chain, key} of a client certificate issued by {@link #clientCa}, and of one from an unknown CA. */
    static Path[] alice;
    static Path[] mallory;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        clientCa = pki.writeCaPem(dir);
        alice = TestPki.writeChainAndKey(pki.leaf(KeyType.ECDSA_P256).commonName("alice.client.test").issue(), dir);
        mallory = TestPki.writeChainAndKey(TestPki.create(KeyType.ECDSA_P256).leaf(KeyType.ECDSA_P256)
                .commonName("mallory.client.test").issue(), dir);
        required = new EndToEndTest.RunningServer("--port", "0", "--ca-out", dir.resolve("ca-required.pem").toString(),
                "--client-ca", clientCa.toString(), "--require-client-cert");
        optional = new EndToEndTest.RunningServer("--port", "0", "--ca-out", dir.resolve("ca-optional.pem").toString(),
                "--client-ca", clientCa.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (required != null) {
            required.stop();
        }
        if (optional != null) {
            optional.stop();
        }
    }

    /** {@code parapet client localhost:PORT --cafile <server CA> [args]} with GET / on stdin: {exit, stdout, stderr}. */
    private static Object[] client(EndToEndTest.RunningServer server, String caName, String... args) {
        Capture out = new Capture();
        Capture err = new Capture();
        List<String> argv = new ArrayList<>(List.of("client", "localhost:" + server.port, "--cafile",
                dir.resolve(caName).toString()));
        argv.addAll(List.of(args));
        int exit = Main.run(new Io(new ByteArrayInputStream(GET.getBytes(StandardCharsets.US_ASCII)),
                out.printStream(), err.printStream()), argv.toArray(String[]::new));
        return new Object[] {exit, out.text(), err.text()};
    }

    private static boolean hasRow(String text, String label, String value) {
        return Pattern.compile("(?m)^" + Pattern.quote(label + ":") + " +" + Pattern.quote(value) + "$")
                .matcher(text).find();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void serverSaysItAsksForClientCertificates() {
        String out = required.out.text();
        assertTrue(out.contains("client certificates: required, issued by CN=Parapet Test Root CA ECDSA_P256 "),
                out);
        assertTrue(out.contains(" (from " + clientCa + ")\n"), out);
        assertTrue(out.contains(" -cert CLIENT.pem -key CLIENT-KEY.pem"), out);
        String optionalOut = optional.out.text();
        assertTrue(optionalOut.contains("client certificates: optional, issued by "), optionalOut);
        assertFalse(optionalOut.contains("-cert CLIENT.pem"), optionalOut);
    }

    @ParameterizedTest(name = "--{0}")
    @ValueSource(strings = {"tls13", "tls12"})
    void requiredAndTrustedGetsThePageShowingItsSubject(String version) throws Exception {
        Object[] r = client(required, "ca-required.pem", "--" + version, "--cert", alice[0].toString(),
                "--key", alice[1].toString());
        String page = (String) r[1];
        String err = (String) r[2];
        assertEquals(0, r[0], err);
        assertTrue(page.startsWith("HTTP/1.1 200 OK\r\n"), page);
        assertTrue(hasRow(page, "protocol", version.equals("tls13") ? "TLSv1.3" : "TLSv1.2"), page);
        assertTrue(hasRow(page, "client certificate", SUBJECT + " (verified)"), page);
        assertTrue(hasRow(err, "client certificate", SUBJECT + " (sent)"), err);
        String log = required.out.await("^#\\d+ 127\\.0\\.0\\.1:\\d+ "
                + (version.equals("tls13") ? "TLSv1\\.3" : "TLSv1\\.2") + " .* client-cert=CN=alice\\.client\\.test "
                + "\\(verified\\) resumed=no$", 5_000).group();
        assertTrue(log.contains(" sni=localhost "), log);
    }

    @Test
    void requiredAndMissingFailsWithCertificateRequiredInTls13() throws Exception {
        required.err.reset();
        Object[] r = client(required, "ca-required.pem", "--tls13");
        String err = (String) r[2];
        assertEquals(1, r[0], err);
        // TLS 1.3: our Finished is sent before the server's verdict, so the refusal is the last line
        String last = lastLine(err);
        assertTrue(last.startsWith("parapet: ") && last.contains("certificate_required"), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("parapet: ")).count(), err);
        assertTrue(((String) r[1]).isEmpty(), (String) r[1]);
        required.err.await("^handshake failed from 127\\.0\\.0\\.1:\\d+: client sent no certificate, which this "
                + "server requires$", 5_000);
    }

    @Test
    void requiredAndMissingFailsWithHandshakeFailureInTls12() throws Exception {
        Object[] r = client(required, "ca-required.pem", "--tls12");
        String err = (String) r[2];
        assertEquals(1, r[0], err);
        // TLS 1.2: the server's verdict comes before its Finished, so the handshake itself fails: one line
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("parapet: ") && err.contains("handshake_failure"), err);
        assertTrue(((String) r[1]).isEmpty(), (String) r[1]);
    }

    @ParameterizedTest(name = "--{0}")
    @ValueSource(strings = {"tls13", "tls12"})
    void anUntrustedClientCertificateIsRefusedWithUnknownCa(String version) {
        Object[] r = client(optional, "ca-optional.pem", "--" + version, "--cert", mallory[0].toString(),
                "--key", mallory[1].toString());
        String err = (String) r[2];
        assertEquals(1, r[0], err);
        assertTrue(lastLine(err).startsWith("parapet: ") && lastLine(err).contains("unknown_ca"), err);
    }

    @ParameterizedTest(name = "--{0}")
    @ValueSource(strings = {"tls13", "tls12"})
    void optionalServesBoth(String version) throws Exception {
        Object[] with = client(optional, "ca-optional.pem", "--" + version, "--cert", alice[0].toString(),
                "--key", alice[1].toString());
        assertEquals(0, with[0], (String) with[2]);
        assertTrue(hasRow((String) with[1], "client certificate", SUBJECT + " (verified)"), (String) with[1]);

        Object[] without = client(optional, "ca-optional.pem", "--" + version);
        String page = (String) without[1];
        assertEquals(0, without[0], (String) without[2]);
        assertTrue(page.startsWith("HTTP/1.1 200 OK\r\n"), page);
        assertTrue(hasRow(page, "client certificate", "(none)"), page);
        // without --cert the client's own description stays as before
        assertFalse(((String) without[2]).contains("client certificate"), (String) without[2]);
        optional.out.await("^#\\d+ 127\\.0\\.0\\.1:\\d+ " + (version.equals("tls13") ? "TLSv1\\.3" : "TLSv1\\.2")
                + " .* client-cert=\\(none\\) resumed=no$", 5_000);
    }

    @Test
    void aServerWithoutClientCaShowsNoClientCertificateRow() throws Exception {
        // the plain server of EndToEndTest's kind: neither the log line nor the page change
        EndToEndTest.RunningServer plain = new EndToEndTest.RunningServer("--port", "0", "--ca-out",
                dir.resolve("ca-plain.pem").toString());
        try {
            Object[] r = client(plain, "ca-plain.pem", "--cert", alice[0].toString(), "--key", alice[1].toString());
            assertEquals(0, r[0], (String) r[2]);
            assertFalse(((String) r[1]).contains("client certificate"), (String) r[1]);
            // the server did not ask, so nothing was sent
            assertTrue(hasRow((String) r[2], "client certificate", "(none sent)"), (String) r[2]);
            String log = plain.out.await("^#1 127\\.0\\.0\\.1:\\d+ TLSv1\\.3 .*$", 5_000).group();
            assertFalse(log.contains("client-cert"), log);
        } finally {
            plain.stop();
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Capture err = new Capture();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new Capture().printStream(), err.printStream());
        assertEquals(2, Main.run(io, "server", "--require-client-cert"));
        assertTrue(err.text().startsWith("parapet: --require-client-cert needs --client-ca"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "server", "--client-ca", dir.resolve("missing.pem").toString()));
        assertTrue(err.text().startsWith("parapet: cannot read --client-ca "), err.text());
        err.reset();
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertEquals(2, Main.run(io, "server", "--client-ca", empty.toString()));
        assertTrue(err.text().startsWith("parapet: "), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "client", "localhost:1", "--cert", alice[0].toString()));
        assertTrue(err.text().startsWith("parapet: ") && err.text().contains("--key"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "client", "localhost:1", "--key", alice[1].toString()));
        assertTrue(err.text().startsWith("parapet: ") && err.text().contains("--cert"), err.text());
        err.reset();
        // a --key file that holds no key
        assertEquals(2, Main.run(io, "client", "localhost:1", "--cert", alice[0].toString(),
                "--key", alice[0].toString()));
        assertTrue(err.text().startsWith("parapet: cannot load --cert "), err.text());
    }
}
