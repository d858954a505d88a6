package dev.parapet.tls.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Tls12RecordProtectionTest {
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 31, 100, 255, 256, 1000, 1 << 14};
    private static final String BAD_MAC = "record authentication failed (bad_record_mac)";

    /** A SecureRandom that hands out a fixed byte pattern, so a CBC record's IV is known to the test. */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] pattern;

        FixedRandom(byte[] pattern) {
            this.pattern = pattern;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = pattern[i % pattern.length];
            }
        }
    }

    /** One direction: a writer and a reader sharing keys. */
    record Pair(String name, RecordProtection writer, RecordProtection reader) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Pair pair(CipherSuite suite, boolean etm, long seed) {
        Random r = new Random(seed);
        byte[] key = new byte[suite.keyLength()];
        r.nextBytes(key);
        if (suite.cipher().isAead()) {
            byte[] iv = new byte[suite.cipher().fixedIvLength()];
            r.nextBytes(iv);
            return new Pair(suite.name(), new Tls12AeadProtection(suite, key, iv),
                    new Tls12AeadProtection(suite, key, iv));
        }
        byte[] macKey = new byte[suite.macLength()];
        r.nextBytes(macKey);
        SecureRandom random = new SecureRandom();
        return new Pair(suite.name() + (etm ? " EtM" : " MtE"),
                new Tls12CbcProtection(suite, key, macKey, etm, random),
                new Tls12CbcProtection(suite, key, macKey, etm, random));
    }

    static Stream<Arguments> everySuite() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.tls12()) {
            out.add(Arguments.of(suite, false));
            if (!suite.cipher().isAead()) {
                out.add(Arguments.of(suite, true));
            }
        }
        return out.stream();
    }

    static ByteBuffer seal(RecordProtection p, int type, byte[] content) throws TlsException {
        ByteBuffer out = ByteBuffer.allocate(p.maxRecordLength(content.length));
        ByteBuffer in = ByteBuffer.wrap(content);
        p.seal(type, in, out);
        assertFalse(in.hasRemaining());
        assertFalse(out.hasRemaining(), "maxRecordLength must be exact for a sealed record");
        return out.flip();
    }

    /** Opens a whole record (header + fragment) the way RecordLayer does. */
    static byte[] open(RecordProtection p, ByteBuffer record, int expectedType) throws TlsException {
        byte[] header = new byte[5];
        ByteBuffer r = record.duplicate();
        r.get(header);
        assertEquals(((header[3] & 0xff) << 8) | (header[4] & 0xff), r.remaining());
        ByteBuffer out = ByteBuffer.allocate(RecordLayer.MAX_CIPHERTEXT);
        assertEquals(expectedType, p.open(header, r, out));
        return Arrays.copyOf(out.array(), out.position());
    }

    static TlsException openFails(RecordProtection p, byte[] record) {
        return assertThrows(TlsException.class, () -> open(p, ByteBuffer.wrap(record), -1));
    }

    @ParameterizedTest
    @MethodSource("everySuite")
    void roundTripsAndCountsRecords(CipherSuite suite, boolean etm) throws TlsException {
        Pair p = pair(suite, etm, 1);
        Random r = new Random(7);
        assertFalse(p.writer().hidesContentType());
        assertEquals((1 << 14) + 2048, p.reader().maxFragmentLength());
        long n = 0;
        for (int length : LENGTHS) {
            byte[] content = new byte[length];
            r.nextBytes(content);
            int type = length % 2 == 0 ? ContentType.APPLICATION_DATA : ContentType.HANDSHAKE;
            ByteBuffer record = seal(p.writer(), type, content);
            assertEquals(type, record.get(0));
            assertEquals(3, record.get(1));
            assertEquals(3, record.get(2));
            assertArrayEquals(content, open(p.reader(), record, type), p + " length " + length);
            n++;
            assertEquals(n, p.writer().sequenceNumber());
            assertEquals(n, p.reader().sequenceNumber());
        }
    }

    @ParameterizedTest
    @MethodSource("everySuite")
    void recordsMustArriveInOrder(CipherSuite suite, boolean etm) throws TlsException {
        Pair p = pair(suite, etm, 2);
        ByteBuffer first = seal(p.writer(), ContentType.APPLICATION_DATA, new byte[] {1});
        ByteBuffer second = seal(p.writer(), ContentType.APPLICATION_DATA, new byte[] {2});
        // skipping record 0: record 1 under sequence number 0 does not authenticate
        TlsException e = assertThrows(TlsException.class, () -> open(p.reader(), second, 23));
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        assertEquals(BAD_MAC, e.getMessage());
        assertTrue(first.hasRemaining());
    }

    @ParameterizedTest
    @MethodSource("everySuite")
    void everyFlippedBitIsBadRecordMac(CipherSuite suite, boolean etm) throws TlsException {
        Pair p = pair(suite, etm, 3);
        byte[] content = "a flipped bit anywhere is bad_record_mac".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] record = toArray(seal(p.writer(), ContentType.APPLICATION_DATA, content));
        for (int i = 0; i < record.length; i++) {
            if (i == 3 || i == 4) {
                continue; // the length field frames the record; RecordLayer reads it, it is not the protection's
            }
            for (int bit : new int[] {0, 7}) {
                Pair fresh = pair(suite, etm, 3);
                byte[] tampered = record.clone();
                tampered[i] ^= (byte) (1 << bit);
                TlsException e = openFails(fresh.reader(), tampered);
                assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), p + " byte " + i);
                assertEquals(BAD_MAC, e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everySuite")
    void truncatedAndShortFragmentsAreBadRecordMac(CipherSuite suite, boolean etm) throws TlsException {
        Pair p = pair(suite, etm, 4);
        byte[] record = toArray(seal(p.writer(), ContentType.APPLICATION_DATA, new byte[40]));
        for (int cut : new int[] {1, 15, 16, 17, record.length - 5}) {
            byte[] shorter = Arrays.copyOf(record, record.length - cut);
            int fragment = shorter.length - 5;
            shorter[3] = (byte) (fragment >>> 8);
            shorter[4] = (byte) fragment;
            TlsException e = openFails(pair(suite, etm, 4).reader(), shorter);
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), p + " cut " + cut);
            assertEquals(BAD_MAC, e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("everySuite")
    void refusesToSealMoreThan2To14(CipherSuite suite, boolean etm) {
        Pair p = pair(suite, etm, 5);
        assertThrows(TlsException.class, () -> seal(p.writer(), 23, new byte[(1 << 14) + 1]));
    }

    // --- CBC, MAC-then-encrypt, records built by hand with javax.crypto ---

    private static final CipherSuite CBC = CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA;
    private static final byte[] KEY = hexSeq(16, 0x10);
    private static final byte[] MAC_KEY = hexSeq(20, 0x40);
    private static final byte[] IV = hexSeq(16, 0xa0);

    private static byte[] hexSeq(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    /** header || IV || AES-CBC(content || mac || padding), with padding and MAC chosen by the caller. */
    static byte[] handMadeCbcRecord(CipherSuite suite, byte[] key, byte[] macKey, byte[] iv, long seq, int type,
                                    byte[] content, byte[] macOverride, byte[] padding) throws Exception {
        Mac mac = Mac.getInstance(suite.macAlgorithm());
        mac.init(new SecretKeySpec(macKey, suite.macAlgorithm()));
        mac.update(ByteBuffer.allocate(13).putLong(seq).put((byte) type).put((byte) 3).put((byte) 3)
                .putShort((short) content.length).array());
        byte[] tag = macOverride != null ? macOverride : mac.doFinal(content);
        byte[] plain = concat(content, tag, padding);
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] ct = aes.doFinal(plain);
        byte[] fragment = concat(iv, ct);
        return concat(new byte[] {(byte) type, 3, 3, (byte) (fragment.length >>> 8), (byte) fragment.length},
                fragment);
    }

    static byte[] padding(int paddingLength) {
        byte[] p = new byte[paddingLength + 1];
        Arrays.fill(p, (byte) paddingLength);
        return p;
    }

    static Tls12CbcProtection cbcReader() {
        return new Tls12CbcProtection(CBC, KEY, MAC_KEY, false, new SecureRandom());
    }

    @Test
    void cbcKnownAnswerMatchesPlainJavaxCrypto() throws Exception {
        byte[] content = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // RFC 4346, 6.2.3.2 (2)(b): the random block R = IV goes through the chain first (a fresh Cipher's is zero),
        // and its ciphertext is the explicit IV. 18 content + 20 MAC = 38; 10 bytes of padding make 48
        byte[] explicitIv = aesBlock(KEY, IV);
        byte[] expected = handMadeCbcRecord(CBC, KEY, MAC_KEY, explicitIv, 0, 23, content, null, padding(9));
        Tls12CbcProtection writer = new Tls12CbcProtection(CBC, KEY, MAC_KEY, false, new FixedRandom(IV));
        assertArrayEquals(expected, toArray(seal(writer, 23, content)));
        assertArrayEquals(content, open(cbcReader(), ByteBuffer.wrap(expected), 23));
    }

    @Test
    void cbcEncryptThenMacKnownAnswer() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384;
        byte[] key = hexSeq(32, 0x01);
        byte[] macKey = hexSeq(48, 0x30);
        byte[] content = new byte[33];
        Arrays.fill(content, (byte) 'x');
        // RFC 7366: pad to the block (33 + 15 = 48), encrypt, then HMAC over header(len = 16 + 48) || IV || ct
        Tls12CbcProtection writer = new Tls12CbcProtection(suite, key, macKey, true, new FixedRandom(IV));
        ByteBuffer previous = null;
        for (int i = 0; i < 5; i++) {
            previous = seal(writer, 23, new byte[1]); // advance to sequence number 5
        }
        // RFC 4346, 6.2.3.2 (2)(b): the explicit IV is E(residue XOR R), residue the previous record's last block
        byte[] residue = new byte[16];
        previous.get(previous.limit() - 48 - 16, residue);
        for (int i = 0; i < 16; i++) {
            residue[i] ^= IV[i];
        }
        byte[] explicitIv = aesBlock(key, residue);
        byte[] plain = concat(content, padding(14));
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(explicitIv));
        byte[] ivAndCt = concat(explicitIv, aes.doFinal(plain));
        Mac mac = Mac.getInstance("HmacSHA384");
        mac.init(new SecretKeySpec(macKey, "HmacSHA384"));
        mac.update(ByteBuffer.allocate(13).putLong(5).put((byte) 22).put((byte) 3).put((byte) 3)
                .putShort((short) ivAndCt.length).array());
        byte[] fragment = concat(ivAndCt, mac.doFinal(ivAndCt));
        byte[] expected = concat(new byte[] {22, 3, 3, (byte) (fragment.length >>> 8), (byte) fragment.length},
                fragment);
        assertArrayEquals(expected, toArray(seal(writer, 22, content)));
    }

    /** The block cipher alone on one block. */
    private static byte[] aesBlock(byte[] key, byte[] block) throws Exception {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return aes.doFinal(block);
    }

    @Test
    void everyCbcFailureLooksTheSame() throws Exception {
        byte[] content = new byte[30];
        Arrays.fill(content, (byte) 'c');
        // 30 + 20 = 50: 14 bytes to the next block (padding_length 13), or 30 more (padding_length 29)
        assertArrayEquals(content, open(cbcReader(),
                ByteBuffer.wrap(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, padding(13))), 23));
        assertArrayEquals(content, open(cbcReader(),
                ByteBuffer.wrap(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, padding(29))), 23));

        List<byte[]> bad = new ArrayList<>();
        byte[] wrongPaddingByte = padding(13);
        wrongPaddingByte[3] = 12;
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, wrongPaddingByte));
        byte[] wrongFirstPaddingByte = padding(29);
        wrongFirstPaddingByte[0] = 0;
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, wrongFirstPaddingByte));
        // long valid-looking padding (75) under a zero MAC; padding_length 255 in a 256-byte record (no room for a MAC)
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, new byte[0], new byte[20], padding(75)));
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, new byte[0], new byte[0], padding(255)));
        // padding length byte claims one more than there is
        byte[] longerClaim = padding(13);
        longerClaim[13] = 14;
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, longerClaim));
        // bad MAC, good padding
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, new byte[20], padding(13)));
        // MAC over another sequence number / type
        bad.add(handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 1, 23, content, null, padding(13)));
        byte[] otherType = handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 22, content, null, padding(13));
        otherType[0] = 23;
        bad.add(otherType);
        // wrong key
        bad.add(handMadeCbcRecord(CBC, hexSeq(16, 0x11), MAC_KEY, IV, 0, 23, content, null, padding(13)));
        // not a whole number of blocks, and too short for IV + MAC + padding byte
        byte[] good = handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, padding(13));
        bad.add(reframe(Arrays.copyOf(good, good.length - 1)));
        bad.add(reframe(Arrays.copyOf(good, 5 + 32)));
        bad.add(reframe(Arrays.copyOf(good, 5)));
        for (int i = 0; i < bad.size(); i++) {
            TlsException e = openFails(cbcReader(), bad.get(i));
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), "case " + i);
            assertEquals(BAD_MAC, e.getMessage(), "case " + i);
            assertEquals(null, e.getCause(), "case " + i);
        }
    }

    @Test
    void everyPaddingLengthOpensInMacThenEncrypt() throws Exception {
        // content length + 20 + padding + 1 is a block multiple for each of these; padding up to 255
        for (int paddingLength = 0; paddingLength < 256; paddingLength++) {
            int contentLength = ((48 - 21 - paddingLength) % 16 + 16) % 16 + 16;
            byte[] content = hexSeq(contentLength, paddingLength);
            byte[] record = handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, padding(paddingLength));
            assertArrayEquals(content, open(cbcReader(), ByteBuffer.wrap(record), 23), "padding " + paddingLength);
        }
    }

    @Test
    void cbcRecordDecryptingToMoreThan2To14IsRecordOverflow() throws Exception {
        byte[] content = new byte[(1 << 14) + 1];
        // 16385 + 20 = 16405; 11 bytes of padding make 16416
        byte[] record = handMadeCbcRecord(CBC, KEY, MAC_KEY, IV, 0, 23, content, null, padding(10));
        assertEquals(AlertDescription.RECORD_OVERFLOW, openFails(cbcReader(), record).alert());
        // ...and a fragment beyond 2^14 + 2048 is refused before decrypting
        byte[] huge = reframe(Arrays.copyOf(record, 5 + (1 << 14) + 2048 + 16));
        assertEquals(AlertDescription.RECORD_OVERFLOW, openFails(cbcReader(), huge).alert());
    }

    // --- AEAD, records built by hand ---

    @Test
    void gcmKnownAnswerMatchesPlainJavaxCrypto() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        byte[] key = hexSeq(16, 0x20);
        byte[] salt = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe};
        Tls12AeadProtection writer = new Tls12AeadProtection(suite, key, salt);
        Tls12AeadProtection reader = new Tls12AeadProtection(suite, key, salt);
        byte[] content = "pong".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (long seq = 0; seq < 3; seq++) {
            byte[] explicit = ByteBuffer.allocate(8).putLong(seq).array();
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, concat(salt, explicit)));
            gcm.updateAAD(ByteBuffer.allocate(13).putLong(seq).put((byte) 23).put((byte) 3).put((byte) 3)
                    .putShort((short) content.length).array());
            byte[] fragment = concat(explicit, gcm.doFinal(content));
            byte[] expected = concat(new byte[] {23, 3, 3, 0, (byte) fragment.length}, fragment);
            assertArrayEquals(expected, toArray(seal(writer, 23, content)), "seq " + seq);
            assertArrayEquals(content, open(reader, ByteBuffer.wrap(expected), 23));
        }
    }

    @Test
    void chachaKnownAnswerMatchesPlainJavaxCrypto() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
        byte[] key = hexSeq(32, 0x50);
        byte[] iv = hexSeq(12, 0x90);
        Tls12AeadProtection writer = new Tls12AeadProtection(suite, key, iv);
        byte[] content = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        seal(writer, 23, content);
        // RFC 7905, 2: nonce = iv XOR (0^32 || seq), seq = 1
        byte[] nonce = iv.clone();
        nonce[11] ^= 1;
        Cipher chacha = Cipher.getInstance("ChaCha20-Poly1305");
        chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        chacha.updateAAD(ByteBuffer.allocate(13).putLong(1).put((byte) 23).put((byte) 3).put((byte) 3)
                .putShort((short) content.length).array());
        byte[] fragment = chacha.doFinal(content);
        byte[] expected = concat(new byte[] {23, 3, 3, 0, (byte) fragment.length}, fragment);
        assertArrayEquals(expected, toArray(seal(writer, 23, content)));
    }

    @Test
    void gcmRecordDecryptingToMoreThan2To14IsRecordOverflow() throws Exception {
        CipherSuite suite = CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384;
        byte[] key = hexSeq(32, 0x20);
        byte[] salt = {1, 2, 3, 4};
        byte[] content = new byte[(1 << 14) + 1];
        byte[] explicit = new byte[8];
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, concat(salt, explicit)));
        gcm.updateAAD(ByteBuffer.allocate(13).putLong(0).put((byte) 23).put((byte) 3).put((byte) 3)
                .putShort((short) content.length).array());
        byte[] fragment = concat(explicit, gcm.doFinal(content));
        byte[] record = concat(new byte[] {23, 3, 3, (byte) (fragment.length >>> 8), (byte) fragment.length},
                fragment);
        TlsException e = openFails(new Tls12AeadProtection(suite, key, salt), record);
        assertEquals(AlertDescription.RECORD_OVERFLOW, e.alert());
    }

    @Test
    void worksInsideTheRecordLayer() throws TlsException {
        for (Arguments args : everySuite().toList()) {
            Pair p = pair((CipherSuite) args.get()[0], (Boolean) args.get()[1], 9);
            RecordLayer sender = new RecordLayer();
            RecordLayer receiver = new RecordLayer();
            sender.setWriteProtection(p.writer());
            receiver.setReadProtection(p.reader());
            byte[] data = new byte[40000];
            new Random(1).nextBytes(data);
            sender.write(ContentType.APPLICATION_DATA, ByteBuffer.wrap(data));
            ByteBuffer wire = ByteBuffer.allocate(sender.pendingOutput());
            sender.drain(wire);
            wire.flip();
            ByteBuffer got = ByteBuffer.allocate(data.length);
            int type;
            while ((type = receiver.read(wire)) != -1) {
                assertEquals(ContentType.APPLICATION_DATA, type);
                got.put(receiver.payload());
            }
            assertArrayEquals(data, got.array(), p.toString());
            assertEquals(3, p.reader().sequenceNumber());
        }
    }

    private static byte[] reframe(byte[] record) {
        int fragment = record.length - 5;
        record[3] = (byte) (fragment >>> 8);
        record[4] = (byte) fragment;
        return record;
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
