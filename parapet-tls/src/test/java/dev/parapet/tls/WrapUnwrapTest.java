package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TlsConnection.wrap and unwrap, the one-copy-fewer paths: the same bytes as write/sendToNetwork and
 * receiveFromNetwork/read, for every kind of record protection, whatever the room in the caller's buffers; the
 * handshake messages and alerts that come between data records; failures that leave nothing behind.
 */
class WrapUnwrapTest {
    private static TestPki pki;
    private static CertifiedKey leaf;
    private static final Random RANDOM = new Random(8446);

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        leaf = pki.issue(KeyType.ECDSA_P256, "server.test", "127.0.0.1");
    }

    private static TlsConnection[] connect(CipherSuite suite) throws TlsException {
        ProtocolVersion v = suite.isTls13() ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12;
        boolean rsa = suite.name().contains("_RSA_WITH");
        CertifiedKey key = rsa ? pki.issue(KeyType.RSA_2048, "server.test", "127.0.0.1") : leaf;
        TlsClientConfig cc = TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(
                pki.trustAnchors())).versions(v).cipherSuites(suite).legacy(suite.isLegacy()).build();
        TlsServerConfig sc = TlsServerConfig.builder().certificate(key).versions(v).cipherSuites(suite)
                .legacy(suite.isLegacy()).build();
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        return new TlsConnection[] {c, s};
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** from.wrap into a wire of {@code wireRoom}, to.unwrap into reads of {@code readRoom}, until all arrived. */
    private static byte[] send(TlsConnection from, TlsConnection to, byte[] data, int wireRoom, int readRoom)
            throws TlsException {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer wire = ByteBuffer.allocate(wireRoom);
        ByteBuffer got = ByteBuffer.allocate(data.length + readRoom);
        for (int guard = 0; guard < 10_000 && (src.hasRemaining() || from.hasPendingOutput() || wire.position() > 0
                || got.position() < data.length); guard++) {
            if (src.hasRemaining() || from.hasPendingOutput()) {
                from.wrap(src, wire);
            }
            wire.flip();
            int before = got.position();
            ByteBuffer room = got.duplicate().limit(Math.min(got.capacity(), got.position() + readRoom));
            int n = to.unwrap(wire, room);
            got.position(room.position());
            assertEquals(Math.max(n, 0), got.position() - before);
            wire.compact();
        }
        assertEquals(data.length, got.position(), "everything arrived");
        byte[] out = new byte[data.length];
        got.flip().get(out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"})
    void sameBytesWhateverTheRoom(CipherSuite suite) throws Exception {
        TlsConnection[] cs = connect(suite);
        for (int size : new int[] {1, 1000, 16384, 16385, 70_000}) {
            byte[] data = random(size);
            // ample room: direct both ways; then a wire with room for one record (the reader needs that much), so
            // that a partial record stays behind, and reads too small for a record
            assertArrayEquals(data, send(cs[0], cs[1], data, 1 << 17, 1 << 17));
            assertArrayEquals(data, send(cs[1], cs[0], data, 1 << 17, 1 << 17));
            assertArrayEquals(data, send(cs[0], cs[1], data, TlsConnection.MAX_RECORD_SIZE, 1 << 17));
            assertArrayEquals(data, send(cs[0], cs[1], data, 1 << 17, 100));
        }
        // and the old calls still read what wrap sealed, and unwrap what write sealed
        byte[] data = random(20_000);
        MemoryPipe pipe = new MemoryPipe(cs[0], cs[1]);
        assertArrayEquals(data, pipe.transfer(cs[0], cs[1], data));
        assertArrayEquals(data, send(cs[1], cs[0], data, 1 << 17, 1 << 17));
    }

    @Test
    void keyUpdatesBetweenDataRecords() throws Exception {
        TlsConnection[] cs = connect(CipherSuite.TLS_AES_128_GCM_SHA256);
        TlsConnection c = cs[0];
        TlsConnection s = cs[1];
        for (int i = 0; i < 3; i++) {
            c.updateKeys(true); // the KeyUpdate (update_requested) goes out before the next data
            byte[] data = random(30_000);
            assertArrayEquals(data, send(c, s, data, 1 << 17, 1 << 17));
            // the server's answering KeyUpdate leaves before its data, under the old keys
            assertTrue(s.hasPendingOutput());
            assertArrayEquals(data, send(s, c, data, 1 << 17, 1 << 17));
        }
    }

    @Test
    void closeNotifyAfterData() throws Exception {
        TlsConnection[] cs = connect(CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        byte[] data = random(5000);
        ByteBuffer wire = ByteBuffer.allocate(1 << 16);
        cs[0].wrap(ByteBuffer.wrap(data), wire);
        cs[0].closeOutbound();
        cs[0].sendToNetwork(wire);
        wire.flip();
        ByteBuffer got = ByteBuffer.allocate(1 << 15);
        assertEquals(5000, cs[1].unwrap(wire, got));
        assertEquals(-1, cs[1].unwrap(wire, got));
        assertTrue(cs[1].isInboundDone());
        assertFalse(wire.hasRemaining());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"})
    void aTamperedRecordFailsAndLeavesNoPlaintextInTheCallersBuffer(CipherSuite suite) throws Exception {
        TlsConnection[] cs = connect(suite);
        byte[] data = new byte[4000];
        java.util.Arrays.fill(data, (byte) 'x');
        ByteBuffer wire = ByteBuffer.allocate(1 << 16);
        cs[0].wrap(ByteBuffer.wrap(data), wire);
        wire.flip();
        wire.put(wire.limit() - 40, (byte) (wire.get(wire.limit() - 40) ^ 1));
        ByteBuffer got = ByteBuffer.allocate(1 << 15);
        TlsException e = assertThrows(TlsException.class, () -> cs[1].unwrap(wire, got));
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        assertEquals(0, got.position());
        for (int i = 0; i < got.capacity(); i++) {
            assertEquals(0, got.get(i), "byte " + i);
        }
        assertTrue(cs[1].hasPendingOutput(), "the alert waits for the network");
    }

    @Test
    void beforeTheHandshakeItIsReceiveThenRead() throws Exception {
        TlsClientConfig cc = TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(
                pki.trustAnchors())).build();
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(leaf).build());
        assertThrows(IllegalStateException.class, () -> c.wrap(ByteBuffer.allocate(10), ByteBuffer.allocate(100)));
        ByteBuffer a = ByteBuffer.allocate(1 << 16);
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < 10 && (c.isHandshaking() || s.isHandshaking()); i++) {
            c.sendToNetwork(a);
            a.flip();
            assertEquals(0, s.unwrap(a, sink));
            a.compact();
            s.sendToNetwork(b);
            b.flip();
            assertEquals(0, c.unwrap(b, sink));
            b.compact();
        }
        assertFalse(c.isHandshaking());
        assertFalse(s.isHandshaking());
        assertEquals(0, sink.position());
    }
}
