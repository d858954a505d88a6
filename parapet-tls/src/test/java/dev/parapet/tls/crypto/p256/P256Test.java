package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.CryptoTestSupport.concat;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Known answers (RFC 6979 A.2.5, SEC 2 generator), encodings, and the refusal of bad inputs. */
class P256Test {
    // RFC 6979, A.2.5: the P-256 key pair.
    private static final byte[] RFC_D = hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
    private static final byte[] RFC_Q = hex("04"
            + "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
            + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
    private static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] sha256(String message) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] scalar(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    @Test
    void rfc6979PublicKey() {
        assertArrayEquals(RFC_Q, P256.publicKey(RFC_D));
    }

    @Test
    void rfc6979DeterministicSignatures() throws Exception {
        // RFC 6979, A.2.5, SHA-256, messages "sample" and "test".
        byte[] sample = P256.sign(RFC_D, sha256("sample"), new byte[0]);
        assertArrayEquals(hex("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"), sample);
        byte[] test = P256.sign(RFC_D, sha256("test"), new byte[0]);
        assertArrayEquals(hex("F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
                + "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"), test);
        assertTrue(P256.verify(RFC_Q, sha256("sample"), sample));
        assertTrue(P256.verify(RFC_Q, sha256("test"), test));
        assertFalse(P256.verify(RFC_Q, sha256("test"), sample));
    }

    @Test
    void rfc6979NoncesGiveTheRfcSignatures() throws Exception {
        // RFC 6979, A.2.5 lists k for each signature: signing with that k directly gives the same r and s.
        assertArrayEquals(P256.sign(RFC_D, sha256("sample"), new byte[0]), P256.signWithNonce(RFC_D,
                sha256("sample"), hex("A6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60")));
        assertArrayEquals(P256.sign(RFC_D, sha256("test"), new byte[0]), P256.signWithNonce(RFC_D,
                sha256("test"), hex("D16B6AE827F17175E040871A1C7EC3500192C4C92677336EC2537ACAEE0008E0")));
    }

    @Test
    void hedgedSignaturesDifferAndVerify() throws Exception {
        byte[] h = sha256("sample");
        byte[] a = P256.sign(RFC_D, h, RANDOM);
        byte[] b = P256.sign(RFC_D, h, RANDOM);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(a, P256.sign(RFC_D, h, new byte[0])));
        assertTrue(P256.verify(RFC_Q, h, a));
        assertTrue(P256.verify(RFC_Q, h, b));
    }

    @Test
    void generatorAndSmallMultiples() {
        byte[] one = scalar(BigInteger.ONE);
        assertArrayEquals(hex("04"
                + "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
                + "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"), P256.publicKey(one));
        // (n - 1) * G = -G: same x, y negated.
        byte[] minusG = P256.publicKey(scalar(N.subtract(BigInteger.ONE)));
        assertArrayEquals(Arrays.copyOfRange(P256.publicKey(one), 1, 33), Arrays.copyOfRange(minusG, 1, 33));
        // d * (k * G) == k * (d * G) through the variable-base path.
        byte[] d = P256.generatePrivate(RANDOM);
        byte[] k = P256.generatePrivate(RANDOM);
        assertArrayEquals(P256.sharedSecret(d, P256.publicKey(k)), P256.sharedSecret(k, P256.publicKey(d)));
        // 2 * G by ECDH against G equals the x of publicKey(2).
        byte[] two = scalar(BigInteger.TWO);
        assertArrayEquals(Arrays.copyOfRange(P256.publicKey(two), 1, 33), P256.sharedSecret(two, P256.publicKey(one)));
    }

    @Test
    void privateKeysAreInRange() {
        for (int i = 0; i < 50; i++) {
            BigInteger d = new BigInteger(1, P256.generatePrivate(RANDOM));
            assertTrue(d.signum() > 0 && d.compareTo(N) < 0);
        }
    }

    @Test
    void refusesBadPrivateKeys() {
        byte[] q = P256.publicKey(RFC_D);
        for (byte[] bad : new byte[][] {new byte[32], scalar(N), hex("FF".repeat(32)), new byte[31], new byte[33]}) {
            assertThrows(IllegalArgumentException.class, () -> P256.publicKey(bad));
            assertThrows(IllegalArgumentException.class, () -> P256.sharedSecret(bad, q));
            assertThrows(IllegalArgumentException.class, () -> P256.sign(bad, new byte[32], RANDOM));
        }
    }

    @Test
    void refusesBadPoints() {
        byte[] good = P256.publicKey(RFC_D);
        byte[] offCurve = good.clone();
        offCurve[64] ^= 1;
        byte[] compressed = concat(new byte[] {0x02}, Arrays.copyOfRange(good, 1, 33));
        byte[] badPrefix = good.clone();
        badPrefix[0] = 0x06;
        // x = p (not reduced), with y from the curve for x = 0: still refused because x >= p.
        byte[] xIsP = good.clone();
        System.arraycopy(hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF"), 0, xIsP, 1, 32);
        byte[] zeros = new byte[65];
        zeros[0] = 0x04;
        for (byte[] bad : new byte[][] {offCurve, compressed, badPrefix, xIsP, zeros, new byte[0], new byte[65],
                Arrays.copyOf(good, 64), Arrays.copyOf(good, 66)}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> P256.sharedSecret(RFC_D, bad));
            assertFalse(e.getMessage().toLowerCase().contains("c9af"));
            assertThrows(IllegalArgumentException.class, () -> P256.verify(bad, new byte[32], new byte[64]));
        }
        assertThrows(IllegalArgumentException.class, () -> P256.sharedSecret(RFC_D, null));
    }

    @Test
    void verifyRefusesOutOfRangeSignatures() throws Exception {
        byte[] h = sha256("sample");
        byte[] sig = P256.sign(RFC_D, h, new byte[0]);
        assertFalse(P256.verify(RFC_Q, h, Arrays.copyOf(sig, 63)));
        assertFalse(P256.verify(RFC_Q, h, Arrays.copyOf(sig, 65)));
        assertFalse(P256.verify(RFC_Q, h, new byte[64]));
        byte[] rPlusN =
                concat(scalar(new BigInteger(1, Arrays.copyOf(sig, 32)).add(N)), Arrays.copyOfRange(sig, 32, 64));
        assertFalse(P256.verify(RFC_Q, h, rPlusN));
        // (r, n - s) is the other valid signature (ECDSA malleability); s = n is out of range.
        byte[] sNeg = concat(Arrays.copyOf(sig, 32),
                scalar(N.subtract(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)))));
        assertTrue(P256.verify(RFC_Q, h, sNeg));
        assertFalse(P256.verify(RFC_Q, h, concat(Arrays.copyOf(sig, 32), scalar(N))));
        assertFalse(P256.verify(RFC_Q, h, concat(scalar(N), Arrays.copyOfRange(sig, 32, 64))));
    }

    @Test
    void longHashesAreTruncated() throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-512").digest("sample".getBytes(StandardCharsets.US_ASCII));
        byte[] sig = P256.sign(RFC_D, h, RANDOM);
        assertTrue(P256.verify(RFC_Q, h, sig));
        assertTrue(P256.verify(RFC_Q, Arrays.copyOf(h, 32), sig));
        byte[] other = h.clone();
        other[40] ^= 1; // beyond the leftmost 256 bits: ignored
        assertTrue(P256.verify(RFC_Q, other, sig));
        other[3] ^= 1;
        assertFalse(P256.verify(RFC_Q, other, sig));
    }

    @Test
    void derRoundTripsAndMinimalIntegers() {
        byte[] rs = concat(hex("00".repeat(31) + "01"), hex("80" + "00".repeat(31)));
        byte[] der = P256.toDer(rs);
        assertArrayEquals(hex("3026" + "020101" + "022100" + "80" + "00".repeat(31)), der);
        assertArrayEquals(rs, P256.fromDer(der));
        byte[] big = concat(hex("7F" + "FF".repeat(31)), hex("FF".repeat(32)));
        assertArrayEquals(big, P256.fromDer(P256.toDer(big)));
        assertEquals(2 + 34 + 35, P256.toDer(big).length);
        assertArrayEquals(new byte[64], P256.fromDer(hex("3006020100020100")));
    }

    @Test
    void derRefusesNonStrictEncodings() {
        String r = "020101";
        String s = "020102";
        for (String bad : new String[] {
            "", "30", "3006" + r + s + "00", // trailing byte
            "3007" + r + s, // length too long
            "308106" + r + s, // long-form length
            "3106" + r + s, // wrong tag
            "3007" + "02020001" + s, // non-minimal integer
            "3006" + "020181" + s, // negative integer
            "3005" + "0200" + s, // empty integer
            "3006" + "030101" + s, // wrong integer tag
            "3003" + r, // one integer only
            "3009" + r + s + "020103", // three integers
            "3046" + "0221" + "01" + "00".repeat(32) + s + "00".repeat(32), // r of 257 bits
            "3027" + "022201" + "00".repeat(33) + s, // integer too long
        }) {
            assertNull(P256.fromDer(hex(bad)), bad);
        }
        assertNull(P256.fromDer(null));
        assertNotEquals(null, P256.fromDer(hex("3006" + r + s)));
        assertThrows(IllegalArgumentException.class, () -> P256.toDer(new byte[63]));
    }
}
