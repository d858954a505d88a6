package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections of one config borrow their JCA Ciphers from its pool while records flow and give them back when idle:
 * interleaved connections and KeyUpdates keep every record under its own key, and idle connections hold none.
 */
class CipherPoolConnectionTest {
    private static final TestPki PKI = TestPki.create(KeyType.ECDSA_P256);

    private static TlsClientConfig client(CipherSuite suite, CipherPool pool) {
        return TlsClientConfig.builder().cipherSuites(suite).versions(suite.version()).legacy(true)
                .cryptoProvider(CryptoProvider.jca()).cipherPool(pool)
                .certificateVerifier(new PkixCertificateVerifier(PKI.trustAnchors())).build();
    }

    private static TlsServerConfig server(CipherSuite suite, CipherPool pool) {
        return TlsServerConfig.builder().cipherSuites(suite).versions(suite.version()).legacy(true)
                .cryptoProvider(CryptoProvider.jca()).cipherPool(pool)
                .certificate(PKI.issue(KeyType.ECDSA_P256, "server.test")).build();
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void interleavedConnectionsShareCiphersAndIdleOnesHoldNone(CipherSuite suite) throws Exception {
        // one pool for both sides: a Cipher goes from a client's key to a server's and back; room for every one
        // made, so that "all back" means every instance is free
        CipherPool pool = new CipherPool(64);
        TlsClientConfig cc = client(suite, pool);
        TlsServerConfig sc = server(suite, pool);
        int n = 4;
        TlsConnection[] clients = new TlsConnection[n];
        TlsConnection[] servers = new TlsConnection[n];
        MemoryPipe[] pipes = new MemoryPipe[n];
        for (int i = 0; i < n; i++) {
            clients[i] = TlsConnection.client(cc, "server.test");
            servers[i] = TlsConnection.server(sc);
            pipes[i] = new MemoryPipe(clients[i], servers[i]);
            pipes[i].handshake();
        }
        assertAllBack(pool, suite + " after the handshakes");
        Random random = new Random(3);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                byte[] data = new byte[1 + random.nextInt(40_000)];
                random.nextBytes(data);
                assertArrayEquals(data, pipes[i].transfer(clients[i], servers[i], data), suite + " c->s " + i);
                assertArrayEquals(data, pipes[i].transfer(servers[i], clients[i], data), suite + " s->c " + i);
            }
        }
        assertAllBack(pool, suite + " after the transfers");
        // at most one Cipher per record direction and key (handshake and application, both sides), however many
        // records: none is made per record
        assertTrue(pool.creations() <= 4 * 4 * n, suite + ": made " + pool.creations() + " instances for " + n
                + " connections");
    }

    /** RFC 8446, 4.6.3: a KeyUpdate while the Cipher is back in the pool; the next records use the new keys. */
    @Test
    void keyUpdateWhileIdle() throws Exception {
        CipherPool pool = new CipherPool(16);
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        TlsConnection c = TlsConnection.client(client(suite, pool), "server.test");
        TlsConnection s = TlsConnection.server(server(suite, pool));
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        byte[] data = "before".getBytes();
        assertArrayEquals(data, pipe.transfer(c, s, data));
        for (int i = 0; i < 3; i++) {
            c.updateKeys(true);
            byte[] more = ("after update " + i).getBytes();
            assertArrayEquals(more, pipe.transfer(c, s, more));
            assertArrayEquals(more, pipe.transfer(s, c, more));
            assertAllBack(pool, "after KeyUpdate " + i);
        }
    }

    /** Every instance the pool made is free again: no idle connection holds a Cipher. */
    private static void assertAllBack(CipherPool pool, String what) {
        assertEquals(pool.creations(), pool.freeInstances(), what);
    }
}
