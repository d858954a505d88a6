package dev.parapet.tls.crypto.chacha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Poly1305's padded MAC (the AEAD's path: heap arrays, four blocks a step, then single blocks) against the RFC 8439,
 * 2.5 definition computed with BigInteger, on random keys and messages and on the extremes of the limb bounds:
 * all-ones message blocks with the largest clamped r, which push every product and carry to its maximum.
 */
class Poly1305ReferenceTest {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
    private static final byte[] MAX_R_KEY = key((byte) 0xff);

    @Test
    void randomKeysAndLengths() {
        SplittableRandom random = new SplittableRandom(8439);
        for (int i = 0; i < 400; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            byte[] msg = new byte[random.nextInt(3000)]; // past 256 bytes the vector path runs, where present
            random.nextBytes(msg);
            check(key, msg, random.nextInt(5));
        }
    }

    @Test
    void largestLimbs() {
        for (int length : new int[] {0, 15, 16, 48, 64, 65, 128, 1024, 16384 + 17}) {
            byte[] ones = new byte[length];
            Arrays.fill(ones, (byte) 0xff);
            check(MAX_R_KEY, ones, 0);
            check(key((byte) 0), ones, 3);
        }
    }

    /** Additional data first, then a long message: the vector path starts from a non-zero accumulator. */
    @Test
    void aMessageAfterAdditionalData() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 200; i++) {
            byte[] key = i % 4 == 0 ? MAX_R_KEY : new byte[32];
            if (i % 4 != 0) {
                random.nextBytes(key);
            }
            byte[] aad = new byte[random.nextInt(40)];
            byte[] msg = new byte[256 + random.nextInt(2000)];
            if (i % 8 == 1) {
                Arrays.fill(aad, (byte) 0xff);
                Arrays.fill(msg, (byte) 0xff);
            } else {
                random.nextBytes(aad);
                random.nextBytes(msg);
            }
            Poly1305 poly = new Poly1305();
            poly.init(words(key));
            poly.padded(ByteBuffer.wrap(aad), 0, aad.length);
            poly.padded(ByteBuffer.wrap(msg), 0, msg.length);
            poly.finish();
            byte[] joined = Arrays.copyOf(aad, ((aad.length + 15) & -16) + msg.length);
            System.arraycopy(msg, 0, joined, (aad.length + 15) & -16, msg.length);
            assertEquals(reference(key, joined), tag(poly), "aad " + aad.length + ", message " + msg.length);
        }
    }

    /** A key whose r is all ones before clamping (the largest r) and whose s is {@code s}. */
    private static byte[] key(byte s) {
        byte[] key = new byte[32];
        Arrays.fill(key, 0, 16, (byte) 0xff);
        Arrays.fill(key, 16, 32, s);
        return key;
    }

    private static void check(byte[] key, byte[] msg, int offset) {
        byte[] backing = new byte[offset + msg.length];
        System.arraycopy(msg, 0, backing, offset, msg.length);
        Poly1305 poly = new Poly1305();
        poly.init(words(key));
        poly.padded(ByteBuffer.wrap(backing), offset, msg.length);
        poly.finish();
        assertEquals(reference(key, msg), tag(poly), "length " + msg.length);
    }

    /** RFC 8439, 2.5 on the message zero-padded to 16 bytes (every block gets the 2^128 bit), with BigInteger. */
    private static BigInteger reference(byte[] key, byte[] msg) {
        byte[] r = Arrays.copyOf(key, 16);
        for (int i : new int[] {3, 7, 11, 15}) {
            r[i] &= 15;
        }
        for (int i : new int[] {4, 8, 12}) {
            r[i] &= (byte) 252;
        }
        BigInteger rr = le(r);
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < msg.length; i += 16) {
            byte[] block = Arrays.copyOfRange(msg, i, i + 16); // zero-padded past the end
            acc = acc.add(le(block)).add(BigInteger.ONE.shiftLeft(128)).multiply(rr).mod(P);
        }
        return acc.add(le(Arrays.copyOfRange(key, 16, 32))).mod(BigInteger.ONE.shiftLeft(128));
    }

    private static BigInteger le(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static int[] words(byte[] key) {
        ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = k.getInt(4 * i);
        }
        return words;
    }

    private static BigInteger tag(Poly1305 poly) {
        ByteBuffer tag = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : poly.tag) {
            tag.putInt(w);
        }
        return le(tag.array());
    }
}
