package dev.parapet.tls.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.CipherSuite;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Tls12CbcProtection} keeps one Cipher chaining across records (RFC 4346, 6.2.3.2 (2)(b)). These tests check
 * its records against plain JCA code that uses a fresh Cipher and the explicit IV for every record, in both
 * directions, many records in a row, with heap and direct buffers, MAC-then-encrypt and encrypt-then-MAC.
 */
class Tls12CbcChainingTest {
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4095, 1 << 14, 5, 48};
    private static final String BAD_MAC = "record authentication failed (bad_record_mac)";

    /** A SecureRandom that remembers every block it handed out (each record's secret R). */
    static final class RecordingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        final List<byte[]> handedOut = new ArrayList<>();
        private final Random source;

        RecordingRandom(long seed) {
            this.source = new Random(seed);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
            handedOut.add(bytes.clone());
        }
    }

    /** One case: a CBC suite, MAC-then-encrypt or encrypt-then-MAC, heap or direct buffers. */
    record Case(CipherSuite suite, boolean etm, boolean direct) {
        @Override
        public String toString() {
            return suite + (etm ? " EtM" : " MtE") + (direct ? " direct" : " heap");
        }

        byte[] key() {
            return bytes(suite.keyLength(), 0x11 + suite.ordinal());
        }

        byte[] macKey() {
            return bytes(suite.macLength(), 0x71 + suite.ordinal());
        }

        ByteBuffer buffer(int n) {
            return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        }

        Tls12CbcProtection protection(SecureRandom random, CipherPool pool) {
            return new Tls12CbcProtection(suite, key(), macKey(), etm, random, pool);
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.tls12()) {
            if (suite.cipher().isAead()) {
                continue;
            }
            for (boolean etm : new boolean[] {false, true}) {
                for (boolean direct : new boolean[] {false, true}) {
                    out.add(new Case(suite, etm, direct));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> cbcCases() {
        return cases().map(Arguments::of);
    }

    // --- (1) our records open under a fresh JCA Cipher per record, initialised with the explicit IV ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void sealedRecordsOpenWithAFreshCipherPerRecord(Case c) throws Exception {
        RecordingRandom random = new RecordingRandom(1);
        Tls12CbcProtection writer = c.protection(random, null);
        Random contents = new Random(2);
        byte[] residue = new byte[16]; // the IV the Cipher was initialised with
        Set<String> ivs = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < LENGTHS.length; i++) {
                long seq = writer.sequenceNumber();
                byte[] content = new byte[LENGTHS[i]];
                contents.nextBytes(content);
                int type = i % 3 == 0 ? ContentType.HANDSHAKE : ContentType.APPLICATION_DATA;
                byte[] record = seal(c, writer, type, content);
                assertArrayEquals(content, JcaRecords.open(c.suite(), c.key(), c.macKey(), c.etm(), seq, record),
                        c + " record " + seq);
                byte[] iv = Arrays.copyOfRange(record, 5, 21);
                byte[] r = random.handedOut.get(random.handedOut.size() - 1);
                // RFC 4346, 6.2.3.2 (2)(b): IV = E(residue XOR R); R itself never reaches the wire
                assertArrayEquals(JcaRecords.encryptBlock(c.key(), xor(residue, r)), iv, c + " IV of " + seq);
                assertFalse(contains(record, r), "R was sent in record " + seq);
                assertTrue(ivs.add(Arrays.toString(iv)), "IV repeated");
                int end = record.length - (c.etm() ? c.suite().macLength() : 0);
                residue = Arrays.copyOfRange(record, end - 16, end);
            }
        }
        assertEquals(3L * LENGTHS.length, random.handedOut.size(), "one random block per record");
    }

    // --- (2) records made the old way (fresh random IV and Cipher per record) open with the chaining reader ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void recordsWithFreshIvsOpen(Case c) throws Exception {
        Tls12CbcProtection reader = c.protection(new SecureRandom(), null);
        Random r = new Random(3);
        for (long seq = 0; seq < 2 * LENGTHS.length; seq++) {
            byte[] content = new byte[LENGTHS[(int) (seq % LENGTHS.length)]];
            r.nextBytes(content);
            byte[] iv = new byte[16];
            r.nextBytes(iv);
            int type = seq % 2 == 0 ? ContentType.APPLICATION_DATA : ContentType.ALERT;
            byte[] record = JcaRecords.seal(c.suite(), c.key(), c.macKey(), c.etm(), seq, type, iv, content);
            assertArrayEquals(content, open(c, reader, record, type), c + " record " + seq);
        }
        assertEquals(2L * LENGTHS.length, reader.sequenceNumber());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void chainingWriterAndReaderAgreeOverManyRecords(Case c) throws Exception {
        Tls12CbcProtection writer = c.protection(new SecureRandom(), null);
        Tls12CbcProtection reader = c.protection(new SecureRandom(), null);
        Random r = new Random(4);
        for (int i = 0; i < 200; i++) {
            byte[] content = new byte[r.nextInt(i % 50 == 0 ? 1 << 14 : 300)];
            r.nextBytes(content);
            assertArrayEquals(content, open(c, reader, seal(c, writer, 23, content), 23), c + " record " + i);
        }
    }

    // --- (3) tampering anywhere, in the middle of a chain, is still bad_record_mac ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void tamperingAMidChainRecordIsBadRecordMac(Case c) throws Exception {
        Tls12CbcProtection writer = c.protection(new SecureRandom(), null);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(seal(c, writer, 23, new byte[10 * i + 7]));
        }
        byte[] target = records.get(3);
        for (int i = 0; i < target.length; i++) {
            if (i == 3 || i == 4) {
                continue; // the length field frames the record; the record layer reads it
            }
            for (int bit : new int[] {0, 5}) {
                Tls12CbcProtection reader = c.protection(new SecureRandom(), null);
                for (int k = 0; k < 3; k++) {
                    open(c, reader, records.get(k), 23);
                }
                byte[] tampered = target.clone();
                tampered[i] ^= (byte) (1 << bit);
                TlsException e = assertThrows(TlsException.class, () -> open(c, reader, tampered, 23));
                assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), c + " byte " + i);
                assertEquals(BAD_MAC, e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void aGoodRecordAfterAFailedOneStillOpens(Case c) throws Exception {
        // the connection dies after bad_record_mac; still, nothing the failure left in the Cipher may matter
        Tls12CbcProtection writer = c.protection(new SecureRandom(), null);
        byte[] first = seal(c, writer, 23, new byte[40]);
        byte[] second = seal(c, writer, 23, new byte[20]);
        Tls12CbcProtection reader = c.protection(new SecureRandom(), null);
        byte[] broken = first.clone();
        broken[broken.length - 1] ^= 1;
        assertThrows(TlsException.class, () -> open(c, reader, broken, 23));
        assertArrayEquals(new byte[20], open(c, reader, second, 23)); // sequence number 1, as the writer's
    }

    // --- (4) giving the Cipher back between records, and it serving another key meanwhile ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void releaseAndBorrowBetweenRecords(Case c) throws Exception {
        CipherPool pool = new CipherPool(8); // room for all four protections' instances: none is dropped
        Tls12CbcProtection writer = c.protection(new SecureRandom(), pool);
        Tls12CbcProtection reader = c.protection(new SecureRandom(), pool);
        // another connection's protections, other keys, same pool: they take whatever ours gave back
        byte[] otherKey = bytes(c.suite().keyLength(), 0x5a);
        byte[] otherMacKey = bytes(c.suite().macLength(), 0x3c);
        Tls12CbcProtection otherWriter = new Tls12CbcProtection(c.suite(), otherKey, otherMacKey, c.etm(),
                new SecureRandom(), pool);
        Tls12CbcProtection otherReader = new Tls12CbcProtection(c.suite(), otherKey, otherMacKey, c.etm(),
                new SecureRandom(), pool);
        otherWriter.release();
        otherReader.release();
        Random r = new Random(5);
        long created = -1;
        for (int i = 0; i < 40; i++) {
            byte[] content = new byte[r.nextInt(200)];
            r.nextBytes(content);
            byte[] record = seal(c, writer, 23, content);
            if (i % 2 == 0) {
                writer.release();
            }
            if (i % 3 == 0) {
                // the other pair borrows (LIFO: our Cipher), seals and opens in the other direction, gives back
                byte[] other = seal(c, otherWriter, 23, content);
                assertArrayEquals(content, open(c, otherReader, other, 23));
                otherWriter.release();
                otherReader.release();
            }
            assertArrayEquals(content, open(c, reader, record, 23), c + " record " + i);
            if (i % 5 != 0) {
                reader.release();
            }
            if (i == 10) {
                created = pool.creations();
            }
        }
        assertEquals(created, pool.creations(), "Ciphers and Macs are reused, not made per record");
    }

    @Test
    void oneProtectionMaySealAndOpenInTurn() throws Exception {
        // not how a connection uses it, but switching the Cipher's direction must re-initialise it
        Case c = new Case(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, false, false);
        Tls12CbcProtection writer = c.protection(new SecureRandom(), null);
        Tls12CbcProtection both = c.protection(new SecureRandom(), null);
        byte[] a = seal(c, writer, 23, new byte[33]);
        assertArrayEquals(new byte[33], open(c, both, a, 23));
        byte[] b = seal(c, both, 23, new byte[17]); // sequence number 1 on both sides now
        assertArrayEquals(new byte[17], JcaRecords.open(c.suite(), c.key(), c.macKey(), false, 1, b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cbcCases")
    void sealingFromTheOutputBuffersOwnArray(Case c) throws Exception {
        // plaintext and record in one array (apart): the JDK would copy the input; we must still be right
        Tls12CbcProtection writer = c.protection(new SecureRandom(), null);
        byte[] content = bytes(1000, 6);
        for (long seq = 0; seq < 3; seq++) {
            int room = writer.maxRecordLength(content.length);
            ByteBuffer one = c.buffer(room + content.length);
            one.position(room).put(content);
            ByteBuffer in = one.duplicate().position(room);
            ByteBuffer out = one.duplicate().position(0).limit(room);
            writer.seal(23, in, out);
            assertFalse(out.hasRemaining());
            byte[] record = new byte[room];
            one.get(0, record);
            assertArrayEquals(content, JcaRecords.open(c.suite(), c.key(), c.macKey(), c.etm(), seq, record));
        }
    }

    // --- helpers ---

    static byte[] seal(Case c, RecordProtection p, int type, byte[] content) throws TlsException {
        ByteBuffer in = c.buffer(content.length + 7).position(3);
        in.put(content).flip().position(3);
        ByteBuffer out = c.buffer(p.maxRecordLength(content.length) + 11).position(2);
        p.seal(type, in, out);
        assertFalse(in.hasRemaining());
        assertEquals(p.maxRecordLength(content.length) + 2, out.position());
        out.flip().position(2);
        byte[] record = new byte[out.remaining()];
        out.get(record);
        return record;
    }

    static byte[] open(Case c, RecordProtection p, byte[] record, int expectedType) throws TlsException {
        byte[] header = Arrays.copyOf(record, 5);
        ByteBuffer fragment = c.buffer(record.length + 9).position(4);
        fragment.put(record, 5, record.length - 5).flip().position(4);
        ByteBuffer out = c.buffer(RecordLayer.MAX_CIPHERTEXT);
        assertEquals(expectedType, p.open(header, fragment, out));
        assertFalse(fragment.hasRemaining());
        out.flip();
        byte[] got = new byte[out.remaining()];
        out.get(got);
        return got;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * TLS 1.2 CBC records the plain JCA way, independent of the code under test: a new Cipher per record, initialised
     * with the record's explicit IV, padding and MAC written out per RFC 5246 6.2.3.2 and RFC 7366.
     */
    static final class JcaRecords {
        private JcaRecords() {
        }

        static byte[] seal(CipherSuite suite, byte[] key, byte[] macKey, boolean etm, long seq, int type,
                           byte[] iv, byte[] content) throws Exception {
            Mac mac = mac(suite, macKey);
            int macLength = suite.macLength();
            byte[] plain;
            if (etm) {
                plain = padded(content, content.length);
            } else {
                mac.update(macHeader(seq, type, content.length));
                byte[] tag = mac.doFinal(content);
                byte[] withMac = Arrays.copyOf(content, content.length + macLength);
                System.arraycopy(tag, 0, withMac, content.length, macLength);
                plain = padded(withMac, withMac.length);
            }
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] ct = aes.doFinal(plain);
            ByteBuffer fragment = ByteBuffer.allocate(16 + ct.length + (etm ? macLength : 0));
            fragment.put(iv).put(ct);
            if (etm) {
                mac.update(macHeader(seq, type, 16 + ct.length));
                mac.update(fragment.array(), 0, 16 + ct.length);
                fragment.put(mac.doFinal());
            }
            byte[] f = fragment.array();
            ByteBuffer record = ByteBuffer.allocate(5 + f.length);
            record.put((byte) type).put((byte) 3).put((byte) 3).putShort((short) f.length).put(f);
            return record.array();
        }

        /** The content of a record, or an AssertionError when its MAC or padding is wrong. */
        static byte[] open(CipherSuite suite, byte[] key, byte[] macKey, boolean etm, long seq, byte[] record)
                throws Exception {
            int type = record[0] & 0xff;
            assertEquals(3, record[1]);
            assertEquals(3, record[2]);
            assertEquals(record.length - 5, ((record[3] & 0xff) << 8) | (record[4] & 0xff));
            int macLength = suite.macLength();
            Mac mac = mac(suite, macKey);
            int ctEnd = record.length - (etm ? macLength : 0);
            if (etm) {
                mac.update(macHeader(seq, type, ctEnd - 5));
                mac.update(record, 5, ctEnd - 5);
                assertTrue(MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(record, ctEnd, record.length)),
                        "encrypt-then-MAC tag");
            }
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(record, 5, 21)));
            byte[] plain = aes.doFinal(record, 21, ctEnd - 21);
            int padding = plain[plain.length - 1] & 0xff;
            for (int i = plain.length - 1 - padding; i < plain.length; i++) {
                assertEquals(padding, plain[i] & 0xff, "padding byte " + i);
            }
            assertTrue(padding < 16, "the fewest padding bytes");
            int end = plain.length - 1 - padding;
            if (etm) {
                return Arrays.copyOf(plain, end);
            }
            int c = end - macLength;
            mac.update(macHeader(seq, type, c));
            mac.update(plain, 0, c);
            assertArrayEquals(mac.doFinal(), Arrays.copyOfRange(plain, c, end), "MAC-then-encrypt tag");
            return Arrays.copyOf(plain, c);
        }

        /** AES of one block under {@code key} (ECB: the block cipher alone). */
        static byte[] encryptBlock(byte[] key, byte[] block) throws Exception {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return aes.doFinal(block);
        }

        private static Mac mac(CipherSuite suite, byte[] macKey) throws Exception {
            Mac mac = Mac.getInstance(suite.macAlgorithm());
            mac.init(new SecretKeySpec(macKey, suite.macAlgorithm()));
            return mac;
        }

        private static byte[] macHeader(long seq, int type, int length) {
            return ByteBuffer.allocate(13).putLong(seq).put((byte) type).put((byte) 3).put((byte) 3)
                    .putShort((short) length).array();
        }

        /** data || padding || padding_length with the fewest bytes making a whole number of blocks. */
        private static byte[] padded(byte[] data, int length) {
            int padding = 15 - (length % 16);
            byte[] out = Arrays.copyOf(data, length + padding + 1);
            Arrays.fill(out, length, out.length, (byte) padding);
            return out;
        }
    }
}
