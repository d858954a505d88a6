package dev.parapet.tls.crypto.chacha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Ours against the JCA on random keys, nonces and lengths, at every offset within heap and direct buffers, on
 * whichever ChaCha20 path this JVM takes. Surefire runs this class twice (parapet-tls/pom.xml): with the Vector API
 * and with {@code -Dparapet.chacha.scalar=true}, so both paths meet the same reference. Poly1305 also meets a
 * BigInteger reference on the values that stress its limb bounds.
 */
class ChaCha20DifferentialTest {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));

    /** The path is the one the build asked for, so neither run silently tests the other path. */
    @Test
    void pathIsTheOneAskedFor() {
        assertEquals(!Boolean.getBoolean("parapet.chacha.scalar"), ChaCha20.VECTOR);
        assertEquals(ChaCha20.VECTOR, Poly1305.VECTOR, "Poly1305's vector path passed its self-check");
    }

    @Test
    void sealAndOpenMatchTheJcaAtEveryOffset() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 400; round++) {
            int length = round < 64 ? round * 47 % 3001 : random.nextInt(3001);
            int offset = round % 64;
            boolean direct = round % 2 == 1;
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 12);
            byte[] aad = bytes(random, random.nextInt(30));
            byte[] msg = bytes(random, length);
            byte[] expected = jcaSeal(key, nonce, aad, msg);
            String where = "length " + length + " offset " + offset + (direct ? " direct" : " heap");

            ChaCha20Poly1305 aead = new ChaCha20Poly1305(key);
            ByteBuffer buf = direct ? ByteBuffer.allocateDirect(offset + length + 16 + 7)
                    : ByteBuffer.allocate(offset + length + 16 + 7);
            buf.position(offset).put(msg).flip().position(offset);
            // in place: the plaintext at buf[offset..] becomes the ciphertext there
            ByteBuffer out = buf.duplicate().clear().position(offset);
            assertEquals(length + 16, aead.seal(nonce, ByteBuffer.wrap(aad), buf, out), where);
            byte[] sealed = new byte[length + 16];
            buf.duplicate().clear().position(offset).get(sealed);
            assertArrayEquals(expected, sealed, where);

            ByteBuffer in = buf.duplicate().clear().position(offset).limit(offset + length + 16);
            ByteBuffer opened = buf.duplicate().clear().position(offset);
            assertEquals(length, aead.open(nonce, ByteBuffer.wrap(aad), in, opened), where);
            byte[] plain = new byte[length];
            buf.duplicate().clear().position(offset).get(plain);
            assertArrayEquals(msg, plain, where);
        }
    }

    /** The keystream goes on across calls of any size, as one stream: the vector path starts anywhere mid-stream. */
    @Test
    void keystreamAcrossRandomSplits() throws Exception {
        SplittableRandom random = new SplittableRandom(20);
        for (int round = 0; round < 50; round++) {
            byte[] key = bytes(random, 32);
            byte[] nonce = bytes(random, 12);
            byte[] msg = bytes(random, 3000);
            byte[] expected = Arrays.copyOf(jcaSeal(key, nonce, new byte[0], msg), msg.length);
            ChaCha20 c = new ChaCha20();
            c.key(key);
            c.start(nonce, 1);
            ByteBuffer in = ByteBuffer.wrap(msg);
            ByteBuffer out = round % 2 == 0 ? ByteBuffer.allocate(3000) : ByteBuffer.allocateDirect(3000);
            for (int at = 0; at < msg.length; ) {
                int n = Math.min(msg.length - at, random.nextInt(1100));
                c.xor(in, at, out, at, n);
                at += n;
            }
            byte[] got = new byte[3000];
            out.get(0, got);
            assertArrayEquals(expected, got, "round " + round);
        }
    }

    /** Poly1305 against a BigInteger reference: r with every unclamped bit set, all-ones messages, random ones. */
    @Test
    void poly1305MatchesBigIntegerReference() {
        SplittableRandom random = new SplittableRandom(1305);
        for (int round = 0; round < 300; round++) {
            byte[] key = round % 3 == 0 ? filled(32, 0xff) : bytes(random, 32);
            int length = random.nextInt(600);
            byte[] msg = round % 5 == 0 ? filled(length, 0xff) : bytes(random, length);
            assertArrayEquals(reference(key, msg), ours(key, msg), "round " + round + " length " + length);
        }
    }

    private static byte[] ours(byte[] key, byte[] msg) {
        return ChaCha20Poly1305Test.poly(key, msg);
    }

    /** RFC 8439, 2.5, straight from the definition. */
    private static byte[] reference(byte[] key, byte[] msg) {
        BigInteger r = le(Arrays.copyOfRange(key, 0, 16))
                .and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
        BigInteger s = le(Arrays.copyOfRange(key, 16, 32));
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < msg.length; i += 16) {
            byte[] block = Arrays.copyOfRange(msg, i, Math.min(msg.length, i + 16));
            BigInteger n = le(block).setBit(8 * block.length);
            acc = acc.add(n).multiply(r).mod(P);
        }
        byte[] big = acc.add(s).toByteArray();
        byte[] tag = new byte[16];
        for (int i = 0; i < 16 && i < big.length; i++) {
            tag[i] = big[big.length - 1 - i];
        }
        return tag;
    }

    private static BigInteger le(byte[] b) {
        byte[] be = new byte[b.length + 1];
        for (int i = 0; i < b.length; i++) {
            be[b.length - i] = b[i];
        }
        return new BigInteger(be);
    }

    private static byte[] jcaSeal(byte[] key, byte[] nonce, byte[] aad, byte[] msg) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        c.updateAAD(aad);
        return c.doFinal(msg);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
