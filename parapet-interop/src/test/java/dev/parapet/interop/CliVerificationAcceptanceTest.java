package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance with the real command: {@code parapet client} (the shaded jar, as a process, with Parapet's
 * own verifier, the default) against {@code openssl s_server -tls1_3 -www} serving chains made here with
 * {@link TestPki#cert}. The valid chain (leaf, intermediate, root) is accepted and the s_server page arrives; an
 * expired leaf, a wrong name, an unknown CA, an intermediate CA without keyCertSign and a leaf whose
 * extendedKeyUsage is clientAuth only are refused with exit code 1 and exactly one stderr line {@code parapet:
 * <reason>}, naming the certificate and the rule. For each refusal s_server's own log must show the alert the client
 * sent, the one {@link dev.parapet.tls.x509.ParapetCertificateVerifier} documents for the rule:
 * certificate_expired (45), bad_certificate (42), unknown_ca (48), bad_certificate (42), unsupported_certificate
 * (43).
 *
 * <p>s_server is given {@code -cert leaf.pem -cert_chain intermediates.pem} (not the root): the Certificate
 * message carries the leaf and its intermediate. Every process is closed (killed) by try-with-resources and has a deadline; missing binaries
 * or a missing/stale jar fail the class, never skip it.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliVerificationAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String REQUEST = ParapetClient.REQUEST; // GET / HTTP/1.0 CRLF CRLF
    private static final String HOST = Fixtures.HOST; // localhost

    private static final int BAD_CERTIFICATE = 42;
    private static final int UNSUPPORTED_CERTIFICATE = 43;
    private static final int CERTIFICATE_EXPIRED = 45;
    private static final int UNKNOWN_CA = 48;

    @TempDir
    static Path tmp;
    static String openssl;
    static Path jar;

    static CertifiedKey root;
    static CertifiedKey intermediate;
    static Path rootPem;
    /** Another root, trusted in the unknown-CA case instead of {@link #root}. */
    static Path otherRootPem;

    @BeforeAll
    static void setUp() throws Exception {
        openssl = PeerProcess.requireBinary("openssl");
        jar = CliAcceptanceTest.requireJar();
        root = TestPki.cert("CN=Parapet CLI Verification Root").ca().build();
        intermediate = TestPki.cert("CN=Parapet CLI Verification Intermediate").ca().issuer(root).build();
        rootPem = writePem("root.pem", root.leaf());
        otherRootPem = writePem("other-root.pem", TestPki.cert("CN=Parapet CLI Other Root").ca().build().leaf());
    }

    @AfterAll
    static void tearDown() {
        PeerProcess.killAll(); // anything a timed-out test thread left behind
    }

    // ---- the cases

    @Test
    void acceptsValidChain() throws Exception {
        CertifiedKey leaf = leaf().build();
        try (PeerProcess sServer = sServer(leaf, "valid")) {
            Run r = client(sServer, rootPem);
            String why = r.described() + "\n" + sServer.describe();
            assertEquals(0, r.exitCode(), why);
            assertTrue(r.stdout().contains("Ciphers supported in s_server binary"), "no s_server page\n" + why);
            assertTrue(r.stdout().contains("New, TLSv1.3, Cipher is "), why);
            assertTrue(r.stderr().contains("verified for " + HOST + " against " + rootPem), why);
            // the chain as received: the leaf and the intermediate s_server sent with -cert_chain
            assertTrue(r.stderr().contains(" 0 subject: CN=" + HOST + "\n   issuer:  CN=Parapet CLI Verification "
                    + "Intermediate\n"), why);
            assertTrue(r.stderr().contains(" 1 subject: CN=Parapet CLI Verification Intermediate\n"
                    + "   issuer:  CN=Parapet CLI Verification Root\n"), why);
            assertFalse(r.stderr().contains("warning"), why);
            assertFalse(sServer.output().contains("SSL alert number"), why);
        }
    }

    @Test
    void refusesExpiredLeaf() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.minus(Duration.ofDays(1));
        CertifiedKey leaf = leaf().validity(now.minus(Duration.ofDays(31)), notAfter).build();
        String line = refused(leaf, rootPem, "expired", CERTIFICATE_EXPIRED);
        assertTrue(line.contains("certificate 'CN=" + HOST + "' expired on " + notAfter + " (now "), line);
    }

    @Test
    void refusesWrongName() throws Exception {
        CertifiedKey leaf = TestPki.cert("CN=www.example.com").issuer(intermediate).dns("www.example.com").build();
        String line = refused(leaf, rootPem, "wrong-name", BAD_CERTIFICATE);
        assertTrue(line.contains("name mismatch: asked for " + HOST + "; certificate names www.example.com"), line);
    }

    @Test
    void refusesUnknownCa() throws Exception {
        CertifiedKey leaf = leaf().build();
        String line = refused(leaf, otherRootPem, "unknown-ca", UNKNOWN_CA);
        assertTrue(line.contains("unknown issuer 'CN=Parapet CLI Verification Root': not among 1 trust anchors "
                + "and not sent by the server"), line);
    }

    @Test
    void refusesCaWithoutKeyCertSign() throws Exception {
        CertifiedKey noKeyCertSign = TestPki.cert("CN=Parapet CLI Intermediate Without keyCertSign").ca()
                .keyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature).issuer(root).build();
        CertifiedKey leaf = TestPki.cert("CN=" + HOST).issuer(noKeyCertSign).dns(HOST).build();
        String line = refused(leaf, rootPem, "no-keycertsign", BAD_CERTIFICATE);
        assertTrue(line.contains("certificate 'CN=Parapet CLI Intermediate Without keyCertSign' is a CA without "
                + "keyCertSign in its keyUsage but issued 'CN=" + HOST + "' (keyUsage)"), line);
    }

    @Test
    void refusesLeafWithoutServerAuth() throws Exception {
        CertifiedKey leaf = leaf().eku(KeyPurposeId.id_kp_clientAuth).build();
        String line = refused(leaf, rootPem, "client-auth-only", UNSUPPORTED_CERTIFICATE);
        assertTrue(line.contains("certificate 'CN=" + HOST + "' is not valid for TLS server authentication "
                + "(extendedKeyUsage: clientAuth)"), line);
    }

    // ---- helpers

    /** A leaf for localhost under the class's intermediate, otherwise the builder's defaults. */
    private static TestPki.Cert leaf() {
        return TestPki.cert("CN=" + HOST).issuer(intermediate).dns(HOST);
    }

    /**
     * Serves {@code leaf}'s chain, runs the client trusting {@code trusted}, and checks the refusal: exit 1, nothing
     * on stdout, exactly one stderr line starting {@code parapet: }, and s_server logging the alert {@code alert}.
     * Returns the stderr line.
     */
    private static String refused(CertifiedKey leaf, Path trusted, String name, int alert) throws Exception {
        try (PeerProcess sServer = sServer(leaf, name)) {
            Run r = client(sServer, trusted);
            String why = r.described() + "\n" + sServer.describe();
            assertEquals(1, r.exitCode(), why);
            assertEquals("", r.stdout(), why);
            List<String> lines = r.stderr().lines().toList();
            assertEquals(1, lines.size(), "stderr must be exactly one line\n" + why);
            String line = lines.get(0);
            assertTrue(line.startsWith("parapet: "), why);
            String log = sServer.awaitOutput("an alert from the client",
                    o -> o.contains("SSL alert number "), WAIT);
            Matcher m = Pattern.compile("SSL alert number (\\d+)").matcher(log);
            List<Integer> alerts = new ArrayList<>();
            while (m.find()) {
                alerts.add(Integer.parseInt(m.group(1)));
            }
            assertEquals(List.of(alert), alerts, "the alert s_server received\n" + line + "\n" + sServer.describe());
            return line;
        }
    }

    /**
     * {@code openssl s_server -tls1_3 -www} with {@code -cert} the leaf, {@code -cert_chain} the issuing CAs below
     * the root (s_server's {@code -cert} reads only the first certificate of a file, so intermediates put there
     * would never be sent) and {@code -key} the leaf's PKCS#8 key.
     */
    private static PeerProcess sServer(CertifiedKey leaf, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<X509Certificate> chain = leaf.chain();
        Path leafPem = dir.resolve("leaf.pem");
        Files.writeString(leafPem, Pem.encodeCertificate(chain.get(0)), StandardCharsets.US_ASCII);
        StringBuilder cas = new StringBuilder();
        for (X509Certificate c : chain.subList(1, chain.size() - 1)) {
            cas.append(Pem.encodeCertificate(c));
        }
        Path casPem = dir.resolve("intermediates.pem");
        Files.writeString(casPem, cas, StandardCharsets.US_ASCII);
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(keyPem, Pem.encodePrivateKey(leaf.privateKey()), StandardCharsets.US_ASCII);
        return PeerProcess.startServer(dir, port -> List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                "-tls1_3", "-www", "-cert", leafPem.toString(), "-cert_chain", casPem.toString(),
                "-key", keyPem.toString()));
    }

    /** {@code parapet client 127.0.0.1:PORT --cafile TRUSTED --servername localhost} with GET / on stdin. */
    private static Run client(PeerProcess sServer, Path trusted) throws Exception {
        // the JVM flags the ./parapet launcher gives the client verb (as CliAcceptanceTest.parapet does)
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "client",
                "127.0.0.1:" + sServer.port(), "--cafile", trusted.toString(), "--servername", HOST);
        try (PeerProcess client = PeerProcess.start(tmp, cmd)) {
            client.send(REQUEST);
            client.closeStdin();
            int code = client.awaitExit(WAIT);
            return new Run(code, client.stdout(), client.stderr(), client.describe());
        }
    }

    private static Path writePem(String file, X509Certificate cert) throws Exception {
        Path path = tmp.resolve(file);
        Files.writeString(path, Pem.encodeCertificate(cert), StandardCharsets.US_ASCII);
        return path;
    }

    private record Run(int exitCode, String stdout, String stderr, String described) {
    }
}
