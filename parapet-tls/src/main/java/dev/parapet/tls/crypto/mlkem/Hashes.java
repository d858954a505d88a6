package dev.parapet.tls.crypto.mlkem;

import dev.parapet.tls.crypto.keccak.Keccak;

/** The hash functions of FIPS 203, 4.1, on Parapet's Keccak. */
final class Hashes {
    private Hashes() {
    }

    /** H(s) = SHA3-256(s) over in[off .. off + len). */
    static byte[] h(byte[] in, int off, int len) {
        return Keccak.sha3256().update(in, off, len).digest();
    }

    /** G(a || b) = SHA3-512(a || b), 64 bytes: the two 32-byte halves are the outputs. */
    static byte[] g(byte[] a, byte[] b) {
        return Keccak.sha3512().update(a).update(b).digest();
    }

    /** G(d || k) for K-PKE.KeyGen (FIPS 203, Algorithm 13, line 1: the rank k as one byte). */
    static byte[] g(byte[] d, int k) {
        return Keccak.sha3512().update(d).update((byte) k).digest();
    }

    /** J(z || c) = SHAKE256(z || c, 32 bytes): the implicit-rejection key. */
    static byte[] j(byte[] z, byte[] c) {
        return Keccak.shake256().update(z).update(c).squeeze(32);
    }

    /** PRF_2(s, b) = SHAKE256(s || b, 128 bytes): the input of SamplePolyCBD_2. */
    static byte[] prf2(byte[] s, int b) {
        return Keccak.shake256().update(s).update((byte) b).squeeze(128);
    }
}
