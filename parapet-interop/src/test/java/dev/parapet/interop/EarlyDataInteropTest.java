package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.EarlyDataStatus;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 0-RTT early data (RFC 8446, 2.3 and 4.2.10) with OpenSSL both ways: a Parapet client resuming with
 * {@code openssl s_server -early_data}, and {@code openssl s_client -sess_in -early_data} against a Parapet server
 * that accepts 0-RTT, each peer saying in its own words what it did with the early data.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EarlyDataInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EARLY = "early hello from parapet\n";

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

    // ---- a Parapet client with early data against openssl s_server -early_data

    /** One connection to s_server; reads until s_server goes quiet (its tickets arrive after the handshake). */
    private static TlsSocket connect(TlsClientConfig config, int port, String early) throws Exception {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        TlsConnection conn = early == null ? TlsConnection.client(config, Fixtures.HOST, port)
                : TlsConnection.client(config, Fixtures.HOST, port,
                ByteBuffer.wrap(early.getBytes(StandardCharsets.US_ASCII)));
        TlsSocket socket = new TlsSocket(tcp, conn);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static void readUntilQuiet(TlsSocket socket) throws Exception {
        socket.setSoTimeout(500);
        byte[] buf = new byte[4096];
        try {
            while (socket.getInputStream().read(buf) >= 0) {
                // s_server echoes nothing unless typed at; this only collects the tickets
            }
        } catch (SocketTimeoutException quiet) {
            // the tickets came with the first read
        }
    }

    @Test
    void parapetClientSendsEarlyDataToOpensslServer() throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, "-tls1_3", "-cert", chainAndKey[0].toString(),
                "-key", chainAndKey[1].toString(), "-early_data"))) {
            TlsClientConfig config = fx.client().build();
            try (TlsSocket first = connect(config, server.port(), EARLY)) {
                assertEquals(EarlyDataStatus.NOT_OFFERED, first.connection().earlyDataStatus(), "no ticket yet");
                readUntilQuiet(first);
            }
            try (TlsSocket second = connect(config, server.port(), EARLY)) {
                assertTrue(second.session().resumed(), server.describe());
                assertEquals(EarlyDataStatus.ACCEPTED, second.connection().earlyDataStatus(), server.describe());
                server.awaitOutput(EARLY.trim(), WAIT);
                readUntilQuiet(second);
            }
            assertTrue(server.output().contains("Early data received"), server.describe());
        }
    }

    // ---- openssl s_client -sess_out, then -sess_in -early_data, against a Parapet server

    @Test
    void opensslClientSendsEarlyDataToParapetServer() throws Exception {
        List<String> early = new CopyOnWriteArrayList<>();
        ParapetServer server = ParapetServer.start(fx.server(KeyType.ECDSA_P256).maxEarlyData(16384).build(),
                (socket, s) -> {
                    String request = ParapetServer.readUntil(socket.getInputStream(), "\r\n\r\n");
                    early.add(socket.connection().earlyDataStatus() + " " + request.trim());
                    TlsSession session = socket.session();
                    String body = ParapetServer.RESPONSE_BODY + " resumed=" + session.resumed() + " early="
                            + socket.connection().earlyDataStatus() + "\n";
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                            + body).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                });
        try (server) {
            Path session = tmp.resolve("early-session.pem");
            Path request = tmp.resolve("early-request.txt");
            Files.writeString(request, ParapetClient.REQUEST);
            String first = sClient(server.port(), true, "-sess_out", session.toString());
            assertTrue(first.contains("early=NOT_OFFERED"), first);
            String second = sClient(server.port(), false, "-sess_in", session.toString(),
                    "-early_data", request.toString());
            assertTrue(second.contains("Reused, TLSv1.3"), second);
            assertTrue(second.contains("Early data was accepted"), second);
            assertTrue(second.contains("resumed=true early=ACCEPTED"), second);
            assertEquals("ACCEPTED GET / HTTP/1.0", early.get(1));
        }
    }

    private static String sClient(int port, boolean requestOnStdin, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST, "-ign_eof"));
        cmd.addAll(List.of(extra));
        try (PeerProcess client = PeerProcess.start(fx.dir(), cmd)) {
            if (requestOnStdin) {
                client.send(ParapetClient.REQUEST);
            }
            client.closeStdin();
            assertEquals(0, client.awaitExit(WAIT), client.describe());
            String out = client.output();
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY), client.describe());
            return out;
        }
    }
}
