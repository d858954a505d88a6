package dev.parapet.tls.crypto;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.concat;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AeadTest {

    /** Wycheproof AES-GCM: the 96-bit-IV, 128-bit-tag groups with 128- and 256-bit keys (the TLS 1.3 ones). */
    @Test
    void wycheproofAesGcm() throws Exception {
        int[] counts = run("aes_gcm_test.json", "AES/GCM/NoPadding", "AES");
        assertTrue(counts[0] >= 100, "AES-GCM cases run: " + counts[0]);
        System.out.printf("aes_gcm_test.json: %d run, %d skipped%n", counts[0], counts[1]);
    }

    @Test
    void wycheproofChaCha20Poly1305() throws Exception {
        int[] counts = run("chacha20_poly1305_test.json", "ChaCha20-Poly1305", "ChaCha20");
        assertTrue(counts[0] >= 300, "ChaCha20-Poly1305 cases run: " + counts[0]);
        System.out.printf("chacha20_poly1305_test.json: %d run, %d skipped%n", counts[0], counts[1]);
    }

    /** Returns {run, skipped}. Alternates heap and direct buffers. */
    private static int[] run(String file, String transformation, String keyAlgorithm) throws Exception {
        int run = 0;
        int skipped = 0;
        for (Case c : cases(wycheproof(file))) {
            int ivSize = c.group().get("ivSize").getAsInt();
            int keySize = c.group().get("keySize").getAsInt();
            int tagSize = c.group().get("tagSize").getAsInt();
            if (ivSize != 96 || tagSize != 128 || (keySize != 128 && keySize != 256)) {
                skipped++;
                continue;
            }
            boolean direct = run % 2 == 1;
            // One instance per direction, as in TLS: the JDK's ChaCha20-Poly1305 refuses any re-init with the
            // key and nonce of the previous init, even to decrypt after encrypting.
            Aead aead = new JcaAead(transformation, keyAlgorithm, c.bytes("key"));
            Aead opener = new JcaAead(transformation, keyAlgorithm, c.bytes("key"));
            byte[] sealed = concat(c.bytes("ct"), c.bytes("tag"));
            if (c.result().equals("valid")) {
                assertArrayEquals(sealed, seal(aead, c.bytes("iv"), c.bytes("aad"), c.bytes("msg"), direct), c.toString());
                assertArrayEquals(c.bytes("msg"), open(opener, c.bytes("iv"), c.bytes("aad"), sealed, direct), c.toString());
            } else {
                TlsException e = assertThrows(TlsException.class,
                        () -> open(opener, c.bytes("iv"), c.bytes("aad"), sealed, direct), c.toString());
                assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert(), c.toString());
            }
            run++;
        }
        return new int[] {run, skipped};
    }

    @Test
    void suiteConstructorAndRoundTrip() throws Exception {
        for (CipherSuite suite : CipherSuite.tls13()) {
            byte[] key = new byte[suite.keyLength()];
            key[0] = 7;
            Aead aead = new JcaAead(suite, key);
            Aead opener = new JcaAead(suite, key);
            byte[] nonce = new byte[12];
            byte[] sealed = seal(aead, nonce, "hdr".getBytes(), "hello".getBytes(), false);
            assertEquals(5 + 16, sealed.length);
            assertArrayEquals("hello".getBytes(), open(opener, nonce, "hdr".getBytes(), sealed, true));
            nonce[11] = 1; // a fresh nonce for every seal
            assertArrayEquals(new byte[0], open(opener, nonce, new byte[0],
                    seal(aead, nonce, new byte[0], new byte[0], true), false));
            assertThrows(IllegalArgumentException.class, () -> new JcaAead(suite, new byte[suite.keyLength() - 1]));
        }
    }

    @Test
    void tamperingIsBadRecordMacAndLeavesNoPlaintext() throws Exception {
        Aead aead = new JcaAead(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[16]);
        byte[] nonce = new byte[12];
        byte[] sealed = seal(aead, nonce, new byte[5], new byte[40], false);
        for (int i : new int[] {0, 39, 40, 55}) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x80;
            ByteBuffer out = ByteBuffer.allocate(64);
            Arrays.fill(out.array(), (byte) 0x55);
            TlsException e = assertThrows(TlsException.class,
                    () -> aead.open(nonce, ByteBuffer.allocate(5), ByteBuffer.wrap(bad), out));
            assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
            assertEquals("record authentication failed (bad_record_mac)", e.getMessage());
            assertEquals(0, out.position());
        }
        // Wrong additional data.
        assertThrows(TlsException.class, () -> open(aead, nonce, new byte[] {1, 0, 0, 0, 0}, sealed, true));
        // Shorter than a tag.
        TlsException shortInput = assertThrows(TlsException.class,
                () -> aead.open(nonce, ByteBuffer.allocate(0), ByteBuffer.allocate(15), ByteBuffer.allocate(64)));
        assertEquals(AlertDescription.BAD_RECORD_MAC, shortInput.alert());
    }

    @Test
    void outputAfterInputInOneArray() throws Exception {
        Aead aead = new JcaAead(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, new byte[32]);
        byte[] nonce = new byte[12];
        byte[] backing = new byte[100];
        Arrays.fill(backing, 0, 20, (byte) 3);
        ByteBuffer plaintext = ByteBuffer.wrap(backing, 0, 20);
        ByteBuffer out = ByteBuffer.wrap(backing, 20, 80).slice();
        assertEquals(36, aead.seal(nonce, ByteBuffer.allocate(0), plaintext, out));
        assertEquals(0, plaintext.remaining());
        ByteBuffer opened = ByteBuffer.allocate(20);
        Aead opener = new JcaAead(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, new byte[32]);
        assertEquals(20, opener.open(nonce, ByteBuffer.allocate(0), ByteBuffer.wrap(backing, 20, 36), opened));
        byte[] expected = new byte[20];
        Arrays.fill(expected, (byte) 3);
        assertArrayEquals(expected, opened.array());
    }

    @Test
    void wrongNonceLengthAndSmallOutput() {
        Aead aead = new JcaAead(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[16]);
        assertThrows(IllegalArgumentException.class,
                () -> aead.seal(new byte[8], ByteBuffer.allocate(0), ByteBuffer.allocate(1), ByteBuffer.allocate(64)));
        TlsException e = assertThrows(TlsException.class,
                () -> aead.seal(new byte[12], ByteBuffer.allocate(0), ByteBuffer.allocate(10), ByteBuffer.allocate(25)));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    static byte[] seal(Aead aead, byte[] nonce, byte[] aad, byte[] msg, boolean direct) throws TlsException {
        ByteBuffer out = buffer(msg.length + 16, direct);
        int n = aead.seal(nonce, wrap(aad, direct), wrap(msg, direct), out);
        assertEquals(msg.length + 16, n);
        return drain(out, n);
    }

    static byte[] open(Aead aead, byte[] nonce, byte[] aad, byte[] sealed, boolean direct) throws TlsException {
        ByteBuffer out = buffer(Math.max(0, sealed.length - 16), direct);
        int n = aead.open(nonce, wrap(aad, direct), wrap(sealed, direct), out);
        return drain(out, n);
    }

    private static ByteBuffer buffer(int size, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    private static ByteBuffer wrap(byte[] data, boolean direct) {
        ByteBuffer b = buffer(data.length, direct);
        b.put(data).flip();
        return b;
    }

    private static byte[] drain(ByteBuffer out, int n) {
        out.flip();
        assertEquals(n, out.remaining());
        byte[] bytes = new byte[n];
        out.get(bytes);
        return bytes;
    }
}
