package dev.parapet.tls.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.TrafficKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordLayerTest {
    private static final Random RANDOM = new Random(42);

    static TrafficKeys keys(CipherSuite suite) {
        byte[] key = new byte[suite.keyLength()];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(iv);
        return new TrafficKeys(key, iv);
    }

    static ByteBuffer plaintextRecord(int type, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) type).put((byte) 3).put((byte) 3)
                .putShort((short) payload.length).put(payload).flip();
    }

    @Test
    void waitsForAWholeRecordThenHandsItOut() throws TlsException {
        RecordLayer layer = new RecordLayer();
        ByteBuffer whole = plaintextRecord(ContentType.HANDSHAKE, new byte[] {1, 2, 3, 4});
        ByteBuffer in = ByteBuffer.allocate(100);
        for (int i = 0; i < whole.limit() - 1; i++) {
            in.put(whole.get(i));
            in.flip();
            assertEquals(-1, layer.read(in));
            assertEquals(0, in.position(), "nothing is consumed until the record is whole");
            in.position(in.limit()).limit(in.capacity());
        }
        in.put(whole.get(whole.limit() - 1)).flip();
        assertEquals(ContentType.HANDSHAKE, layer.read(in));
        assertEquals(4, layer.payload().remaining());
        assertEquals(0, in.remaining());
    }

    @Test
    void oversizedPlaintextRecordIsRecordOverflow() {
        RecordLayer layer = new RecordLayer();
        ByteBuffer in = ByteBuffer.allocate(5).put(new byte[] {22, 3, 3, 0x40, 0x01}).flip();
        assertEquals(AlertDescription.RECORD_OVERFLOW,
                assertThrows(TlsException.class, () -> layer.read(in)).alert());
    }

    @Test
    void oversizedCiphertextIsRecordOverflow() {
        RecordLayer layer = new RecordLayer();
        layer.setReadProtection(Tls13RecordProtection.forReading(CipherSuite.TLS_AES_128_GCM_SHA256,
                keys(CipherSuite.TLS_AES_128_GCM_SHA256)));
        int tooLong = (1 << 14) + 257;
        ByteBuffer in = ByteBuffer.allocate(5).put(new byte[] {23, 3, 3, (byte) (tooLong >> 8), (byte) tooLong})
                .flip();
        assertEquals(AlertDescription.RECORD_OVERFLOW,
                assertThrows(TlsException.class, () -> layer.read(in)).alert());
    }

    @Test
    void unknownContentTypeIsUnexpectedMessage() {
        RecordLayer layer = new RecordLayer();
        ByteBuffer in = plaintextRecord(99, new byte[] {1});
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE,
                assertThrows(TlsException.class, () -> layer.read(in)).alert());
    }

    @Test
    void plainHttpIsNamed() {
        RecordLayer layer = new RecordLayer();
        ByteBuffer in = ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes());
        TlsException e = assertThrows(TlsException.class, () -> layer.read(in));
        assertTrue(e.getMessage().contains("HTTP"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"})
    void sealedRecordsOpenInOrderAndSplitAt16K(CipherSuite suite) throws TlsException {
        TrafficKeys k = keys(suite);
        RecordLayer writer = new RecordLayer();
        writer.setWriteProtection(Tls13RecordProtection.forWriting(suite, k));
        RecordLayer reader = new RecordLayer();
        reader.setReadProtection(Tls13RecordProtection.forReading(suite, k));
        byte[] data = new byte[40000];
        RANDOM.nextBytes(data);
        writer.write(ContentType.APPLICATION_DATA, ByteBuffer.wrap(data));
        writer.write(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {24, 0, 0, 1, 0}));
        ByteBuffer wire = ByteBuffer.allocate(writer.pendingOutput());
        writer.drain(wire);
        wire.flip();
        ByteBuffer got = ByteBuffer.allocate(data.length);
        int records = 0;
        while (got.hasRemaining()) {
            assertEquals(ContentType.APPLICATION_DATA, reader.read(wire));
            assertTrue(reader.payload().remaining() <= 1 << 14);
            got.put(reader.payload());
            records++;
        }
        assertEquals(3, records);
        assertTrue(Arrays.equals(data, got.array()));
        assertEquals(ContentType.HANDSHAKE, reader.read(wire));
        assertEquals(5, reader.payload().remaining());
        assertEquals(4, reader.readProtection().sequenceNumber());
    }

    /**
     * writeInto seals straight into the caller's buffer and readInto opens application data straight into the
     * caller's, moves a handshake message to payload() (leaving the caller's buffer as it was) and declines what
     * does not fit or is not application data, consuming nothing.
     */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    void directSealingAndOpening(CipherSuite suite) throws TlsException {
        TrafficKeys k = keys(suite);
        RecordLayer writer = new RecordLayer();
        writer.setWriteProtection(Tls13RecordProtection.forWriting(suite, k));
        RecordLayer reader = new RecordLayer();
        reader.setReadProtection(Tls13RecordProtection.forReading(suite, k));
        byte[] data = new byte[1 << 14];
        RANDOM.nextBytes(data);
        ByteBuffer wire = ByteBuffer.allocate(3 * RecordLayer.MAX_CIPHERTEXT);
        writer.writeInto(ContentType.APPLICATION_DATA, ByteBuffer.wrap(data), wire);
        assertEquals(writer.maxRecordLength(data.length), wire.position());
        assertEquals(0, writer.pendingOutput());
        writer.writeInto(ContentType.HANDSHAKE, ByteBuffer.wrap(new byte[] {24, 0, 0, 1, 0}), wire);
        writer.writeInto(ContentType.APPLICATION_DATA, ByteBuffer.wrap(data, 0, 100), wire);
        wire.flip();

        ByteBuffer small = ByteBuffer.allocate(1000);
        assertEquals(RecordLayer.NOT_DIRECT, reader.readInto(wire, small));
        assertEquals(0, wire.position());
        ByteBuffer dst = ByteBuffer.allocate(2 * RecordLayer.MAX_CIPHERTEXT);
        assertEquals(ContentType.APPLICATION_DATA, reader.readInto(wire, dst));
        assertEquals(data.length, dst.position());
        assertTrue(Arrays.equals(data, Arrays.copyOf(dst.array(), data.length)));
        assertEquals(0, dst.get(dst.position()), "no inner content type left past the data");
        assertEquals(ContentType.HANDSHAKE, reader.readInto(wire, dst));
        assertEquals(data.length, dst.position());
        assertEquals(5, reader.payload().remaining());
        assertEquals(24, reader.payload().get(0));
        assertEquals(0, dst.get(data.length), "the handshake message moved out of the caller's buffer");
        reader.recycleInput();
        assertEquals(ContentType.APPLICATION_DATA, reader.readInto(wire, dst));
        assertEquals(data.length + 100, dst.position());
        assertEquals(-1, reader.readInto(wire, dst));
        assertEquals(3, reader.readProtection().sequenceNumber());
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"})
    void flippedBitIsBadRecordMac(CipherSuite suite) throws TlsException {
        TrafficKeys k = keys(suite);
        RecordLayer writer = new RecordLayer();
        writer.setWriteProtection(Tls13RecordProtection.forWriting(suite, k));
        writer.write(ContentType.APPLICATION_DATA, ByteBuffer.wrap("secret".getBytes()));
        ByteBuffer wire = ByteBuffer.allocate(writer.pendingOutput());
        writer.drain(wire);
        wire.flip();
        for (int i = 0; i < wire.limit(); i++) {
            if (i == 0 || i == 1 || i == 3 || i == 4) {
                continue; // header bytes that change framing are tested elsewhere
            }
            ByteBuffer bad = ByteBuffer.allocate(wire.limit()).put(wire.duplicate()).flip();
            bad.put(i, (byte) (bad.get(i) ^ 0x01));
            RecordLayer reader = new RecordLayer();
            reader.setReadProtection(Tls13RecordProtection.forReading(suite, k));
            TlsException e = assertThrows(TlsException.class, () -> reader.read(bad), "byte " + i);
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        }
    }

    /** RFC 8446, 5.4: zero padding after the content type is removed; a record of only zeros is refused. */
    @Test
    void paddingIsStrippedAndAllZeroIsUnexpectedMessage() throws Exception {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        TrafficKeys k = keys(suite);
        byte[] inner = new byte[] {'h', 'i', ContentType.APPLICATION_DATA, 0, 0, 0, 0, 0};
        RecordLayer reader = new RecordLayer();
        reader.setReadProtection(Tls13RecordProtection.forReading(suite, k));
        assertEquals(ContentType.APPLICATION_DATA, reader.read(sealByHand(k, 0, inner)));
        assertEquals(2, reader.payload().remaining());
        TlsException e = assertThrows(TlsException.class, () -> reader.read(sealByHand(k, 1, new byte[10])));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
    }

    /** RFC 8446, 5: change_cipher_spec is never protected; inside a protected record it is unexpected_message. */
    @Test
    void protectedChangeCipherSpecIsUnexpectedMessage() throws Exception {
        TrafficKeys k = keys(CipherSuite.TLS_AES_128_GCM_SHA256);
        RecordLayer reader = new RecordLayer();
        reader.setReadProtection(Tls13RecordProtection.forReading(CipherSuite.TLS_AES_128_GCM_SHA256, k));
        TlsException e = assertThrows(TlsException.class,
                () -> reader.read(sealByHand(k, 0, new byte[] {1, ContentType.CHANGE_CIPHER_SPEC})));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
    }

    @Test
    void innerPlaintextOver16KIsRecordOverflow() throws Exception {
        TrafficKeys k = keys(CipherSuite.TLS_AES_128_GCM_SHA256);
        byte[] inner = new byte[(1 << 14) + 2];
        inner[inner.length - 1] = ContentType.APPLICATION_DATA;
        RecordLayer reader = new RecordLayer();
        reader.setReadProtection(Tls13RecordProtection.forReading(CipherSuite.TLS_AES_128_GCM_SHA256, k));
        TlsException e = assertThrows(TlsException.class, () -> reader.read(sealByHand(k, 0, inner)));
        assertEquals(AlertDescription.RECORD_OVERFLOW, e.alert());
    }

    /** An independent AES-GCM sealer, so the reader is not only checked against our own writer. */
    static ByteBuffer sealByHand(TrafficKeys k, long seq, byte[] inner) throws Exception {
        int len = inner.length + 16;
        byte[] header = {23, 3, 3, (byte) (len >> 8), (byte) len};
        byte[] nonce = k.iv().clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (seq >>> (8 * i));
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.key(), "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(header);
        byte[] ct = c.doFinal(inner);
        return ByteBuffer.allocate(5 + ct.length).put(header).put(ct).flip();
    }
}
