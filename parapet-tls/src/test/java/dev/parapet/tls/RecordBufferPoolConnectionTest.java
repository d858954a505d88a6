package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.record.RecordBufferPool;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connections of one config share its record buffer pool: buffers go back, are never shared, data stays intact. */
class RecordBufferPoolConnectionTest {
    private static final TestPki PKI = TestPki.create(KeyType.ECDSA_P256);

    private static TlsClientConfig client(CipherSuite suite, int poolCapacity) {
        return TlsClientConfig.builder().cipherSuites(suite).versions(suite.version()).legacy(true)
                .recordBufferPoolCapacity(poolCapacity)
                .certificateVerifier(new PkixCertificateVerifier(PKI.trustAnchors())).build();
    }

    private static TlsServerConfig server(CipherSuite suite, int poolCapacity) {
        return TlsServerConfig.builder().cipherSuites(suite).versions(suite.version()).legacy(true)
                .recordBufferPoolCapacity(poolCapacity)
                .certificate(PKI.issue(KeyType.ECDSA_P256, "server.test")).build();
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"})
    void manyConnectionsShareThePoolAndEveryBufferComesBack(CipherSuite suite) throws Exception {
        TlsClientConfig cc = client(suite, 8);
        TlsServerConfig sc = server(suite, 8);
        Random random = new Random(7);
        for (int round = 0; round < 3; round++) {
            TlsConnection[] clients = new TlsConnection[3];
            TlsConnection[] servers = new TlsConnection[3];
            MemoryPipe[] pipes = new MemoryPipe[3];
            for (int i = 0; i < 3; i++) {
                clients[i] = TlsConnection.client(cc, "server.test");
                servers[i] = TlsConnection.server(sc);
                pipes[i] = new MemoryPipe(clients[i], servers[i]);
                pipes[i].handshake();
            }
            for (int i = 0; i < 3; i++) {
                byte[] data = new byte[1 + random.nextInt(50_000)];
                random.nextBytes(data);
                assertArrayEquals(data, pipes[i].transfer(clients[i], servers[i], data), suite + " c->s " + i);
                assertArrayEquals(data, pipes[i].transfer(servers[i], clients[i], data), suite + " s->c " + i);
            }
            assertAllBack(cc.recordBufferPool(), suite + " client pool, round " + round);
            assertAllBack(sc.recordBufferPool(), suite + " server pool, round " + round);
        }
        // three rounds of three connections, yet the pools allocated only what was in use at once
        assertTrue(sc.recordBufferPool().allocations() <= 6, "server pool allocated "
                + sc.recordBufferPool().allocations());
    }

    /** Every buffer a pool allocated is free again: no idle connection holds one. */
    private static void assertAllBack(RecordBufferPool pool, String what) {
        assertEquals(pool.allocations(), pool.freeBuffers(), what);
    }

    @Test
    void liveConnectionsWithUnreadRecordsNeverShareABuffer() throws Exception {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        TlsClientConfig cc = client(suite, 4);
        TlsServerConfig sc = server(suite, 4);
        int n = 5;
        TlsConnection[] clients = new TlsConnection[n];
        TlsConnection[] servers = new TlsConnection[n];
        MemoryPipe[] pipes = new MemoryPipe[n];
        for (int i = 0; i < n; i++) {
            clients[i] = TlsConnection.client(cc, "server.test");
            servers[i] = TlsConnection.server(sc);
            pipes[i] = new MemoryPipe(clients[i], servers[i]);
            pipes[i].handshake();
        }
        // each server opens a record and keeps it unread, so each holds a borrowed buffer at once
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[3000];
            Arrays.fill(data, (byte) ('a' + i));
            clients[i].write(ByteBuffer.wrap(data));
            pipes[i].pump();
            assertEquals(3000, servers[i].available());
        }
        for (int i = 0; i < n; i++) {
            ByteBuffer got = ByteBuffer.allocate(3000);
            servers[i].read(got);
            byte[] want = new byte[3000];
            Arrays.fill(want, (byte) ('a' + i));
            assertArrayEquals(want, got.array(), "connection " + i + " read another connection's record");
        }
        // five were in use at once; once read, four free buffers are kept (the capacity) and the fifth dropped
        assertEquals(5, sc.recordBufferPool().allocations());
        assertEquals(4, sc.recordBufferPool().freeBuffers());
    }

    @Test
    void partlyReadRecordSurvivesOtherConnectionsTraffic() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        TlsClientConfig cc = client(suite, 1);
        TlsServerConfig sc = server(suite, 1);
        TlsConnection c1 = TlsConnection.client(cc, "server.test");
        TlsConnection s1 = TlsConnection.server(sc);
        TlsConnection c2 = TlsConnection.client(cc, "server.test");
        TlsConnection s2 = TlsConnection.server(sc);
        MemoryPipe p1 = new MemoryPipe(c1, s1);
        MemoryPipe p2 = new MemoryPipe(c2, s2);
        p1.handshake();
        p2.handshake();
        byte[] first = new byte[10_000];
        new Random(1).nextBytes(first);
        c1.write(ByteBuffer.wrap(first));
        p1.pump();
        ByteBuffer got = ByteBuffer.allocate(first.length);
        got.limit(100);
        s1.read(got); // read a little, keep the rest in the borrowed buffer
        byte[] other = new byte[16_000];
        new Random(2).nextBytes(other);
        assertArrayEquals(other, p2.transfer(c2, s2, other));
        got.limit(got.capacity());
        while (got.hasRemaining() && s1.read(got) > 0) {
            p1.pump();
        }
        assertArrayEquals(first, got.array());
    }

    @Test
    void defaultConfigHasABoundedPool() {
        TlsServerConfig sc = TlsServerConfig.builder().certificate(PKI.issue(KeyType.ECDSA_P256, "server.test"))
                .build();
        assertEquals(RecordBufferPool.DEFAULT_CAPACITY, sc.recordBufferPool().capacity());
    }
}
