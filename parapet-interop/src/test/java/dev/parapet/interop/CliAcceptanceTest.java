package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance criteria of the {@code parapet} command line, checked with the real command as users run it: the
 * shaded {@code parapet-cli/target/parapet.jar} started with {@code java -jar} as a separate process, against
 * {@code openssl s_client}, {@code openssl s_server -www} and {@code gnutls-serv --http}. The verdicts read are the
 * peers' own (s_client's summary, the s_server/gnutls-serv pages) and what the command prints (the status page,
 * stdout/stderr, the exit code).
 *
 * <p>One {@code parapet server} process and one {@code parapet server --legacy} (its own port and CA, for issue 3's
 * TLS 1.2 acceptance) serve the whole class; they are started in {@link #startServer()} and killed in
 * {@link #stopServer()} (so there is no per-test {@code PeerProcess.killAll()}, which would kill them too). Every
 * other process is closed (killed) by try-with-resources and has a deadline. The TLS 1.2 client matrices (a peer
 * server and a {@code parapet client} JVM per suite) run their cases on a few threads.
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
    /** {@code parapet server --legacy --port Q --ca-out <tmp>/ca-legacy.pem}: its own port and CA. */
    static PeerProcess legacyServer;
    static Path legacyCa;

    @BeforeAll
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void startServer() throws Exception {
        openssl = PeerProcess.requireBinary("openssl");
        gnutlsServ = PeerProcess.requireBinary("gnutls-serv");
        jar = requireJar();
        fx = new Fixtures(tmp);
        serverCa = tmp.resolve("ca.pem");
        legacyCa = tmp.resolve("ca-legacy.pem");
        // the two servers start side by side (the legacy one makes an RSA key too)
        ExecutorService starter = Executors.newSingleThreadExecutor();
        Future<PeerProcess> legacy = starter.submit(() -> PeerProcess.startServer(tmp,
                port -> parapet("server", "--legacy", "--port", Integer.toString(port), "--ca-out",
                        legacyCa.toString()),
                port -> "listening on 127.0.0.1:" + port + " (HTTP/1.x)"));
        starter.shutdown();
        server = PeerProcess.startServer(tmp,
                port -> parapet("server", "--port", Integer.toString(port), "--ca-out", serverCa.toString()),
                port -> "listening on 127.0.0.1:" + port + " (HTTP/1.x)");
        try {
            legacyServer = legacy.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err; // an AssertionError from startServer: the server did not come up
            }
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        String legacyOut = legacyServer.stdout();
        // --legacy without --key-type or --cert: both throwaway certificates, EC first
        assertTrue(legacyOut.contains("CA certificate: " + legacyCa), legacyServer.describe());
        assertTrue(legacyOut.contains("certificate: CN=localhost (EC P-256)"), legacyServer.describe());
        assertTrue(legacyOut.contains("certificate: CN=localhost (RSA 2048)"), legacyServer.describe());
        assertTrue(Files.isRegularFile(legacyCa), "--ca-out file not written\n" + legacyServer.describe());
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
            if (legacyServer != null) {
                legacyServer.close();
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
                "parapet-cli/src/main", "parapet-redis/pom.xml", "parapet-redis/src/main")) {
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

    /**
     * {@code java -jar parapet.jar ARGS...}, with the java of the JDK running the tests, and the JVM flags the
     * {@code ./parapet} launcher gives short-lived verbs ({@code client}, {@code demo}: C1 only, serial GC), which
     * also keeps the many client runs of the TLS 1.2 matrix quick.
     */
    static List<String> parapet(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (args.length > 0 && (args[0].equals("client") || args[0].equals("demo"))) {
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
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
        return serverLogLine(server, page);
    }

    private static String serverLogLine(PeerProcess server, String page) throws InterruptedException {
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
        assertTrue(log.contains(" x25519 ") && log.endsWith("(after HelloRetryRequest) resumed=no"), log);
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
        assertTrue(lines.get(0).contains("name mismatch: asked for wrong.example; certificate names localhost"),
                r.described());
        assertEquals("", r.stdout(), r.described());
        // and the server shrugs it off: one log line, and it keeps serving (the other tests use it too)
        server.awaitOutput("handshake failed from 127.0.0.1:", WAIT);
        assertTrue(server.isAlive(), server.describe());
    }

    // ---- 5. TLS 1.2: openssl s_client -tls1_2 against `parapet server --legacy` (issue 3's acceptance)

    /**
     * {@code openssl s_client -tls1_2 -cipher NAME} against the legacy server, as in the acceptance criteria: RSA key
     * transport with AES-GCM and with CBC, ECDHE_ECDSA and ECDHE_RSA. The server holds an EC and an RSA certificate
     * and must present the one the suite needs: s_client's "Server public key is 2048 bit" (RSA) or "256 bit" (EC
     * P-256), and the leaf's key in its chain listing.
     */
    @ParameterizedTest(name = "s_client -tls1_2 -> parapet server --legacy: {0}")
    @ValueSource(strings = {"AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "AES128-SHA"})
    void legacyServerTls12(String opensslName) throws Exception {
        CipherSuite suite = CipherSuite.fromName(opensslName);
        assertEquals(opensslName, suite.opensslName());
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + legacyServer.port(),
                "-tls1_2", "-cipher", opensslName, "-CAfile", legacyCa.toString(), "-servername", Fixtures.HOST,
                "-verify_hostname", Fixtures.HOST, "-ign_eof"));
        String out;
        try (PeerProcess client = PeerProcess.start(tmp, cmd)) {
            client.send(REQUEST);
            client.closeStdin();
            int code = client.awaitExit(WAIT);
            out = client.output();
            String why = client.describe() + "\n" + legacyServer.describe();
            assertEquals(0, code, why);
            assertTrue(out.contains("Verify return code: 0 (ok)"), why);
            assertTrue(out.contains("Verified peername: " + Fixtures.HOST), why);
            assertTrue(out.contains("Protocol  : TLSv1.2"), why);
            // "New, TLSv1.2, Cipher is X" for most suites; OpenSSL says "SSLv3" for suites as old as AES128-SHA
            assertTrue(out.contains(", Cipher is " + opensslName + "\n"), why);
            assertTrue(out.contains("Cipher    : " + opensslName), why);
            assertTrue(out.contains("Extended master secret: yes"), why);
            // the right certificate
            boolean rsaCert = Tls12Names.keyTypeFor(suite) == KeyType.RSA_2048;
            assertTrue(out.contains(rsaCert ? "Server public key is 2048 bit" : "Server public key is 256 bit"), why);
            String leafKey = opensslLeafKey(out, why);
            assertTrue(leafKey.startsWith(rsaCert ? "rsaEncryption, 2048 (bit)" : "id-ecPublicKey, 256 (bit)"),
                    leafKey + "\n" + why);
            // the status page: the same session, from the server's side
            assertTrue(out.contains("HTTP/1.1 200 OK"), "no status page\n" + why);
            assertTrue(out.contains("<h1>Hello from Parapet</h1>"), "no status page\n" + why);
            assertTls12Rows(out, suite, why);
            assertTrue(hasRow(out, "SNI", Fixtures.HOST), why);
        }
        String log = serverLogLine(legacyServer, out);
        String kx = suite.keyExchange() == KeyExchangeAlgorithm.RSA ? "rsa-key-transport -"
                : "(x25519|secp256r1|secp384r1) " + (suite.keyExchange() == KeyExchangeAlgorithm.ECDHE_ECDSA
                        ? "ecdsa_" : "rsa_") + "\\S+";
        assertTrue(Pattern.compile(" TLSv1\\.2 " + suite.name() + " " + kx + " ").matcher(log).find(), log);
        assertTrue(log.contains(" extended_master_secret=yes"), log);
        assertEquals(Tls12Names.isCbc(suite), log.contains(" encrypt_then_mac=yes"), log);
    }

    /** The key of certificate 0 in s_client's "Certificate chain" listing ({@code a:PKEY: ...}). */
    private static String opensslLeafKey(String out, String why) {
        Matcher m = Pattern.compile("(?m)^ 0 s:.*\n(?:.*\n)*?\\s+a:PKEY: (.*)$").matcher(out);
        if (!m.find()) {
            fail("no leaf key in s_client's chain listing\n" + why);
        }
        return m.group(1);
    }

    /**
     * The TLS 1.2 rows of a session description (the client's stderr or the status page): protocol, suite, group
     * and signature scheme as the key exchange has them, extended master secret, and encrypt_then_mac for CBC only
     * (both peers here offer it, so it must be on).
     */
    private static void assertTls12Rows(String text, CipherSuite suite, String why) {
        assertTrue(hasRow(text, "protocol", "TLSv1.2"), why);
        assertTrue(hasRow(text, "cipher suite", suite.name()), "expected " + suite + "\n" + why);
        String group = rowValue(text, "group", why);
        String scheme = rowValue(text, "signature scheme", why);
        switch (suite.keyExchange()) {
            case RSA:
                assertTrue(hasRow(text, "group", "(RSA key transport)"), why);
                assertTrue(hasRow(text, "signature scheme", "(none: RSA key transport)"), why);
                break;
            case ECDHE_ECDSA:
                assertTrue(List.of("x25519", "secp256r1", "secp384r1").contains(group), group + "\n" + why);
                assertTrue(scheme.startsWith("ecdsa_"), scheme + "\n" + why);
                break;
            case ECDHE_RSA:
                assertTrue(List.of("x25519", "secp256r1", "secp384r1").contains(group), group + "\n" + why);
                assertTrue(scheme.startsWith("rsa_"), scheme + "\n" + why);
                break;
            default:
                fail(suite + " is not a TLS 1.2 suite");
        }
        assertTrue(hasRow(text, "extended master secret", "yes"), why);
        if (Tls12Names.isCbc(suite)) {
            assertTrue(hasRow(text, "encrypt_then_mac", "yes"), why);
        } else {
            assertFalse(text.contains("encrypt_then_mac:"), "an AEAD suite has no encrypt_then_mac row\n" + why);
        }
    }

    /** The {@code key:} line of certificate 0 in the client's chain description, e.g. "RSA 2048", "EC P-256". */
    private static String clientLeafKey(String stderr, String why) {
        Matcher m = Pattern.compile("(?m)^ 0 subject: .*\n(?:.*\n)*?   key: +(.*?)\r?$").matcher(stderr);
        if (!m.find()) {
            fail("no leaf key in the client's chain description\n" + why);
        }
        return m.group(1);
    }

    private static String keyDescription(KeyType type) {
        return type == KeyType.RSA_2048 ? "RSA 2048" : "EC P-256";
    }

    // ---- 6. TLS 1.2: `parapet client --tls12` against openssl s_server -tls1_2 -www and gnutls-serv --http

    @FunctionalInterface
    interface Case<T> {
        void run(T value) throws Exception;
    }

    /**
     * Runs {@code body} for every case on a few threads (each case starts a peer server and a client JVM; the JVM
     * start is the cost) and fails listing every failed case, not just the first. Each case closes its processes.
     */
    private static <T> void runAll(String what, List<T> cases, Case<T> body) throws InterruptedException {
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<T, Future<?>> futures = new LinkedHashMap<>();
            for (T c : cases) {
                futures.put(c, pool.submit(() -> {
                    body.run(c);
                    return null;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Map.Entry<T, Future<?>> e : futures.entrySet()) {
                try {
                    e.getValue().get();
                } catch (ExecutionException ex) {
                    failures.add("--- " + e.getKey() + ": " + ex.getCause());
                }
            }
            if (!failures.isEmpty()) {
                fail(failures.size() + " of " + cases.size() + " " + what + " failed:\n"
                        + String.join("\n\n", failures));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The suites on in TLS 1.2 by default: ECDHE_ECDSA and ECDHE_RSA with AES-GCM and ChaCha20-Poly1305. */
    static List<CipherSuite> defaultTls12() {
        return CipherSuite.tls12().stream().filter(s -> !s.isLegacy()).toList();
    }

    /** RSA key transport and CBC: on with --legacy. */
    static List<CipherSuite> legacyTls12() {
        return CipherSuite.tls12().stream().filter(CipherSuite::isLegacy).toList();
    }

    @Test
    void tls12SuiteLists() {
        assertEquals(6, defaultTls12().size(), defaultTls12().toString());
        assertEquals(13, legacyTls12().size(), legacyTls12().toString());
    }

    /** The client's options for a suite: a default suite by --ciphers NAME, a legacy one by --legacy alone. */
    private static List<String> clientSuiteOptions(CipherSuite suite, String name) {
        return suite.isLegacy() ? List.of("--legacy") : List.of("--ciphers", name);
    }

    /**
     * {@code parapet client --tls12} against {@code openssl s_server -tls1_2 -cipher NAME -www} with the
     * certificate the suite needs: exit 0, s_server's page (its own verdict on protocol, suite and EMS), the
     * session rows on stderr and the server's certificate.
     */
    private static void clientAgainstSServerTls12(CipherSuite suite, List<String> clientOptions) throws Exception {
        KeyType type = Tls12Names.keyTypeFor(suite);
        Path[] chainAndKey = fx.chainAndKey(type);
        try (PeerProcess sServer = PeerProcess.startServer(tmp, port -> List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, "-tls1_2", "-cipher", suite.opensslName(), "-www",
                "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString()))) {
            List<String> args = new ArrayList<>(List.of("127.0.0.1:" + sServer.port(), "--cafile",
                    fx.caPem().toString(), "--servername", Fixtures.HOST, "--tls12"));
            args.addAll(clientOptions);
            Run r = parapetClient(REQUEST, args.toArray(new String[0]));
            String why = r.described() + "\n" + sServer.describe();
            assertEquals(0, r.exitCode(), why);
            String page = r.stdout();
            assertTrue(page.contains("Ciphers supported in s_server binary"), "no s_server page\n" + why);
            assertTrue(page.contains("Protocol  : TLSv1.2"), why);
            assertTrue(page.contains("Cipher    : " + suite.opensslName()), why);
            assertTrue(page.contains(", Cipher is " + suite.opensslName() + "\n"), why);
            assertTrue(page.contains("Extended master secret: yes"), why);
            assertTls12Rows(r.stderr(), suite, why);
            assertTrue(hasRow(r.stderr(), "SNI", Fixtures.HOST), why);
            assertTrue(r.stderr().contains("verified for localhost against " + fx.caPem()), why);
            assertEquals(keyDescription(type), clientLeafKey(r.stderr(), why), why);
            assertFalse(r.stderr().contains("warning"), why);
            assertFalse(page.contains("protocol:"), "the session description belongs on stderr\n" + why);
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void clientTls12AgainstOpensslServer() throws Exception {
        fx.chainAndKey(KeyType.RSA_2048); // make the RSA key once, before the threads want it
        fx.chainAndKey(KeyType.ECDSA_P256);
        List<CipherSuite> suites = new ArrayList<>(defaultTls12());
        suites.addAll(legacyTls12());
        runAll("parapet client --tls12 -> openssl s_server -tls1_2 runs", suites,
                s -> clientAgainstSServerTls12(s, clientSuiteOptions(s, s.opensslName())));
    }

    /** Legacy suites are off by default: without --legacy the client does not offer AES128-SHA. */
    @Test
    void clientTls12WithoutLegacyRefusesLegacyServer() throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.RSA_2048);
        try (PeerProcess sServer = PeerProcess.startServer(tmp, port -> List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, "-tls1_2", "-cipher", "AES128-SHA", "-www",
                "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString()))) {
            Run r = parapetClient(REQUEST, "127.0.0.1:" + sServer.port(), "--cafile", fx.caPem().toString(),
                    "--servername", Fixtures.HOST, "--tls12");
            String why = r.described() + "\n" + sServer.describe();
            assertEquals(1, r.exitCode(), why);
            assertEquals("", r.stdout(), why);
            assertTrue(r.stderr().startsWith("parapet: ") && r.stderr().contains("handshake_failure"), why);
            assertTrue(sServer.awaitOutput("no shared cipher", WAIT).contains("no shared cipher"), why);
        }
    }

    /**
     * {@code parapet client --tls12} against {@code gnutls-serv --http} pinned by a priority string to the suite's
     * cipher, MAC and key exchange over TLS 1.2 only: the page's protocol and session description.
     */
    private static void clientAgainstGnutlsTls12(CipherSuite suite, List<String> clientOptions) throws Exception {
        KeyType type = Tls12Names.keyTypeFor(suite);
        Path[] chainAndKey = fx.chainAndKeyForGnutls(type);
        try (PeerProcess gServer = PeerProcess.startServer(tmp, port -> List.of(gnutlsServ, "--http",
                "-p", Integer.toString(port), "--x509certfile", chainAndKey[0].toString(),
                "--x509keyfile", chainAndKey[1].toString(), "--priority", Tls12Names.gnutlsPriority(suite),
                "--disable-client-cert"))) {
            List<String> args = new ArrayList<>(List.of("127.0.0.1:" + gServer.port(), "--cafile",
                    fx.caPem().toString(), "--servername", Fixtures.HOST, "--tls12"));
            args.addAll(clientOptions);
            Run r = parapetClient(REQUEST, args.toArray(new String[0]));
            String why = r.described() + "\n" + gServer.describe();
            assertEquals(0, r.exitCode(), why);
            String page = r.stdout();
            assertTrue(page.contains("This is <a href=\"http://www.gnu.org/software/gnutls\">GnuTLS</a>"),
                    "no gnutls-serv page\n" + why);
            assertTrue(page.contains("<TD>Protocol version:</TD><TD>TLS1.2</TD>"), why);
            Tls12GnutlsInteropTest.assertDescription(page, suite);
            assertTrue(page.contains("Server Name: " + Fixtures.HOST), why);
            assertTls12Rows(r.stderr(), suite, why);
            assertTrue(r.stderr().contains("verified for localhost against " + fx.caPem()), why);
            assertEquals(keyDescription(type), clientLeafKey(r.stderr(), why), why);
            assertFalse(r.stderr().contains("warning"), why);
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void clientTls12AgainstGnutlsServer() throws Exception {
        fx.chainAndKeyForGnutls(KeyType.RSA_2048);
        fx.chainAndKeyForGnutls(KeyType.ECDSA_P256);
        List<CipherSuite> suites = new ArrayList<>(defaultTls12());
        // a few legacy ones: RSA key transport with GCM and with CBC-SHA, ECDHE_ECDSA and ECDHE_RSA with CBC-SHA2
        suites.addAll(List.of(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384));
        // default suites by IANA name here (OpenSSL names against s_server)
        runAll("parapet client --tls12 -> gnutls-serv runs", suites,
                s -> clientAgainstGnutlsTls12(s, clientSuiteOptions(s, s.name())));
    }
}
