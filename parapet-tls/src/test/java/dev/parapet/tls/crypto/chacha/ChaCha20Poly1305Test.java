package dev.parapet.tls.crypto.chacha;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.concat;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** RFC 8439 vectors, every Wycheproof chacha20_poly1305 vector, and differential tests against the JCA. */
class ChaCha20Poly1305Test {
    private static final byte[] SUNSCREEN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one "
            + "tip for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_00_1F = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] KEY_1C92 = hex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0");

    // --- ChaCha20 (RFC 8439, 2.4.2 and A.1) ---

    @Test
    void rfc8439Section242Encryption() {
        byte[] out = chacha(KEY_00_1F, hex("000000000000004a00000000"), 1, SUNSCREEN);
        assertArrayEquals(hex("""
                6e 2e 35 9a 25 68 f9 80 41 ba 07 28 dd 0d 69 81 e9 7e 7a ec 1d 43 60 c2 0a 27 af cc fd 9f ae 0b
                f9 1b 65 c5 52 47 33 ab 8f 59 3d ab cd 62 b3 57 16 39 d6 24 e6 51 52 ab 8f 53 0c 35 9f 08 61 d8
                07 ca 0d bf 50 0d 6a 61 56 a3 8e 08 8a 22 b6 5e 52 bc 51 4d 16 cc f8 06 81 8c e9 1a b7 79 37 36
                5a f9 0b bf 74 a3 5b e6 b4 0b 8e ed f2 78 5e 42 87 4d"""), out);
    }

    @Test
    void rfc8439AppendixA1Block() {
        // A.1 test vector #1: all-zero key and nonce, counter 0
        assertArrayEquals(hex("""
                76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7
                da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"""),
                chacha(new byte[32], new byte[12], 0, new byte[64]));
    }

    /** The keystream continues mid-block across calls, however the input is split. */
    @Test
    void keystreamContinuesAcrossSplits() {
        byte[] nonce = hex("000000000000004a00000000");
        byte[] whole = chacha(KEY_00_1F, nonce, 1, SUNSCREEN);
        for (int split : new int[] {0, 1, 3, 63, 64, 65, 100, SUNSCREEN.length}) {
            ChaCha20 c = new ChaCha20();
            c.key(KEY_00_1F);
            c.start(nonce, 1);
            ByteBuffer in = ByteBuffer.wrap(SUNSCREEN);
            ByteBuffer out = ByteBuffer.allocateDirect(SUNSCREEN.length);
            c.xor(in, 0, out, 0, split);
            c.xor(in, split, out, split, SUNSCREEN.length - split);
            assertArrayEquals(whole, bytes(out, 0, SUNSCREEN.length), "split at " + split);
        }
    }

    // --- Poly1305 (RFC 8439, 2.5.2, A.3, A.4) ---

    @Test
    void rfc8439Section252Poly1305() {
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex("a8061dc1305136c6c22b8baf0c0127a9"),
                poly(hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"), msg));
    }

    @Test
    void rfc8439AppendixA3Poly1305() {
        byte[] jabberwocky = ("'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\n"
                + "All mimsy were the borogoves,\nAnd the mome raths outgrabe.").getBytes(StandardCharsets.US_ASCII);
        // A.3 #4
        assertArrayEquals(hex("4541669a7eaaee61e708dc7cbcc5eb62"), poly(KEY_1C92, jabberwocky));
        // A.3 #5: r = 2, s = 0, h wraps past 2^130 - 5
        byte[] key = new byte[32];
        key[0] = 2;
        byte[] ff = new byte[16];
        Arrays.fill(ff, (byte) 0xff);
        assertArrayEquals(hex("03000000000000000000000000000000"), poly(key, ff));
    }

    @Test
    void rfc8439AppendixA4PolyKeyGeneration() {
        assertArrayEquals(hex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"),
                polyKey(new byte[32], new byte[12]));
        byte[] key1 = new byte[32];
        key1[31] = 1;
        byte[] nonce2 = new byte[12];
        nonce2[11] = 2;
        assertArrayEquals(hex("ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739"),
                polyKey(key1, nonce2));
        assertArrayEquals(hex("965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae"),
                polyKey(KEY_1C92, nonce2));
    }

    // --- the AEAD (RFC 8439, 2.8.2 and A.5) ---

    @Test
    void rfc8439Section282Aead() throws Exception {
        byte[] key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = hex("070000004041424344454647");
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] expected = hex("""
                d3 1a 8d 34 64 8e 60 db 7b 86 af bc 53 ef 7e c2 a4 ad ed 51 29 6e 08 fe a9 e2 b5 a7 36 ee 62 d6
                3d be a4 5e 8c a9 67 12 82 fa fb 69 da 92 72 8b 1a 71 de 0a 9e 06 0b 29 05 d6 a5 b6 7e cd 3b 36
                92 dd bd 7f 2d 77 8b 8c 98 03 ae e3 28 09 1b 58 fa b3 24 e4 fa d6 75 94 55 85 80 8b 48 31 d7 bc
                3f f4 de f0 8e 4b 7a 9d e5 76 d2 65 86 ce c6 4b 61 16
                1a e1 0b 59 4f 09 e2 6a 7e 90 2e cb d0 60 06 91""");
        for (boolean direct : new boolean[] {false, true}) {
            assertArrayEquals(expected, seal(new ChaCha20Poly1305(key), nonce, aad, SUNSCREEN, direct));
            assertArrayEquals(SUNSCREEN, open(new ChaCha20Poly1305(key), nonce, aad, expected, direct));
        }
    }

    @Test
    void rfc8439AppendixA5Decryption() throws Exception {
        byte[] sealed = hex("""
                64 a0 86 15 75 86 1a f4 60 f0 62 c7 9b e6 43 bd 5e 80 5c fd 34 5c f3 89 f1 08 67 0a c7 6c 8c b2
                4c 6c fc 18 75 5d 43 ee a0 9e e9 4e 38 2d 26 b0 bd b7 b7 3c 32 1b 01 00 d4 f0 3b 7f 35 58 94 cf
                33 2f 83 0e 71 0b 97 ce 98 c8 a8 4a bd 0b 94 81 14 ad 17 6e 00 8d 33 bd 60 f9 82 b1 ff 37 c8 55
                97 97 a0 6e f4 f0 ef 61 c1 86 32 4e 2b 35 06 38 36 06 90 7b 6a 7c 02 b0 f9 f6 15 7b 53 c8 67 e4
                b9 16 6c 76 7b 80 4d 46 a5 9b 52 16 cd e7 a4 e9 90 40 c5 a4 04 33 22 5e e2 82 a1 b0 a0 6c 52 3e
                af 45 34 d7 f8 3f a1 15 5b 00 47 71 8c bc 54 6a 0d 07 2b 04 b3 56 4e ea 1b 42 22 73 f5 48 27 1a
                0b b2 31 60 53 fa 76 99 19 55 eb d6 31 59 43 4e ce bb 4e 46 6d ae 5a 10 73 a6 72 76 27 09 7a 10
                49 e6 17 d9 1d 36 10 94 fa 68 f0 ff 77 98 71 30 30 5b ea ba 2e da 04 df 99 7b 71 4d 6c 6f 2c 29
                a6 ad 5c b4 02 2b 02 70 9b
                ee ad 9d 67 89 0c bb 22 39 23 36 fe a1 85 1f 38""");
        byte[] nonce = hex("000000000102030405060708");
        byte[] aad = hex("f33388860000000000004e91");
        byte[] plaintext = open(new ChaCha20Poly1305(KEY_1C92), nonce, aad, sealed, true);
        assertEquals(sealed.length - 16, plaintext.length);
        assertTrue(new String(plaintext, StandardCharsets.UTF_8).startsWith("Internet-Drafts are draft documents"));
        assertArrayEquals(plaintext, jcaOpen(KEY_1C92, nonce, aad, sealed));
    }

    // --- Wycheproof ---

    @Test
    void everyWycheproofVector() throws Exception {
        int valid = 0;
        int invalid = 0;
        int badNonce = 0;
        int i = 0;
        for (Case c : cases(wycheproof("chacha20_poly1305_test.json"))) {
            boolean direct = i++ % 2 == 1;
            byte[] key = c.bytes("key");
            byte[] iv = c.bytes("iv");
            byte[] aad = c.bytes("aad");
            byte[] msg = c.bytes("msg");
            byte[] sealed = concat(c.bytes("ct"), c.bytes("tag"));
            if (iv.length != 12) {
                // RFC 8439, 2.8: the nonce is 96 bits; anything else is refused before any work is done
                assertThrows(IllegalArgumentException.class,
                        () -> seal(new ChaCha20Poly1305(key), iv, aad, msg, direct), c.toString());
                assertThrows(IllegalArgumentException.class,
                        () -> open(new ChaCha20Poly1305(key), iv, aad, sealed, direct), c.toString());
                badNonce++;
            } else if (c.result().equals("valid")) {
                assertArrayEquals(sealed, seal(new ChaCha20Poly1305(key), iv, aad, msg, direct), c.toString());
                assertArrayEquals(msg, open(new ChaCha20Poly1305(key), iv, aad, sealed, direct), c.toString());
                assertArrayEquals(msg, openInPlace(new ChaCha20Poly1305(key), iv, aad, sealed, direct), c.toString());
                valid++;
            } else {
                ByteBuffer out = ByteBuffer.allocate(Math.max(0, sealed.length - 16));
                TlsException e = assertThrows(TlsException.class, () -> new ChaCha20Poly1305(key)
                        .open(iv, ByteBuffer.wrap(aad), ByteBuffer.wrap(sealed), out), c.toString());
                assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), c.toString());
                assertEquals(0, out.position(), c.toString());
                invalid++;
            }
        }
        assertEquals(325, valid + invalid + badNonce);
        System.out.printf("chacha20_poly1305_test.json (ours): %d valid, %d invalid, %d bad nonce sizes%n",
                valid, invalid, badNonce);
    }

    // --- differential against the JCA ---

    /**
     * Random keys, nonces, additional data and lengths 0..20000: ours seals exactly as the JCA does, with the message
     * split into body and trailer at a random point and the buffers at odd offsets, and opens (in place too) what the
     * JCA sealed.
     */
    @Test
    void sameAsTheJcaOnRandomInputs() throws Exception {
        SplittableRandom random = new SplittableRandom(8439);
        int[] edges = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 16383, 16384, 16385, 20000};
        for (int round = 0; round < 300; round++) {
            int length = round < edges.length ? edges[round] : random.nextInt(20001);
            byte[] key = randomBytes(random, 32);
            byte[] nonce = randomBytes(random, 12);
            byte[] aad = randomBytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(40));
            byte[] msg = randomBytes(random, length);
            boolean direct = random.nextBoolean();
            byte[] expected = jcaSeal(key, nonce, aad, msg);

            int split = length == 0 ? 0 : random.nextInt(length + 1);
            int offset = random.nextInt(8);
            ByteBuffer body = buffer(offset + split, direct);
            body.position(offset);
            body.put(msg, 0, split).flip().position(offset);
            ByteBuffer trailer = wrap(Arrays.copyOfRange(msg, split, length), direct);
            // a slice, so a heap buffer's array offset is not 0 either
            ByteBuffer out = buffer(3 + offset + length + 16, direct).position(3).slice();
            out.position(offset);
            ChaCha20Poly1305 ours = new ChaCha20Poly1305(key);
            assertEquals(length + 16, ours.seal(nonce, wrap(aad, direct), body, trailer, out));
            assertEquals(0, body.remaining());
            assertEquals(0, trailer.remaining());
            assertArrayEquals(expected, bytes(out, offset, length + 16), "length " + length + " split " + split);

            assertArrayEquals(msg, open(ours, nonce, aad, expected, direct), "length " + length);
            assertArrayEquals(msg, openInPlace(ours, nonce, aad, expected, !direct), "length " + length);
        }
    }

    @Test
    void tamperingIsBadRecordMacAndWritesNothing() throws Exception {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        byte[] aad = hex("170303002a");
        byte[] sealed = seal(new ChaCha20Poly1305(key), nonce, aad, new byte[40], false);
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 1;
            ByteBuffer out = ByteBuffer.allocate(40);
            Arrays.fill(out.array(), (byte) 0x55);
            TlsException e = assertThrows(TlsException.class,
                    () -> new ChaCha20Poly1305(key).open(nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(bad), out));
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
            assertEquals("record authentication failed (bad_record_mac)", e.getMessage());
            assertEquals(0, out.position());
            byte[] untouched = new byte[40];
            Arrays.fill(untouched, (byte) 0x55);
            assertArrayEquals(untouched, out.array());
        }
        byte[] otherAad = aad.clone();
        otherAad[4] ^= 1;
        assertThrows(TlsException.class, () -> open(new ChaCha20Poly1305(key), nonce, otherAad, sealed, true));
        TlsException tooShort = assertThrows(TlsException.class, () -> new ChaCha20Poly1305(key)
                .open(nonce, ByteBuffer.allocate(0), ByteBuffer.allocate(15), ByteBuffer.allocate(16)));
        assertEquals(AlertDescription.BAD_RECORD_MAC, tooShort.alert());
    }

    @Test
    void refusesBadKeysAndSmallOutput() {
        assertThrows(IllegalArgumentException.class, () -> new ChaCha20Poly1305(new byte[31]));
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> aead.rekey(new byte[16]));
        TlsException e = assertThrows(TlsException.class, () -> aead.seal(new byte[12], ByteBuffer.allocate(0),
                ByteBuffer.allocate(10), ByteBuffer.allocate(25)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        TlsException o = assertThrows(TlsException.class, () -> aead.open(new byte[12], ByteBuffer.allocate(0),
                ByteBuffer.allocate(26), ByteBuffer.allocate(9)));
        assertEquals(AlertDescription.INTERNAL_ERROR, o.alert());
    }

    @Test
    void rekeyChangesTheKey() throws Exception {
        byte[] nonce = new byte[12];
        byte[] key2 = new byte[32];
        key2[0] = 1;
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(new byte[32]);
        aead.rekey(key2);
        assertArrayEquals(jcaSeal(key2, nonce, new byte[0], SUNSCREEN), seal(aead, nonce, new byte[0], SUNSCREEN,
                true));
        assertEquals("parapet", aead.implementation());
    }

    // --- helpers ---

    private static byte[] chacha(byte[] key, byte[] nonce, int counter, byte[] input) {
        ChaCha20 c = new ChaCha20();
        c.key(key);
        c.start(nonce, counter);
        ByteBuffer out = ByteBuffer.allocate(input.length);
        c.xor(ByteBuffer.wrap(input), 0, out, 0, input.length);
        return out.array();
    }

    /** Poly1305 of msg under a 32-byte one-time key, by Parapet's code (also used by ChaCha20DifferentialTest). */
    static byte[] poly(byte[] key, byte[] msg) {
        ByteBuffer k = ByteBuffer.wrap(key).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = k.getInt(4 * i);
        }
        Poly1305 p = new Poly1305();
        p.init(words);
        p.message(ByteBuffer.wrap(msg), 0, msg.length);
        p.finish();
        ByteBuffer tag = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int w : p.tag) {
            tag.putInt(w);
        }
        return tag.array();
    }

    /** RFC 8439, 2.6: the first 32 bytes of block 0. */
    private static byte[] polyKey(byte[] key, byte[] nonce) {
        ChaCha20 c = new ChaCha20();
        c.key(key);
        c.start(nonce, 0);
        int[] block = c.nextBlock();
        ByteBuffer out = ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            out.putInt(block[i]);
        }
        return out.array();
    }

    static byte[] seal(ChaCha20Poly1305 aead, byte[] nonce, byte[] aad, byte[] msg, boolean direct)
            throws TlsException {
        ByteBuffer out = buffer(msg.length + 16, direct);
        assertEquals(msg.length + 16, aead.seal(nonce, wrap(aad, direct), wrap(msg, direct), out));
        assertEquals(out.capacity(), out.position());
        return bytes(out, 0, out.capacity());
    }

    static byte[] open(ChaCha20Poly1305 aead, byte[] nonce, byte[] aad, byte[] sealed, boolean direct)
            throws TlsException {
        ByteBuffer out = buffer(sealed.length - 16, direct);
        assertEquals(sealed.length - 16, aead.open(nonce, wrap(aad, direct), wrap(sealed, direct), out));
        return bytes(out, 0, out.capacity());
    }

    /** Opens with the output on the very bytes of the input (a record decrypted where it arrived). */
    static byte[] openInPlace(ChaCha20Poly1305 aead, byte[] nonce, byte[] aad, byte[] sealed, boolean direct)
            throws TlsException {
        ByteBuffer in = wrap(sealed, direct);
        ByteBuffer out = in.duplicate();
        aead.open(nonce, wrap(aad, direct), in, out);
        assertEquals(sealed.length - 16, out.position());
        return bytes(out, 0, sealed.length - 16);
    }

    private static byte[] jcaSeal(byte[] key, byte[] nonce, byte[] aad, byte[] msg) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(msg);
    }

    private static byte[] jcaOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(sealed);
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static ByteBuffer buffer(int size, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    private static ByteBuffer wrap(byte[] data, boolean direct) {
        ByteBuffer b = buffer(data.length, direct);
        b.put(data).flip();
        return b;
    }

    private static byte[] bytes(ByteBuffer b, int from, int length) {
        byte[] out = new byte[length];
        b.duplicate().clear().position(from).get(out);
        return out;
    }
}
