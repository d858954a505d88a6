package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.io.nio.ConnectionHandler;
import dev.parapet.tls.io.nio.NioConnection;
import dev.parapet.tls.io.nio.NioTlsServer;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code openssl s_client} against {@link NioTlsServer}: echo over TLS 1.3 and 1.2, several clients at once. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NioServerOpensslTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;

    final BlockingQueue<Object> closes = new LinkedBlockingQueue<>();
    NioTlsServer server;

    @BeforeAll
    static void setUp() {
        openssl = PeerProcess.requireBinary("openssl");
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
        PeerProcess.killAll();
    }

    void startEcho() throws Exception {
        server = NioTlsServer.builder().config(fx.server(KeyType.ECDSA_P256).build()).handler(new ConnectionHandler() {
            @Override
            public void onData(NioConnection c, ByteBuffer data) {
                c.write(data);
            }

            @Override
            public void onClose(NioConnection c, Exception failure) {
                closes.add(failure == null ? "clean" : failure);
            }
        }).build().start();
    }

    PeerProcess sClient(String version) throws Exception {
        return PeerProcess.start(fx.dir(), List.of(openssl, "s_client", "-connect", "127.0.0.1:" + server.port(),
                version, "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST,
                "-verify_hostname", Fixtures.HOST, "-ign_eof"));
    }

    @Test
    void opensslClientsGetTheirLinesEchoed() throws Exception {
        startEcho();
        List<PeerProcess> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PeerProcess c = sClient(i % 2 == 0 ? "-tls1_3" : "-tls1_2");
            clients.add(c);
            c.send("line from client " + i + "\n");
        }
        for (int i = 0; i < clients.size(); i++) {
            PeerProcess c = clients.get(i);
            String out = c.awaitOutput("line from client " + i + "\n", WAIT);
            assertTrue(out.contains("Verify return code: 0 (ok)"), c.describe());
            assertTrue(out.contains(i % 2 == 0 ? "New, TLSv1.3" : "New, TLSv1.2"), c.describe());
        }
        server.shutdown(Duration.ofSeconds(10)); // close_notify to each s_client
        for (PeerProcess c : clients) {
            c.awaitExit(WAIT);
        }
        for (int i = 0; i < clients.size(); i++) {
            Object close = closes.poll(20, TimeUnit.SECONDS);
            assertTrue(close != null, "server reported every close");
        }
        assertEquals(0, server.connectionCount());
        assertNull(closes.poll());
        server = null;
    }
}
