package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.2 against GnuTLS 3.7, every suite of {@link CipherSuite#tls12()} in both directions (GnuTLS has all
 * twenty, ECDHE with CBC-SHA256/384 included: see {@code gnutls-cli -l}), each pinned by a priority string naming
 * exactly its cipher, MAC and key exchange ({@link Tls12Names#gnutlsPriority}). The verdicts read: gnutls-serv's
 * page ("Protocol version: TLS1.2", the session description) and its log's "- Options:" line (extended master
 * secret, EtM); gnutls-cli's "- Status: The certificate is trusted.", description and "- Options:" line.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Tls12GnutlsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String gnutlsServ;
    static String gnutlsCli;

    @BeforeAll
    static void setUp() {
        gnutlsServ = PeerProcess.requireBinary("gnutls-serv");
        gnutlsCli = PeerProcess.requireBinary("gnutls-cli");
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    static Stream<CipherSuite> suites() {
        return CipherSuite.tls12().stream();
    }

    static Stream<Arguments> suitesWithAndWithoutEtm() {
        return Tls12Names.suitesWithAndWithoutEtm().stream();
    }

    /** GnuTLS's description, e.g. (TLS1.2-X.509)-(ECDHE-SECP256R1)-(ECDSA-SHA256)-(AES-128-GCM). */
    static void assertDescription(String text, CipherSuite suite) {
        String kx = suite.keyExchange() == KeyExchangeAlgorithm.RSA ? "(TLS1.2-X.509)-(RSA)-" : "(TLS1.2-X.509)-(ECDHE-";
        assertTrue(text.contains(kx), "expected " + kx + " in\n" + text);
        String tail = "-(" + Tls12Names.gnutlsCipher(suite) + ")"
                + (Tls12Names.isCbc(suite) ? "-(" + Tls12Names.gnutlsMac(suite) + ")" : "");
        assertTrue(text.contains(tail), "expected " + tail + " in\n" + text);
    }

    /** GnuTLS's "- Options:" line. */
    static String options(String log) {
        int at = log.indexOf("- Options:");
        assertTrue(at >= 0, "no '- Options:' line in\n" + log);
        int end = log.indexOf('\n', at);
        return log.substring(at, end < 0 ? log.length() : end);
    }

    // ---- Parapet client, gnutls-serv

    @ParameterizedTest(name = "Parapet client, gnutls-serv: {0}")
    @MethodSource("suites")
    void parapetClientAgainstGnutlsServ(CipherSuite suite) throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(Tls12Names.keyTypeFor(suite));
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> List.of(gnutlsServ, "--http",
                "-p", Integer.toString(port), "--x509certfile", chainAndKey[0].toString(),
                "--x509keyfile", chainAndKey[1].toString(), "--priority", Tls12Names.gnutlsPriority(suite),
                "--disable-client-cert"))) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().versions(ProtocolVersion.TLS12).cipherSuites(suite).build());

            String page = f.page();
            assertTrue(page.contains("<TD>Protocol version:</TD><TD>TLS1.2</TD>"), page + "\n" + server.describe());
            assertDescription(page, suite);
            String opts = options(server.awaitOutput("- Options:", WAIT));
            assertTrue(opts.contains("extended master secret"), opts);
            assertEquals(Tls12Names.isCbc(suite), opts.contains("EtM"), opts);
            Tls12OpensslInteropTest.assertSession(f.session(), suite, Tls12Names.isCbc(suite));
        }
    }

    /** gnutls-serv without extended master secret: a default Parapet client (which requires it) refuses. */
    @Test
    void parapetClientRefusesGnutlsServWithoutEms() throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(KeyType.ECDSA_P256);
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> List.of(gnutlsServ, "--http",
                "-p", Integer.toString(port), "--x509certfile", chainAndKey[0].toString(),
                "--x509keyfile", chainAndKey[1].toString(), "--priority",
                "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_SESSION_HASH", "--disable-client-cert"))) {
            TlsException e = assertThrows(TlsException.class,
                    () -> ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build()));

            assertFalse(e.receivedFromPeer(), e.toString());
            assertTrue(e.getMessage().contains("extended_master_secret"), e.getMessage());
        }
    }

    // ---- gnutls-cli, Parapet server

    private static String gnutlsCliFetch(ParapetServer server, String priority) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(gnutlsCli, "--x509cafile", fx.caPem().toString(),
                "-p", Integer.toString(server.port()), "--sni-hostname", Fixtures.HOST,
                "--verify-hostname", Fixtures.HOST, "--priority", priority, "127.0.0.1"));
        try (PeerProcess client = PeerProcess.start(fx.dir(), cmd)) {
            client.awaitOutput("Handshake was completed", WAIT);
            client.send(ParapetClient.REQUEST);
            client.awaitOutput(ParapetServer.RESPONSE_BODY, WAIT);
            server.awaitHandled(WAIT);
            client.closeStdin();
            client.awaitExit(WAIT);
            String out = client.output();
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
            return out;
        }
    }

    @ParameterizedTest(name = "gnutls-cli, Parapet server: {0} no_etm={1}")
    @MethodSource("suitesWithAndWithoutEtm")
    void gnutlsCliAgainstParapetServer(CipherSuite suite, boolean noEtm) throws Exception {
        TlsServerConfig config = fx.server(Tls12Names.keyTypeFor(suite)).cipherSuites(suite).build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = gnutlsCliFetch(server, Tls12Names.gnutlsPriority(suite) + (noEtm ? ":%NO_ETM" : ""));

            assertTrue(out.contains("- Description: (TLS1.2-X.509)-"), out);
            assertDescription(out, suite);
            String opts = options(out);
            assertTrue(opts.contains("extended master secret") && opts.contains("safe renegotiation"), opts);
            boolean etm = Tls12Names.isCbc(suite) && !noEtm;
            assertEquals(etm, opts.contains("EtM"), opts);
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY + " " + suite.name()), out);
            TlsSession s = server.awaitSession(WAIT);
            Tls12OpensslInteropTest.assertSession(s, suite, etm);
            assertEquals(Fixtures.HOST, s.serverName());
        }
    }

    /** gnutls-cli without extended master secret against a default Parapet server: handshake_failure. */
    @Test
    void parapetServerRefusesGnutlsCliWithoutEms() throws Exception {
        try (ParapetServer server = ParapetServer.http(fx.server(KeyType.ECDSA_P256).build());
             PeerProcess client = PeerProcess.start(fx.dir(), gnutlsCli, "--x509cafile", fx.caPem().toString(),
                     "-p", Integer.toString(server.port()), "--priority",
                     "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_SESSION_HASH", "127.0.0.1")) {
            client.closeStdin();
            client.awaitExit(WAIT);
            assertTrue(client.output().contains("Handshake failed"), client.describe());
            assertTrue(client.output().toLowerCase().contains("handshake failed")
                    && client.output().contains("alert"), client.describe());
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitSession(WAIT));
            assertTrue(e.getMessage().contains("extended_master_secret")
                    && e.getMessage().contains(AlertDescription.HANDSHAKE_FAILURE.name()) || e.getMessage()
                    .contains("extended_master_secret"), e.getMessage());
        }
    }
}
