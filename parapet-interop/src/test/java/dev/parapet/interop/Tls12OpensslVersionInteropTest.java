package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version negotiation against OpenSSL (a TLS 1.3 peer and a TLS 1.2-only peer each get their version; a forced
 * downgrade is caught by the RFC 8446, 4.1.3 sentinel) and refused TLS 1.2 renegotiation in both directions.
 *
 * <p>OpenSSL 3.0 treats a no_renegotiation warning in answer to its own renegotiation as fatal (it sends
 * handshake_failure, "no renegotiation"), so against OpenSSL the connection ends after our refusal; that the
 * connection carries on when the peer tolerates the refusal is tested in memory (attack tests).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Tls12OpensslVersionInteropTest {
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

    private static PeerProcess sServer(String... extra) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        return PeerProcess.startServer(fx.dir(), port -> {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                    "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString()));
            cmd.addAll(List.of(extra));
            return cmd;
        });
    }

    private static PeerProcess sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST, "-verify_hostname", Fixtures.HOST));
        cmd.addAll(List.of(extra));
        return PeerProcess.start(fx.dir(), cmd);
    }

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
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY), client.describe());
            return out;
        }
    }

    // ---- a default Parapet server

    @Test
    void tls12OnlySClientGetsTls12() throws Exception {
        try (ParapetServer server = ParapetServer.http(fx.server(KeyType.ECDSA_P256).build())) {
            String out = fetch(server, "-tls1_2");

            assertTrue(out.contains("Protocol  : TLSv1.2"), out);
            assertTrue(out.contains("Extended master secret: yes"), out);
            TlsSession s = server.awaitSession(WAIT);
            assertEquals("TLSv1.2", s.protocol(), s.summary());
            assertTrue(s.extendedMasterSecret());
        }
    }

    @Test
    void tls13SClientGetsTls13() throws Exception {
        try (ParapetServer server = ParapetServer.http(fx.server(KeyType.ECDSA_P256).build())) {
            String out = fetch(server);

            assertTrue(out.contains("New, TLSv1.3, Cipher is "), out);
            assertEquals("TLSv1.3", server.awaitSession(WAIT).protocol());
        }
    }

    /** TLS 1.1 is refused with protocol_version (OpenSSL needs security level 0 to offer it at all). */
    @Test
    void tls11SClientIsRefused() throws Exception {
        try (ParapetServer server = ParapetServer.http(fx.server(KeyType.ECDSA_P256).build());
             PeerProcess client = sClient(server.port(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")) {
            client.closeStdin();
            client.awaitExit(WAIT);
            assertTrue(client.output().contains("alert protocol version"), client.describe());
            // the server's handshake failed (awaitSession fails with the server's exception)
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitSession(WAIT));
            assertTrue(e.getMessage().contains("Parapet server failed"), e.getMessage());
        }
    }

    // ---- a default Parapet client

    @Test
    void defaultClientAgainstTls12OnlySServer() throws Exception {
        try (PeerProcess server = sServer("-tls1_2", "-www")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build());

            assertTrue(f.page().contains("Protocol  : TLSv1.2"), f.page() + server.describe());
            assertTrue(f.page().contains("Extended master secret: yes"), f.page());
            assertEquals("TLSv1.2", f.session().protocol());
            assertTrue(f.session().extendedMasterSecret());
        }
    }

    @Test
    void defaultClientAgainstDefaultSServer() throws Exception {
        try (PeerProcess server = sServer("-www")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), fx.client().build());

            assertTrue(f.page().contains("New, TLSv1.3, Cipher is "), f.page() + server.describe());
            assertEquals("TLSv1.3", f.session().protocol());
        }
    }

    /**
     * RFC 8446, 4.1.3: an attacker removes supported_versions from our ClientHello; OpenSSL (which speaks TLS 1.3)
     * then picks TLS 1.2 and puts the DOWNGRD sentinel in its random. Our client must refuse with illegal_parameter.
     */
    @Test
    void forcedDowngradeIsRefused() throws Exception {
        try (PeerProcess server = sServer("-www", "-trace");
             DowngradeProxy proxy = new DowngradeProxy(server.port(), ExtensionType.SUPPORTED_VERSIONS)) {
            TlsException e = assertThrows(TlsException.class,
                    () -> ParapetClient.get(Fixtures.HOST, proxy.port(), fx.client().build()));

            assertTrue(proxy.stripped(), "our ClientHello had no supported_versions to strip");
            assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.alert(), e.toString());
            assertTrue(e.getMessage().contains("downgrade"), e.getMessage());
            // OpenSSL did answer with TLS 1.2 (the staging worked) and got our alert
            String serverHello = Tls12Names.traceSection(server.output(), "ServerHello");
            assertTrue(serverHello.contains("server_version=0x303 (TLS 1.2)"), server.describe());
            server.awaitOutput("SSL alert number 47", WAIT);
        }
    }

    /** The same attack against a client that speaks TLS 1.2 only: no sentinel check, the handshake completes. */
    @Test
    void tls12OnlyClientThroughTheSameProxyCompletes() throws Exception {
        try (PeerProcess server = sServer("-www");
             DowngradeProxy proxy = new DowngradeProxy(server.port(), ExtensionType.SUPPORTED_VERSIONS)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, proxy.port(),
                    fx.client().versions(dev.parapet.tls.ProtocolVersion.TLS12).build());

            assertTrue(f.page().contains("Protocol  : TLSv1.2"), f.page());
            assertEquals("TLSv1.2", f.session().protocol());
        }
    }

    // ---- renegotiation

    /** s_client's "R" command renegotiates; our server refuses with a no_renegotiation warning. */
    @Test
    void sClientRenegotiationIsRefused() throws Exception {
        ParapetServer.Handler echo = (socket, srv) -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String line;
            try {
                while ((line = in.readLine()) != null) {
                    srv.record(line);
                    out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (TlsException e) {
                srv.record("failure:" + e.alert() + ":" + e.receivedFromPeer());
            }
        };
        try (ParapetServer server = ParapetServer.start(fx.server(KeyType.ECDSA_P256).build(), echo);
             PeerProcess client = sClient(server.port(), "-tls1_2", "-msg")) {
            client.send("hello1\n");
            client.awaitOutput("echo:hello1", WAIT);
            assertEquals("TLSv1.2", server.awaitSession(WAIT).protocol());

            client.send("R\n");
            client.awaitOutput("RENEGOTIATING", WAIT);
            String out = client.awaitOutput("our no_renegotiation warning",
                    o -> o.contains("<<< TLS 1.2, Alert [length 0002], warning no_renegotiation"), WAIT);
            // s_client sent a second ClientHello under the session's keys, and nothing of a new handshake came back
            // (s_client may print RENEGOTIATING after its -msg lines, so the ClientHello is the anchor)
            int second = out.indexOf("ClientHello", out.indexOf("ClientHello") + 1);
            assertTrue(second > 0, "no renegotiating ClientHello\n" + out);
            String after = out.substring(second);
            assertFalse(after.contains("<<< TLS 1.2, Handshake"),
                    "our server must not start a second handshake\n" + out);
            // OpenSSL 3.0 gives up on a refused renegotiation (handshake_failure, "no renegotiation")
            client.awaitOutput("no renegotiation", WAIT);
        }
    }

    /**
     * s_server's "r" command sends a HelloRequest; our client answers with a no_renegotiation warning (seen in
     * s_server's -msg log); OpenSSL then ends the connection with handshake_failure.
     */
    @Test
    void sServerHelloRequestIsRefused() throws Exception {
        try (PeerProcess server = sServer("-tls1_2", "-msg");
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(), fx.client().build(),
                     ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            assertEquals("TLSv1.2", socket.session().protocol());
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            out.write("before\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.awaitOutput("before", WAIT);
            server.send("first-line\n");
            assertEquals("first-line", in.readLine());

            server.send("r\n");
            server.awaitOutput(">>> TLS 1.2, Handshake [length 0004], HelloRequest", WAIT);
            IOException ended = assertThrows(IOException.class, () -> {
                // reading makes us process the HelloRequest; OpenSSL may still send data before its fatal alert
                while (in.readLine() != null) {
                    // keep reading
                }
                throw new IOException("stream ended");
            });
            String log = server.awaitOutput("our no_renegotiation warning",
                    o -> o.contains("<<< TLS 1.2, Alert [length 0002], warning no_renegotiation"), WAIT);
            int hr = log.indexOf("HelloRequest");
            assertFalse(log.substring(hr).contains("<<< TLS 1.2, Handshake"),
                    "we must not answer a HelloRequest with a ClientHello\n" + log);
            if (ended instanceof TlsException t && t.alert() != null) {
                assertEquals(AlertDescription.HANDSHAKE_FAILURE, t.alert(), t.toString());
                assertTrue(t.receivedFromPeer(), t.toString());
            }
        }
    }
}
