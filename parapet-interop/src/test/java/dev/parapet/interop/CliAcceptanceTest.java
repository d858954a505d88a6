package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance criteria of the {@code parapet} command line, checked with the real command as users run it: the
 * shaded {@code parapet-cli/target/parapet.jar} started with {@code java -jar} as a separate process, against
 * {@code openssl s_client}, {@code openssl s_server -www} and {@code gnutls-serv --http}. The verdicts read are the
 * peers' own (s_client's summary, the s_server/gnutls-serv pages) and what the command prints (the status page,
 * stdout/stderr, the exit code).
 *
 * <p>One {@code parapet server} process serves the whole class; it is started in {@link #startServer()} and killed
 * in {@link #stopServer()} (so there is no per-test {@code PeerProcess.killAll()}, which would kill it too). Every
 * other process is closed (killed) by try-with-resources and has a deadline.
 *
 * <p>The jar is built by the reactor (parapet-interop depends on parapet-cli, so parapet-cli is packaged first in
 * {@code ./mvnw verify}); a missing or stale jar fails the class, it never skips it.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String REQUEST = ParapetClient.REQUEST; // GET / HTTP/1.0 CRLF CRLF

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;
    static String gnutlsServ;
    static Path jar;
    /** {@code parapet server --port P --ca-out <tmp>/ca.pem}, for the whole class. */
    static PeerProcess server;
    static Path serverCa;

    @BeforeAll
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void startServer() throws Exception {
        openssl = PeerProcess.requireBinary("openssl");
        gnutlsServ = PeerProcess.requireBinary("gnutls-serv");
        jar = requireJar();
        fx = new Fixtures(tmp);
        serverCa = tmp.resolve("ca.pem");
        server = PeerProcess.startServer(tmp,
                port -> parapet("server", "--port", Integer.toString(port), "--ca-out", serverCa.toString()),
                port -> "listening on 127.0.0.1:" + port + " (HTTP/1.x)");
        String out = server.stdout();
        assertTrue(out.contains("CA certificate: " + serverCa), server.describe());
        assertTrue(Files.isRegularFile(serverCa), "--ca-out file not written\n" + server.describe());
        assertTrue(Files.readString(serverCa).startsWith("-----BEGIN CERTIFICATE-----"), Files.readString(serverCa));
    }

    @AfterAll
    static void stopServer() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            PeerProcess.killAll(); // anything a timed-out test thread left behind
        }
    }

    // ---- the jar

    /**
     * {@code ../parapet-cli/target/parapet.jar} seen from this module's directory. Fails when it is missing, and
     * when a source or pom of parapet-tls or parapet-cli is newer (the launcher's staleness rule): testing an old
     * build would pass or fail for the wrong reasons.
     */
    static Path requireJar() throws IOException {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path root = moduleDir.resolve("..").normalize();
        Path jarPath = root.resolve("parapet-cli/target/parapet.jar");
        String build = "build it through the reactor first, e.g. ./mvnw -B verify at the root, or "
                + "./mvnw -B -pl parapet-tls,parapet-cli install -DskipTests";
        if (!Files.isRegularFile(jarPath)) {
            fail("the parapet CLI jar is missing: " + jarPath + "; " + build);
        }
        FileTime built = Files.getLastModifiedTime(jarPath);
        for (String p : List.of("pom.xml", "parapet-tls/pom.xml", "parapet-cli/pom.xml", "parapet-tls/src/main",
                "parapet-cli/src/main")) {
            Path start = root.resolve(p);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                Optional<Path> newer = files.filter(Files::isRegularFile).filter(f -> {
                    try {
                        return Files.getLastModifiedTime(f).compareTo(built) > 0;
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst();
                if (newer.isPresent()) {
                    fail("the parapet CLI jar " + jarPath + " is older than " + newer.get() + "; " + build);
                }
            }
        }
        return jarPath;
    }

    /** {@code java -jar parapet.jar ARGS...}, with the java of the JDK running the tests. */
    static List<String> parapet(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code parapet client ARGS...} with {@code stdin}, until it exits by itself. */
    private static Run parapetClient(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("client"));
        cmd.addAll(List.of(args));
        try (PeerProcess client = PeerProcess.start(tmp, parapet(cmd.toArray(new String[0])))) {
            if (!stdin.isEmpty()) {
                client.send(stdin);
            }
            client.closeStdin();
            int code = client.awaitExit(WAIT);
            return new Run(code, client.stdout(), client.stderr(), client.describe());
        }
    }

    record Run(int exitCode, String stdout, String stderr, String described) {
    }

    // ---- helpers

    /** The row the status page and the client's stderr print: {@code label:} padded to 18 columns, then value. */
    private static Pattern row(String label, String value) {
        return Pattern.compile("(?m)^" + Pattern.quote(label + ":") + " +" + Pattern.quote(value) + "\r?$");
    }

    private static boolean hasRow(String text, String label, String value) {
        return row(label, value).matcher(text).find();
    }

    /** The value of a {@code label: value} row, or fails. */
    private static String rowValue(String text, String label, String context) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label + ":") + " +(\\S+)").matcher(text);
        if (!m.find()) {
            fail("no '" + label + ":' line\n" + context);
        }
        return m.group(1);
    }

    /**
     * {@code openssl s_client} to the class's Parapet server, as in the acceptance criteria, with {@code GET /} on
     * stdin. {@code -ign_eof}: without it s_client ends the connection at the end of its stdin, possibly before
     * the response arrived. Returns s_client's output after it exited (the server closes after an HTTP/1.0 answer).
     */
    private static String sClient(String... extra) throws Exception {
        return sClient(server.port(), serverCa, extra);
    }

    private static String sClient(int port, Path ca, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port,
                "-tls1_3", "-CAfile", ca.toString(), "-verify_hostname", Fixtures.HOST));
        cmd.addAll(List.of(extra));
        cmd.add("-ign_eof");
        try (PeerProcess client = PeerProcess.start(tmp, cmd)) {
            client.send(REQUEST);
            client.closeStdin();
            int code = client.awaitExit(WAIT);
            String out = client.output();
            assertEquals(0, code, client.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), client.describe());
            assertTrue(out.contains("HTTP/1.1 200 OK"), "no status page\n" + client.describe());
            assertTrue(out.contains("<h1>Hello from Parapet</h1>"), "no status page\n" + client.describe());
            assertTrue(hasRow(out, "protocol", "TLSv1.3"), "the page does not list the protocol\n" + out);
            return out;
        }
    }

    /**
     * The server's log line for the connection the status page says it was ({@code Request 1 on connection #N from
     * 127.0.0.1:P}): {@code #N 127.0.0.1:P TLSv1.3 SUITE GROUP ...}.
     */
    private static String serverLogLine(String page) throws InterruptedException {
        Matcher m = Pattern.compile("on connection (#\\d+) from (\\S+): ").matcher(page);
        assertTrue(m.find(), "the status page does not name the connection\n" + page);
        String prefix = m.group(1) + " " + m.group(2) + " ";
        String log = server.awaitOutput("the log line of " + m.group(1),
                o -> o.lines().anyMatch(l -> l.startsWith(prefix)), WAIT);
        return log.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    // ---- 1. openssl s_client against `parapet server`

    static Stream<Arguments> suitesAndGroups() {
        List<Arguments> args = new ArrayList<>();
        for (CipherSuite s : CipherSuite.tls13()) {
            for (NamedGroup g : NamedGroup.values()) {
                args.add(Arguments.of(s, g));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "s_client -> parapet server: {0} {1}")
    @MethodSource("suitesAndGroups")
    void serverSuiteAndGroup(CipherSuite suite, NamedGroup group) throws Exception {
        String out = sClient("-ciphersuites", suite.name(), "-groups", Fixtures.opensslGroup(group));

        assertTrue(out.contains("New, TLSv1.3, Cipher is " + suite.name()), out);
        assertTrue(out.contains(Fixtures.opensslTempKey(group)), out);
        // the status page: exactly this suite and group (no "(after HelloRetryRequest)": s_client key-shared it)
        assertTrue(hasRow(out, "cipher suite", suite.name()), "the page does not list " + suite + "\n" + out);
        assertTrue(hasRow(out, "group", group.rfcName()), "the page does not list " + group + "\n" + out);
        String log = serverLogLine(out);
        assertTrue(log.contains(" TLSv1.3 " + suite.name() + " " + group.rfcName() + " "), log);
        assertFalse(log.contains("HelloRetryRequest"), log);
    }

    /**
     * A HelloRetryRequest through the CLI with the default groups: the client's key share guess is X448, which the
     * server does not support, so it must ask for x25519.
     */
    @Test
    void serverHelloRetryRequest() throws Exception {
        String out = sClient("-groups", "X448:x25519", "-trace");

        assertEquals(2, OpensslServerInteropTest.count(out, "ClientHello, Length="),
                "s_client should have sent a second ClientHello after a HelloRetryRequest\n" + out);
        assertTrue(out.contains(Fixtures.opensslTempKey(NamedGroup.X25519)), out);
        assertTrue(out.contains("New, TLSv1.3, Cipher is "), out);
        assertTrue(hasRow(out, "group", "x25519 (after HelloRetryRequest)"), out);
        String log = serverLogLine(out);
        assertTrue(log.contains(" x25519 ") && log.endsWith("(after HelloRetryRequest)"), log);
    }

    /** {@code parapet server --groups secp384r1} asks a client that key-shared x25519 for a P-384 share. */
    @Test
    void serverGroupsOptionForcesHelloRetryRequest() throws Exception {
        Path ca = tmp.resolve("ca-groups.pem");
        try (PeerProcess restricted = PeerProcess.startServer(tmp,
                port -> parapet("server", "--port", Integer.toString(port), "--ca-out", ca.toString(),
                        "--groups", "secp384r1"),
                port -> "listening on 127.0.0.1:" + port + " (HTTP/1.x)")) {
            String out = sClient(restricted.port(), ca, "-groups", "x25519:P-384", "-trace");
            assertEquals(2, OpensslServerInteropTest.count(out, "ClientHello, Length="),
                    "s_client should have sent a second ClientHello after a HelloRetryRequest\n" + out);
            assertTrue(out.contains(Fixtures.opensslTempKey(NamedGroup.SECP384R1)), out);
            assertTrue(hasRow(out, "group", "secp384r1 (after HelloRetryRequest)"), out);
        }
    }

    // ---- 2. `parapet client` against openssl s_server -www

    @Test
    void clientAgainstOpensslServer() throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        try (PeerProcess sServer = PeerProcess.startServer(tmp, port -> List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, "-tls1_3", "-www",
                "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString()))) {
            Run r = parapetClient(REQUEST, "127.0.0.1:" + sServer.port(), "--cafile", fx.caPem().toString(),
                    "--servername", Fixtures.HOST);

            assertEquals(0, r.exitCode(), r.described() + "\n" + sServer.describe());
            assertTrue(r.stdout().contains("Ciphers supported in s_server binary"),
                    "stdout lacks the s_server page\n" + r.described());
            assertTrue(hasRow(r.stderr(), "protocol", "TLSv1.3"), r.described());
            String suite = rowValue(r.stderr(), "cipher suite", r.described());
            assertTrue(r.stdout().contains("New, TLSv1.3, Cipher is " + suite),
                    "s_server saw another suite than the client reports\n" + r.described());
            assertTrue(r.stderr().contains("verified for localhost against " + fx.caPem()), r.described());
            assertTrue(hasRow(r.stderr(), "SNI", Fixtures.HOST), r.described());
            // OpenSSL 3's s_server -www ends with close_notify: no truncation warning, nothing but the session
            assertFalse(r.stderr().contains("warning"), r.described());
            assertFalse(r.stdout().contains("protocol:"), "the session description belongs on stderr\n"
                    + r.described());
        }
    }

    // ---- 3. `parapet client` against gnutls-serv --http

    @Test
    void clientAgainstGnutlsServer() throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(KeyType.ECDSA_P256);
        try (PeerProcess gServer = PeerProcess.startServer(tmp, port -> List.of(gnutlsServ, "--http",
                "-p", Integer.toString(port),
                "--x509certfile", chainAndKey[0].toString(), "--x509keyfile", chainAndKey[1].toString()))) {
            Run r = parapetClient(REQUEST, "127.0.0.1:" + gServer.port(), "--cafile", fx.caPem().toString(),
                    "--servername", Fixtures.HOST);

            assertEquals(0, r.exitCode(), r.described() + "\n" + gServer.describe());
            String page = r.stdout();
            assertTrue(page.contains("This is <a href=\"http://www.gnu.org/software/gnutls\">GnuTLS</a>"),
                    "stdout lacks the gnutls-serv page\n" + r.described());
            assertTrue(page.contains("<TD>Protocol version:</TD><TD>TLS1.3</TD>"), r.described());
            assertTrue(hasRow(r.stderr(), "protocol", "TLSv1.3"), r.described());
            CipherSuite suite = CipherSuite.valueOf(rowValue(r.stderr(), "cipher suite", r.described()));
            NamedGroup group = NamedGroup.fromName(rowValue(r.stderr(), "group", r.described()));
            assertTrue(page.contains("(TLS1.3-X.509)-" + Fixtures.gnutlsKx(group)), r.described());
            assertTrue(page.contains("-(" + Fixtures.gnutlsCipher(suite) + ")</TD>"), r.described());
            assertTrue(page.contains("Server Name: " + Fixtures.HOST), r.described());
            assertFalse(r.stderr().contains("warning"), r.described());
        }
    }

    // ---- 4. a wrong --servername

    @Test
    void clientNameMismatch() throws Exception {
        Run r = parapetClient("", "127.0.0.1:" + server.port(), "--cafile", serverCa.toString(),
                "--servername", "wrong.example");

        assertEquals(1, r.exitCode(), r.described());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), "stderr must be exactly one line\n" + r.described());
        assertTrue(lines.get(0).startsWith("parapet: "), r.described());
        assertTrue(lines.get(0).contains("server name mismatch: asked for wrong.example; certificate names localhost"),
                r.described());
        assertEquals("", r.stdout(), r.described());
        // and the server shrugs it off: one log line, and it keeps serving (the other tests use it too)
        server.awaitOutput("handshake failed from 127.0.0.1:", WAIT);
        assertTrue(server.isAlive(), server.describe());
    }
}
