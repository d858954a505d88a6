package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A Parapet client against {@code openssl s_server}: the page s_server -www returns is OpenSSL's own verdict. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpensslServerInteropTest {
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

    /** {@code openssl s_server -accept 127.0.0.1:PORT -tls1_3 -cert .. -key ..} plus {@code extra}. */
    private static PeerProcess sServer(KeyType keyType, String... extra) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(keyType);
        return sServer(chainAndKey, extra);
    }

    private static PeerProcess sServer(Path[] chainAndKey, String... extra) throws Exception {
        return PeerProcess.startServer(fx.dir(), port -> {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                    "-tls1_3", "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString()));
            cmd.addAll(List.of(extra));
            return cmd;
        });
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
        try (PeerProcess server = sServer(KeyType.ECDSA_P256, "-www", "-ciphersuites", suite.name(),
                "-groups", Fixtures.opensslGroup(group))) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().keyShareGroups(group).build());

            assertTrue(f.page().contains("New, TLSv1.3, Cipher is " + suite.name()),
                    "s_server page:\n" + f.page() + "\n" + server.describe());
            TlsSession s = f.session();
            assertEquals("TLSv1.3", s.protocol());
            assertEquals(suite, s.cipherSuite());
            assertEquals(group, s.namedGroup());
            assertFalse(s.helloRetryRequest(), "the client key-shared " + group + ", so no HelloRetryRequest");
            assertEquals(SignatureScheme.ECDSA_SECP256R1_SHA256, s.signatureScheme());
            assertEquals(Fixtures.HOST, s.serverName());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void certificateKeyType(KeyType keyType) throws Exception {
        try (PeerProcess server = sServer(keyType, "-www")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build());

            TlsSession s = f.session();
            assertTrue(f.page().contains("New, TLSv1.3, Cipher is " + s.cipherSuite().name()),
                    "s_server page:\n" + f.page() + "\n" + server.describe());
            assertEquals(fx.leaf(keyType).leaf(), s.peerCertificates().get(0));
            assertEquals(expectedScheme(keyType), s.signatureScheme());
        }
    }

    /** What OpenSSL signs with, given Parapet's default signature_algorithms order. */
    static SignatureScheme expectedScheme(KeyType keyType) {
        switch (keyType) {
            case ECDSA_P256: return SignatureScheme.ECDSA_SECP256R1_SHA256;
            case ECDSA_P384: return SignatureScheme.ECDSA_SECP384R1_SHA384;
            case ED25519: return SignatureScheme.ED25519;
            case RSA_2048: return SignatureScheme.RSA_PSS_RSAE_SHA256;
            case RSA_PSS_2048: return SignatureScheme.RSA_PSS_PSS_SHA256;
            default: throw new IllegalArgumentException(keyType.toString());
        }
    }

    @Test
    void helloRetryRequest() throws Exception {
        // The client key-shares x25519 only; s_server allows P-384 only, so it must ask again.
        try (PeerProcess server = sServer(KeyType.ECDSA_P256, "-www", "-groups", "P-384", "-trace")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().keyShareGroups(NamedGroup.X25519).build());

            TlsSession s = f.session();
            assertTrue(s.helloRetryRequest(), s.summary());
            assertEquals(NamedGroup.SECP384R1, s.namedGroup());
            assertTrue(f.page().contains("New, TLSv1.3, Cipher is " + s.cipherSuite().name()), f.page());
            // s_server's own trace: two ClientHellos arrived on this connection
            assertEquals(2, count(server.output(), "ClientHello, Length="), server.describe());
        }
    }

    @Test
    void alpn() throws Exception {
        try (PeerProcess server = sServer(KeyType.ECDSA_P256, "-www", "-alpn", "h2", "-trace")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().applicationProtocols("h2", "http/1.1").build());

            assertEquals("h2", f.session().applicationProtocol());
            assertTrue(f.page().contains("New, TLSv1.3, Cipher is "), f.page());
            // s_server's -trace reaches its stdout after the records reached us: wait for it
            String out = server.awaitOutput("s_server's trace of its EncryptedExtensions",
                    o -> o.contains("EncryptedExtensions") && o.indexOf("h2", o.indexOf("EncryptedExtensions")) >= 0,
                    WAIT);
            int ee = out.indexOf("EncryptedExtensions");
            assertTrue(ee >= 0, server.describe());
            String eeText = out.substring(ee, Math.min(out.length(), ee + 400));
            assertTrue(eeText.contains("application_layer_protocol_negotiation") && eeText.contains("h2"),
                    "s_server did not select h2 in its EncryptedExtensions:\n" + eeText);
        }
    }

    @Test
    void wrongServerNameFails() throws Exception {
        CertifiedKey other = fx.pki().issue(KeyType.ECDSA_P256, "other.example");
        Path dir = Files.createDirectories(fx.dir().resolve("wrong-name"));
        try (PeerProcess server = sServer(dev.parapet.tls.testing.TestPki.writeChainAndKey(other, dir), "-www")) {
            TlsException e = assertThrows(TlsException.class,
                    () -> ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build()));

            assertTrue(e.getMessage().contains(Fixtures.HOST) && e.getMessage().contains("other.example"),
                    "the message should name what we asked for and what the certificate names: " + e.getMessage());
            assertFalse(e.receivedFromPeer());
            // OpenSSL saw our fatal alert
            server.awaitOutput("SSL alert number " + e.alert().code(), WAIT);
        }
    }

    @Test
    void closeNotifyFromServerEndsTheStream() throws Exception {
        try (PeerProcess server = sServer(KeyType.ECDSA_P256, "-www");
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(), fx.client().build(),
                     ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ParapetClient.REQUEST.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String page = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(page.contains("</HTML>"), page);
            assertTrue(socket.connection().isInboundDone());
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    /**
     * RFC 8446, 4.6.3 in both directions against plain s_server (which prints what it receives and sends what it
     * reads on stdin; its 'K' command sends a KeyUpdate with update_requested).
     */
    @Test
    void keyUpdateBothWays() throws Exception {
        try (PeerProcess server = sServer(KeyType.ECDSA_P256, "-msg");
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(), fx.client().build(),
                     ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));

            out.write("before-update\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.awaitOutput("before-update", WAIT);

            // we update and ask OpenSSL to update too
            socket.connection().updateKeys(true);
            out.write("after-client-update\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String seen = server.awaitOutput("after-client-update", WAIT);
            assertTrue(seen.matches("(?s).*<<< TLS 1\\.3, Handshake \\[length 0005\\], KeyUpdate.*"
                    + "after-client-update.*"), "s_server should log our KeyUpdate before the data\n"
                    + server.describe());
            // OpenSSL owes us a KeyUpdate before its next application data (it sends it lazily, with that data)
            server.send("from-server-1\n");
            assertEquals("from-server-1", in.readLine());
            // s_server should have answered our update_requested; its -msg log of that KeyUpdate may reach its
            // stdout after the record reached us, so wait for it (fails with the output when it never comes)
            server.awaitOutput("the KeyUpdate answering our update_requested",
                    o -> o.contains(">>> TLS 1.3, Handshake [length 0005], KeyUpdate"), WAIT);

            // now OpenSSL updates and asks us to: 'K' on s_server's stdin
            server.send("K\n");
            // s_server takes a whole stdin read as one command: wait until its KeyUpdate went out
            server.awaitOutput("its own KeyUpdate",
                    o -> count(o, ">>> TLS 1.3, Handshake [length 0005], KeyUpdate") >= 2, WAIT);
            server.send("from-server-2\n");
            assertEquals("from-server-2", in.readLine());
            out.write("after-server-update\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String all = server.awaitOutput("after-server-update", WAIT);
            assertTrue(count(all, "<<< TLS 1.3, Handshake [length 0005], KeyUpdate") >= 2,
                    "we must answer OpenSSL's update_requested with our own KeyUpdate\n" + server.describe());
        }
    }

    /** keyUpdateAfterRecords(3): Parapet rekeys on its own every third record; OpenSSL must keep decrypting. */
    @Test
    void automaticKeyUpdate() throws Exception {
        try (PeerProcess server = sServer(KeyType.ECDSA_P256, "-msg");
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(),
                     fx.client().keyUpdateAfterRecords(3).build(), ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            for (int i = 1; i <= 10; i++) {
                out.write(("line-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            String seen = server.awaitOutput("line-10", WAIT);
            for (int i = 1; i <= 10; i++) {
                assertTrue(seen.contains("line-" + i + "\n"), "line-" + i + " missing\n" + server.describe());
            }
            assertTrue(count(seen, "<<< TLS 1.3, Handshake [length 0005], KeyUpdate") >= 3,
                    "10 records at 3 per key need at least 3 KeyUpdates\n" + server.describe());
            server.send("still-reading\n");
            assertEquals("still-reading", new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
        }
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
