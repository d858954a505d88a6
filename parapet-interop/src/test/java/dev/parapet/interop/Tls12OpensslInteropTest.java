package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.2, every suite in {@link CipherSuite#tls12()}, both directions against OpenSSL: a Parapet client pinned to
 * TLS 1.2 against {@code openssl s_server -tls1_2 -cipher NAME -www} (the page is OpenSSL's verdict), and
 * {@code openssl s_client -tls1_2 -cipher NAME} against a Parapet server (its summary is). Extended master secret
 * is checked in OpenSSL's own words ({@code Extended master secret: yes}); encrypt_then_mac, which OpenSSL 3.0 does
 * not print in its summaries, in its {@code -trace} of the ServerHello, with and without {@code -no_etm}.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Tls12OpensslInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ETM = "extension_type=encrypt_then_mac(22)";
    private static final String EMS = "extension_type=extended_master_secret(23)";

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;

    @BeforeAll
    static void setUp() {
        openssl = PeerProcess.requireBinary("openssl");
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    static Stream<Arguments> suites() {
        return Tls12Names.suitesWithAndWithoutEtm().stream();
    }

    // ---- Parapet client, openssl s_server

    @ParameterizedTest(name = "Parapet client, s_server: {0} no_etm={1}")
    @MethodSource("suites")
    void parapetClientAgainstSServer(CipherSuite suite, boolean noEtm) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(Tls12Names.keyTypeFor(suite));
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                    "-tls1_2", "-cipher", suite.opensslName(), "-cert", chainAndKey[0].toString(),
                    "-key", chainAndKey[1].toString(), "-www", "-trace"));
            if (noEtm) {
                cmd.add("-no_etm");
            }
            return cmd;
        })) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().versions(ProtocolVersion.TLS12).cipherSuites(suite).build());

            String page = f.page();
            String why = "s_server page:\n" + page + "\n" + server.describe();
            assertTrue(page.contains("Protocol  : TLSv1.2"), why);
            assertTrue(page.contains("Cipher    : " + suite.opensslName()), why);
            assertTrue(page.contains("Extended master secret: yes"), why);
            boolean etmExpected = Tls12Names.isCbc(suite) && !noEtm;
            String serverHello = Tls12Names.traceSection(server.output(), "ServerHello");
            assertTrue(serverHello.contains(EMS), "s_server's ServerHello:\n" + serverHello + "\n" + why);
            assertEquals(etmExpected, serverHello.contains(ETM), "s_server's ServerHello:\n" + serverHello);
            if (Tls12Names.isCbc(suite)) {
                // we offer encrypt_then_mac whenever we offer a CBC suite
                assertTrue(Tls12Names.traceSection(server.output(), "ClientHello").contains(ETM), why);
            }
            assertSession(f.session(), suite, etmExpected);
            assertEquals(fx.leaf(Tls12Names.keyTypeFor(suite)).leaf(), f.session().peerCertificates().get(0));
        }
    }

    // ---- openssl s_client, Parapet server

    @ParameterizedTest(name = "s_client, Parapet server: {0} no_etm={1}")
    @MethodSource("suites")
    void sClientAgainstParapetServer(CipherSuite suite, boolean noEtm) throws Exception {
        TlsServerConfig config = fx.server(Tls12Names.keyTypeFor(suite)).cipherSuites(suite).build();
        try (ParapetServer server = ParapetServer.http(config)) {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-tls1_2", "-cipher", suite.opensslName(), "-CAfile", fx.caPem().toString(),
                    "-servername", Fixtures.HOST, "-verify_hostname", Fixtures.HOST, "-trace", "-ign_eof"));
            if (noEtm) {
                cmd.add("-no_etm");
            }
            String out;
            try (PeerProcess client = PeerProcess.start(fx.dir(), cmd)) {
                client.send(ParapetClient.REQUEST);
                client.closeStdin();
                server.awaitHandled(WAIT);
                client.awaitExit(WAIT);
                out = client.output();
                String why = client.describe();
                assertTrue(out.contains("Verify return code: 0 (ok)"), why);
                assertTrue(out.contains("Protocol  : TLSv1.2"), why);
                assertTrue(out.contains("Cipher    : " + suite.opensslName()), why);
                assertTrue(out.contains("Cipher is " + suite.opensslName()), why);
                assertTrue(out.contains("Extended master secret: yes"), why);
                assertTrue(out.contains("Verified peername: " + Fixtures.HOST), why);
                assertTrue(out.contains(ParapetServer.RESPONSE_BODY + " " + suite.name()), why);
            }
            boolean etmExpected = Tls12Names.isCbc(suite) && !noEtm;
            String serverHello = Tls12Names.traceSection(out, "ServerHello");
            assertTrue(serverHello.contains(EMS), "our ServerHello as s_client saw it:\n" + serverHello);
            assertEquals(etmExpected, serverHello.contains(ETM), "our ServerHello as s_client saw it:\n"
                    + serverHello);
            TlsSession s = server.awaitSession(WAIT);
            assertSession(s, suite, etmExpected);
            assertEquals(Fixtures.HOST, s.serverName());
        }
    }

    static void assertSession(TlsSession s, CipherSuite suite, boolean etm) {
        assertEquals("TLSv1.2", s.protocol(), s.summary());
        assertEquals(suite, s.cipherSuite(), s.summary());
        assertTrue(s.extendedMasterSecret(), s.summary());
        assertEquals(etm, s.encryptThenMac(), s.summary());
        if (suite.keyExchange() == KeyExchangeAlgorithm.RSA) {
            assertNull(s.namedGroup(), s.summary());
            assertNull(s.signatureScheme(), s.summary());
        } else {
            assertNotNull(s.namedGroup(), s.summary());
            assertNotNull(s.signatureScheme(), s.summary());
        }
    }
}
