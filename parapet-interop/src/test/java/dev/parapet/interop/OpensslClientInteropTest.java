package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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

/** {@code openssl s_client} against a Parapet server; s_client's summary is OpenSSL's own verdict. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpensslClientInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    /** s_client to the Parapet server, verifying the chain and the name "localhost". */
    private static PeerProcess sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST,
                "-verify_hostname", Fixtures.HOST));
        cmd.addAll(List.of(extra));
        return PeerProcess.start(fx.dir(), cmd);
    }

    /** Runs s_client -ign_eof with GET / on stdin until the Parapet server closes; returns its output. */
    private static String fetch(ParapetServer server, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.add("-ign_eof");
        try (PeerProcess client = sClient(server.port(), args.toArray(new String[0]))) {
            client.send(ParapetClient.REQUEST);
            client.closeStdin();
            server.awaitHandled(WAIT);
            client.awaitExit(WAIT);
            String out = client.output();
            assertTrue(out.contains("Verify return code: 0 (ok)"), client.describe());
            // "Protocol  : TLSv1.3" is printed only with a session ticket, which Parapet does not send (yet)
            assertTrue(out.contains("New, TLSv1.3, Cipher is "), client.describe());
            assertTrue(out.contains("Verified peername: " + Fixtures.HOST), client.describe());
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY), "no response body\n" + client.describe());
            assertTrue(server.received().get(0).startsWith("GET / HTTP/1.0"), server.received().toString());
            return out;
        }
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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("suitesAndGroups")
    void suiteAndGroup(CipherSuite suite, NamedGroup group) throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).cipherSuites(suite).namedGroups(group).build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = fetch(server, "-ciphersuites", suite.name(), "-groups", Fixtures.opensslGroup(group));

            assertTrue(out.contains("New, TLSv1.3, Cipher is " + suite.name()), out);
            assertTrue(out.contains(Fixtures.opensslTempKey(group)), out);
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY + " " + suite.name()), out);
            TlsSession s = server.awaitSession(WAIT);
            assertEquals("TLSv1.3", s.protocol());
            assertEquals(suite, s.cipherSuite());
            assertEquals(group, s.namedGroup());
            assertFalse(s.helloRetryRequest());
            assertEquals(Fixtures.HOST, s.serverName());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void certificateKeyType(KeyType keyType) throws Exception {
        try (ParapetServer server = ParapetServer.http(fx.server(keyType).build())) {
            String out = fetch(server);

            TlsSession s = server.awaitSession(WAIT);
            assertTrue(out.contains("New, TLSv1.3, Cipher is " + s.cipherSuite().name()), out);
            assertTrue(out.contains("Peer signature type: " + opensslSignatureType(keyType)), out);
            assertEquals(OpensslServerInteropTest.expectedScheme(keyType), s.signatureScheme());
        }
    }

    /** How s_client names the server's CertificateVerify signature. */
    static String opensslSignatureType(KeyType keyType) {
        switch (keyType) {
            case ECDSA_P256: case ECDSA_P384: return "ECDSA";
            case ED25519: return "ed25519";
            case RSA_2048: case RSA_PSS_2048: return "RSA-PSS";
            default: throw new IllegalArgumentException(keyType.toString());
        }
    }

    @Test
    void helloRetryRequest() throws Exception {
        // s_client offers x25519 then P-256 but key-shares only x25519; Parapet allows P-256 only and must ask again.
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).namedGroups(NamedGroup.SECP256R1).build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = fetch(server, "-groups", "x25519:P-256", "-trace");

            assertEquals(2, OpensslServerInteropTest.count(out, "ClientHello, Length="),
                    "s_client should have sent a second ClientHello\n" + out);
            assertTrue(out.contains(Fixtures.opensslTempKey(NamedGroup.SECP256R1)), out);
            TlsSession s = server.awaitSession(WAIT);
            assertTrue(s.helloRetryRequest(), s.summary());
            assertEquals(NamedGroup.SECP256R1, s.namedGroup());
        }
    }

    @Test
    void alpn() throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).applicationProtocols("h2", "http/1.1").build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = fetch(server, "-alpn", "http/1.1,h2");

            assertTrue(out.contains("ALPN protocol: h2"), out);
            assertEquals("h2", server.awaitSession(WAIT).applicationProtocol());
        }
    }

    @Test
    void noAlpnWhenClientOffersNone() throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).applicationProtocols("h2").build();
        try (ParapetServer server = ParapetServer.http(config)) {
            String out = fetch(server);

            assertTrue(out.contains("No ALPN negotiated"), out);
            assertEquals(null, server.awaitSession(WAIT).applicationProtocol());
        }
    }

    /**
     * RFC 8446, 4.6.3 with s_client's interactive commands (read from stdin unless -ign_eof/-nocommands): a line
     * "K" sends KeyUpdate(update_requested), "k" KeyUpdate(update_not_requested). The Parapet server echoes lines;
     * on the line "server-update" it sends its own KeyUpdate(update_requested) before echoing.
     */
    @Test
    void keyUpdateBothWays() throws Exception {
        ParapetServer.Handler echo = (socket, srv) -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                srv.record(line);
                if (line.equals("server-update")) {
                    socket.connection().updateKeys(true);
                }
                out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
        String keyUpdateIn = "<<< TLS 1.3, Handshake [length 0005], KeyUpdate";
        String keyUpdateOut = ">>> TLS 1.3, Handshake [length 0005], KeyUpdate";
        try (ParapetServer server = ParapetServer.start(fx.server(KeyType.ECDSA_P256).build(), echo);
             PeerProcess client = sClient(server.port(), "-msg")) {
            client.send("hello1\n");
            client.awaitOutput("echo:hello1", WAIT);

            client.send("K\n");                       // client updates, requests ours
            client.awaitOutput("KEYUPDATE", WAIT);
            client.send("hello2\n");
            client.awaitOutput("echo:hello2", WAIT);
            // (s_client prints KEYUPDATE on stderr; the -msg log and the data are on stdout, in order)
            assertTrue(client.stdout().matches("(?s).*" + Pattern.quote(keyUpdateOut) + ".*"
                    + Pattern.quote(keyUpdateIn) + ".*echo:hello2.*"),
                    "Parapet must answer update_requested with its own KeyUpdate before its next application data\n"
                    + client.describe());

            client.send("k\n");                       // client updates, requests nothing
            // s_client takes a whole stdin read as one command: wait until it ran before the next line
            client.awaitOutput("a second KEYUPDATE",
                    o -> OpensslServerInteropTest.count(o, "KEYUPDATE") >= 2, WAIT);
            client.send("hello3\n");
            client.awaitOutput("echo:hello3", WAIT);

            client.send("server-update\n");           // Parapet updates and requests OpenSSL's
            client.awaitOutput("echo:server-update", WAIT);
            client.send("hello4\n");
            String out = client.awaitOutput("echo:hello4", WAIT);
            assertEquals(2, OpensslServerInteropTest.count(out, keyUpdateIn), client.describe());
            assertEquals(3, OpensslServerInteropTest.count(out, keyUpdateOut),
                    "s_client sent K, k and the answer to our request\n" + client.describe());

            client.send("Q\n");
            server.awaitHandled(WAIT);
            assertEquals(List.of("hello1", "hello2", "hello3", "server-update", "hello4"), server.received());
            client.awaitExit(WAIT);
        }
    }
}
