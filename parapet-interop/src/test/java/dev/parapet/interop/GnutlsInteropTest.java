package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.io.TlsSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parapet against GnuTLS: a Parapet client fetching gnutls-serv's --http page (which describes the session as GnuTLS
 * saw it), and gnutls-cli (which prints its verdict: "Status: The certificate is trusted.", the session description
 * and "Handshake was completed") against a Parapet server.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GnutlsInteropTest {
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

    static Stream<Arguments> suitesAndGroups() {
        List<Arguments> args = new ArrayList<>();
        for (CipherSuite s : CipherSuite.tls13()) {
            for (NamedGroup g : NamedGroup.values()) {
                args.add(Arguments.of(s, g));
            }
        }
        return args.stream();
    }

    /** gnutls-serv --http; {@code requestClientCert} leaves out -a so it sends an (optional) CertificateRequest. */
    private static PeerProcess gnutlsServ(KeyType keyType, String priority, boolean requestClientCert,
                                          String... extra) throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(keyType);
        return PeerProcess.startServer(fx.dir(), port -> {
            List<String> cmd = new ArrayList<>(List.of(gnutlsServ, "--http", "-p", Integer.toString(port),
                    "--x509certfile", chainAndKey[0].toString(), "--x509keyfile", chainAndKey[1].toString(),
                    "--priority", priority));
            if (!requestClientCert) {
                cmd.add("--disable-client-cert");
            }
            cmd.addAll(List.of(extra));
            return cmd;
        });
    }

    private static final String TLS13_ONLY = "NORMAL:-VERS-ALL:+VERS-TLS1.3";

    private static void assertPage(ParapetClient.Fetch f, PeerProcess server) {
        TlsSession s = f.session();
        String page = f.page();
        assertTrue(page.contains("<TD>Protocol version:</TD><TD>TLS1.3</TD>"), page + "\n" + server.describe());
        assertTrue(page.contains("(TLS1.3-X.509)-" + Fixtures.gnutlsKx(s.namedGroup())), page);
        assertTrue(page.contains("-(" + Fixtures.gnutlsCipher(s.cipherSuite()) + ")</TD>"), page);
        assertTrue(page.contains("Server Name: " + Fixtures.HOST), page);
    }

    @ParameterizedTest(name = "gnutls-serv {0} {1}")
    @MethodSource("suitesAndGroups")
    void serverSuiteAndGroup(CipherSuite suite, NamedGroup group) throws Exception {
        try (PeerProcess server = gnutlsServ(KeyType.ECDSA_P256, Fixtures.gnutlsPriority(suite, group), false)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().keyShareGroups(group).build());

            assertEquals("TLSv1.3", f.session().protocol());
            assertEquals(suite, f.session().cipherSuite());
            assertEquals(group, f.session().namedGroup());
            assertPage(f, server);
        }
    }

    @ParameterizedTest(name = "gnutls-serv {0}")
    @EnumSource(KeyType.class)
    void serverCertificateKeyType(KeyType keyType) throws Exception {
        try (PeerProcess server = gnutlsServ(keyType, TLS13_ONLY, false)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build());

            assertPage(f, server);
            assertEquals(fx.leaf(keyType).leaf(), f.session().peerCertificates().get(0));
            assertEquals(OpensslServerInteropTest.expectedScheme(keyType), f.session().signatureScheme());
        }
    }

    @Test
    void serverHelloRetryRequest() throws Exception {
        try (PeerProcess server = gnutlsServ(KeyType.ECDSA_P256,
                Fixtures.gnutlsPriority(CipherSuite.TLS_AES_128_GCM_SHA256, NamedGroup.SECP384R1), false)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().keyShareGroups(NamedGroup.X25519).build());

            assertTrue(f.session().helloRetryRequest(), f.session().summary());
            assertEquals(NamedGroup.SECP384R1, f.session().namedGroup());
            assertPage(f, server);
        }
    }

    /** gnutls-serv asks for an optional client certificate; a Parapet client without one answers with none. */
    @Test
    void serverRequestsOptionalClientCertificate() throws Exception {
        try (PeerProcess server = gnutlsServ(KeyType.ECDSA_P256, TLS13_ONLY, true)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build());

            assertPage(f, server);
        }
    }

    @Test
    void serverAlpn() throws Exception {
        try (PeerProcess server = gnutlsServ(KeyType.ECDSA_P256, TLS13_ONLY, false, "--alpn", "h2")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().applicationProtocols("h2", "http/1.1").build());

            assertEquals("h2", f.session().applicationProtocol());
            assertPage(f, server);
            server.awaitOutput("- Application protocol: h2", WAIT);
        }
    }

    /** gnutls-serv --echo while Parapet rekeys on its own every second record. */
    @Test
    void serverEchoAcrossAutomaticKeyUpdates() throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(KeyType.ECDSA_P256);
        AtomicInteger updatesSent = new AtomicInteger();
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> List.of(gnutlsServ, "--echo",
                "--disable-client-cert", "-p", Integer.toString(port), "--x509certfile", chainAndKey[0].toString(),
                "--x509keyfile", chainAndKey[1].toString(), "--priority", TLS13_ONLY));
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(),
                     fx.client().keyUpdateAfterRecords(2).listener(new TlsListener() {
                         @Override
                         public void keyScheduleEvent(String milestone) {
                             if (milestone.contains("KeyUpdate sent")) {
                                 updatesSent.incrementAndGet();
                             }
                         }
                     }).build(), ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (int i = 1; i <= 8; i++) {
                socket.getOutputStream().write(("line-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                assertEquals("line-" + i, in.readLine(), "gnutls-serv echo\n" + server.describe());
            }
            // gnutls-serv's session report may reach its stdout after the echo reached us: wait for it
            server.awaitOutput("- Version: TLS1.3", WAIT);
            assertTrue(updatesSent.get() >= 3, "KeyUpdates sent: " + updatesSent);
        }
    }

    // ---- gnutls-cli against a Parapet server

    private static String gnutlsCliFetch(ParapetServer server, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(gnutlsCli, "--x509cafile", fx.caPem().toString(),
                "-p", Integer.toString(server.port()), "--sni-hostname", Fixtures.HOST,
                "--verify-hostname", Fixtures.HOST));
        cmd.addAll(List.of(extra));
        cmd.add("127.0.0.1");
        try (PeerProcess client = PeerProcess.start(fx.dir(), cmd)) {
            client.awaitOutput("Handshake was completed", WAIT);
            client.send(ParapetClient.REQUEST);
            String out = client.awaitOutput(ParapetServer.RESPONSE_BODY, WAIT);
            server.awaitHandled(WAIT);
            client.closeStdin();
            client.awaitExit(WAIT);
            out = client.output();
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
            assertTrue(out.contains("- Description: (TLS1.3-X.509)-"), client.describe());
            return out;
        }
    }

    @ParameterizedTest(name = "gnutls-cli {0} {1}")
    @MethodSource("suitesAndGroups")
    void clientSuiteAndGroup(CipherSuite suite, NamedGroup group) throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).cipherSuites(suite).namedGroups(group).build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = gnutlsCliFetch(server, "--priority", Fixtures.gnutlsPriority(suite, group));

            assertTrue(out.contains("- Description: (TLS1.3-X.509)-" + Fixtures.gnutlsKx(group)
                    + "-(ECDSA-SECP256R1-SHA256)-(" + Fixtures.gnutlsCipher(suite) + ")"), out);
            TlsSession s = server.awaitSession(WAIT);
            assertEquals(suite, s.cipherSuite());
            assertEquals(group, s.namedGroup());
            assertEquals(Fixtures.HOST, s.serverName());
        }
    }

    @ParameterizedTest(name = "gnutls-cli {0}")
    @EnumSource(KeyType.class)
    void clientCertificateKeyType(KeyType keyType) throws Exception {
        try (ParapetServer server = ParapetServer.http(fx.server(keyType).build())) {
            String out = gnutlsCliFetch(server, "--priority", TLS13_ONLY);

            assertTrue(out.contains(")-(" + gnutlsSignature(keyType) + ")-("), out);
            assertEquals(OpensslServerInteropTest.expectedScheme(keyType), server.awaitSession(WAIT).signatureScheme());
        }
    }

    /** How GnuTLS names the server's CertificateVerify scheme in its session description. */
    static String gnutlsSignature(KeyType keyType) {
        switch (keyType) {
            case ECDSA_P256: return "ECDSA-SECP256R1-SHA256";
            case ECDSA_P384: return "ECDSA-SECP384R1-SHA384";
            case ED25519: return "EdDSA-Ed25519";
            case RSA_2048: return "RSA-PSS-RSAE-SHA256";
            case RSA_PSS_2048: return "RSA-PSS-SHA256";
            default: throw new IllegalArgumentException(keyType.toString());
        }
    }

    /** GnuTLS key-shares only its first group when the second is of the same kind (both NIST curves). */
    @Test
    void clientHelloRetryRequest() throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).namedGroups(NamedGroup.SECP384R1).build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = gnutlsCliFetch(server, "--priority",
                    TLS13_ONLY + ":-GROUP-ALL:+GROUP-SECP256R1:+GROUP-SECP384R1");

            assertTrue(out.contains("- Description: (TLS1.3-X.509)-" + Fixtures.gnutlsKx(NamedGroup.SECP384R1)), out);
            TlsSession s = server.awaitSession(WAIT);
            assertTrue(s.helloRetryRequest(), s.summary());
            assertEquals(NamedGroup.SECP384R1, s.namedGroup());
        }
    }

    @Test
    void clientAlpn() throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).applicationProtocols("h2", "http/1.1").build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = gnutlsCliFetch(server, "--alpn", "http/1.1", "--alpn", "h2");

            assertTrue(out.contains("- Application protocol: h2"), out);
            assertEquals("h2", server.awaitSession(WAIT).applicationProtocol());
        }
    }
}
