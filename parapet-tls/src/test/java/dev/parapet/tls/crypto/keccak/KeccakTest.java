package dev.parapet.tls.crypto.keccak;

import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;

class KeccakTest {
    private static final byte[] A3_200 = filled(200, 0xa3); // the 1600-bit message of NIST's SHA-3 examples

    /** NIST's FIPS 202 examples (empty, "abc", 200 bytes of 0xa3). */
    @Test
    void nistExamples() {
        assertArrayEquals(hex("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"),
                Keccak.sha3256().digest());
        assertArrayEquals(hex("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
                Keccak.sha3256().update(ascii("abc")).digest());
        assertArrayEquals(hex("b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
                        + "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"),
                Keccak.sha3512().update(ascii("abc")).digest());
        assertArrayEquals(hex("79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787"),
                Keccak.sha3256().update(A3_200).digest());
        assertArrayEquals(hex("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26"),
                Keccak.shake128().squeeze(32));
        assertArrayEquals(hex("46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
                        + "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be"),
                Keccak.shake256().squeeze(64));
        assertArrayEquals(hex("131ab8d2b594946b9c81333f9bb6e0ce75c3b93104fa3469d3917457385da037"),
                Keccak.shake128().update(A3_200).squeeze(32));
        assertArrayEquals(hex("cd8a920ed141aa0407a22d59288652e9d9f1a7ee0c1e7c1ca699424da84a904d"),
                Keccak.shake256().update(A3_200).squeeze(32));
    }

    /** The JDK's SHA3-256 and SHA3-512 on random inputs of every length up to four blocks, fed in random pieces. */
    @Test
    void sha3MatchesJdk() throws Exception {
        Random random = new Random(1);
        for (int len = 0; len <= 600; len++) {
            byte[] in = new byte[len];
            random.nextBytes(in);
            assertArrayEquals(MessageDigest.getInstance("SHA3-256").digest(in),
                    absorbInPieces(Keccak.sha3256(), in, random).digest(), "SHA3-256, length " + len);
            assertArrayEquals(MessageDigest.getInstance("SHA3-512").digest(in),
                    absorbInPieces(Keccak.sha3512(), in, random).digest(), "SHA3-512, length " + len);
        }
    }

    /** BouncyCastle's SHAKE on random inputs and output lengths, our output read in random pieces. */
    @Test
    void shakeMatchesBouncyCastle() {
        Random random = new Random(2);
        for (int trial = 0; trial < 400; trial++) {
            byte[] in = new byte[random.nextInt(700)];
            random.nextBytes(in);
            int outLen = random.nextInt(1200);
            check(128, Keccak::shake128, in, outLen, random);
            check(256, Keccak::shake256, in, outLen, random);
        }
    }

    @Test
    void misuseIsRefused() {
        Keccak shake = Keccak.shake128();
        shake.squeeze(1);
        assertThrows(IllegalStateException.class, () -> shake.update(new byte[1]));
        assertThrows(IllegalStateException.class, () -> shake.update((byte) 1));
        assertThrows(IllegalStateException.class, shake::digest);
        Keccak sha3 = Keccak.sha3256();
        sha3.digest();
        assertThrows(IllegalStateException.class, sha3::digest);
        assertThrows(IndexOutOfBoundsException.class, () -> Keccak.sha3256().update(new byte[4], 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Keccak.shake256().squeeze(new byte[4], 0, 5));
    }

    private static void check(int bits, Supplier<Keccak> ours, byte[] in, int outLen, Random random) {
        SHAKEDigest bc = new SHAKEDigest(bits);
        bc.update(in, 0, in.length);
        byte[] expected = new byte[outLen];
        bc.doFinal(expected, 0, outLen);
        Keccak xof = absorbInPieces(ours.get(), in, random);
        byte[] actual = new byte[outLen];
        int off = 0;
        while (off < outLen) {
            int n = Math.min(outLen - off, random.nextInt(400));
            xof.squeeze(actual, off, n);
            off += n;
        }
        assertArrayEquals(expected, actual, "SHAKE" + bits + ", in " + in.length + ", out " + outLen);
    }

    private static Keccak absorbInPieces(Keccak sponge, byte[] in, Random random) {
        int off = 0;
        while (off < in.length) {
            int n = Math.min(in.length - off, random.nextInt(3) == 0 ? 1 : random.nextInt(300));
            if (n == 1 && random.nextBoolean()) {
                sponge.update(in[off]);
            } else {
                sponge.update(in, off, n);
            }
            off += n;
        }
        return sponge;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int n, int value) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
