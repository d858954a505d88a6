package dev.parapet.tls.crypto.p256;

import java.security.SecureRandom;

/**
 * ECDH and ECDSA on the NIST curve P-256 (secp256r1, SEC 2 2.4.2; FIPS 186-5), in pure Java and constant time
 * for secret inputs: no branch and no memory index depends on a private key, a nonce or a shared secret.
 *
 * <p>Encodings: private keys are 32-byte big-endian integers d with 1 <= d < n; public keys are uncompressed SEC1
 * points {@code 0x04 || X || Y} (65 bytes), fully validated on every use (coordinates below p, on the curve, not
 * infinity; compressed points are refused); signatures are the fixed 64-byte {@code r || s} (IEEE P1363), with
 * {@link #toDer} and {@link #fromDer} for the DER form TLS uses. Message hashes longer than 32 bytes are truncated
 * to their leftmost 256 bits (SEC 1 v2, 4.1.3 step 5).
 *
 * <p>Verification sees public values only and runs in variable time on its own code path ({@link VerifyMult},
 * {@link JacobianPoint}); {@link #precompute} prepares a public key that is used again and again.
 *
 * <p>All methods are static and thread-safe; null arguments are refused. The first key generation or signature
 * builds a 66 KB table of base point multiples, the first verification a 2.5 KB one, shared and immutable
 * afterwards.
 */
public final class P256 {
    /** Length of a private key and of an ECDH shared secret. */
    public static final int SCALAR_LENGTH = 32;
    /** Length of an uncompressed public point. */
    public static final int POINT_LENGTH = Sec1.POINT_LENGTH;
    /** Length of a signature as r || s. */
    public static final int SIGNATURE_LENGTH = 64;

    private P256() {
    }

    /** A new private key: uniform in [1, n-1] by rejection sampling of 32 random bytes. */
    public static byte[] generatePrivate(SecureRandom random) {
        byte[] d = new byte[SCALAR_LENGTH];
        long[] k = new long[4];
        while (true) {
            random.nextBytes(d);
            Limbs.fromBytes(k, d, 0);
            if (scalarInRange(k) != 0) {
                return d;
            }
        }
    }

    /** The public point d * G, uncompressed (65 bytes). */
    public static byte[] publicKey(byte[] d32) {
        long[] d = privateScalar(d32);
        Point q = new Point();
        ScalarMult.mulBase(q, d);
        return Sec1.encode(q);
    }

    /**
     * The ECDH shared secret (SEC 1 v2, 3.3.1): the x coordinate of d * Q, 32 bytes.
     *
     * @throws IllegalArgumentException when d is not a valid private key or the peer's point is not a valid
     *     uncompressed P-256 point
     */
    public static byte[] sharedSecret(byte[] d32, byte[] peerPoint65) {
        long[] d = privateScalar(d32);
        Point q = Sec1.decode(peerPoint65);
        if (q == null) {
            throw new IllegalArgumentException("invalid P-256 public point");
        }
        Point s = new Point();
        ScalarMult.mulSecret(s, q, d);
        // Unreachable for a valid point and 1 <= d < n (the group has prime order); checked all the same.
        if (s.isInfinityMask() != 0) {
            throw new IllegalArgumentException("invalid P-256 public point");
        }
        long[] x = new long[4];
        Fp.fromMont(x, affineX(s));
        byte[] out = new byte[SCALAR_LENGTH];
        Limbs.toBytes(out, 0, x);
        return out;
    }

    /**
     * An ECDSA signature (SEC 1 v2, 4.1.3) r || s of a message hash. The nonce is RFC 6979's HMAC-DRBG over the key
     * and the hash, with 32 bytes from {@code random} added to its seed (RFC 6979, 3.6): signatures are randomized
     * but a broken random generator cannot make the nonce repeat or leak. Retries with the next nonce if r or s
     * comes out 0.
     */
    public static byte[] sign(byte[] d32, byte[] messageHash32, SecureRandom random) {
        byte[] extra = new byte[32];
        random.nextBytes(extra);
        byte[] blind = new byte[2 * SCALAR_LENGTH];
        random.nextBytes(blind);
        return sign(d32, messageHash32, extra, blind);
    }

    /**
     * Signing with explicit additional nonce seed data; an empty {@code extra} gives plain RFC 6979. The inversions
     * are blinded with fixed values: for known-answer tests (the signature does not depend on the blinding).
     */
    static byte[] sign(byte[] d32, byte[] hash, byte[] extra) {
        byte[] blind = new byte[2 * SCALAR_LENGTH];
        java.util.Arrays.fill(blind, (byte) 0x5a);
        return sign(d32, hash, extra, blind);
    }

    private static byte[] sign(byte[] d32, byte[] hash, byte[] extra, byte[] blind) {
        long[] d = privateScalar(d32);
        long[] e = hashToScalar(hash);
        byte[] h1 = new byte[SCALAR_LENGTH];
        Limbs.toBytes(h1, 0, e);
        Rfc6979 drbg = new Rfc6979(d32, h1, extra);
        long[] dm = Fn.create();
        long[] em = Fn.create();
        Fn.toMont(dm, d);
        Fn.toMont(em, e);
        long[] k = new long[4];
        for (boolean first = true; ; first = false) {
            Limbs.fromBytes(k, drbg.next(first), 0);
            if (scalarInRange(k) == 0) {
                continue;
            }
            byte[] rs = signWith(k, dm, em, blind);
            if (rs != null) {
                return rs;
            }
        }
    }

    /**
     * Signing with a caller-chosen nonce k (32 bytes, 1 <= k < n), for known-answer and timing tests only; null when
     * r or s comes out 0.
     */
    static byte[] signWithNonce(byte[] d32, byte[] hash, byte[] k32) {
        byte[] blind = new byte[2 * SCALAR_LENGTH];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(blind); // tests only: fresh blinding per call
        long[] d = privateScalar(d32);
        long[] k = privateScalar(k32);
        long[] dm = Fn.create();
        long[] em = Fn.create();
        Fn.toMont(dm, d);
        Fn.toMont(em, hashToScalar(hash));
        return signWith(k, dm, em, blind);
    }

    /**
     * r = x(k * G) mod n, s = (e + r * d) / k mod n; null when r or s is 0. The two inversions (of k mod n, of the
     * point's Z mod p) are blinded by the random values in {@code blind} (see {@link #invertBlinded}).
     */
    private static byte[] signWith(long[] k, long[] dm, long[] em, byte[] blind) {
        Point big = new Point();
        ScalarMult.mulBase(big, k);
        long[] x = new long[4];
        Fp.fromMont(x, affineXBlinded(big, blind));
        long[] r = new long[4];
        Fn.reduce(r, x);
        long[] rm = Fn.create();
        Fn.toMont(rm, r);
        long[] sm = Fn.create();
        Fn.mul(sm, rm, dm);
        Fn.add(sm, sm, em);
        long[] km = Fn.create();
        Fn.toMont(km, k);
        invertModNBlinded(km, km, blind);
        Fn.mul(sm, sm, km);
        long[] s = new long[4];
        Fn.fromMont(s, sm);
        if ((Limbs.isZeroMask(r) | Limbs.isZeroMask(s)) != 0) {
            return null;
        }
        byte[] out = new byte[SIGNATURE_LENGTH];
        Limbs.toBytes(out, 0, r);
        Limbs.toBytes(out, SCALAR_LENGTH, s);
        return out;
    }

    /**
     * Verifies an ECDSA signature r || s (SEC 1 v2, 4.1.4) over a message hash. Variable time (every input is
     * public).
     *
     * @return false for any signature that does not verify, including one of the wrong length or with r or s
     *     outside [1, n-1]
     * @throws IllegalArgumentException when the public point is not a valid uncompressed P-256 point
     */
    public static boolean verify(byte[] publicPoint65, byte[] messageHash32, byte[] rs64) {
        Point q = decodePublic(publicPoint65);
        long[][] u = verifyScalars(messageHash32, rs64);
        if (u == null) {
            return false;
        }
        JacobianPoint big = new JacobianPoint();
        VerifyMult.mulDouble(big, u[0], u[1], JacobianPoint.affine(q.x, q.y));
        return VerifyMult.xModNEquals(big, u[2]);
    }

    /**
     * A public key prepared for many verifications: the validated point plus a 33 KB table of its multiples, so
     * that {@link #verify(PrecomputedKey, byte[], byte[])} needs 5 point doublings instead of 256 (about 2.5 times
     * faster). Building it costs about as much as three plain verifications. Immutable and thread-safe.
     */
    public static final class PrecomputedKey {
        private final byte[] point;
        private final KeyTable table;

        private PrecomputedKey(byte[] point, KeyTable table) {
            this.point = point;
            this.table = table;
        }

        /** The uncompressed public point (65 bytes, a copy). */
        public byte[] publicPoint() {
            return point.clone();
        }

        /** The size of the precomputed table in bytes. */
        public int tableBytes() {
            return table.sizeBytes();
        }
    }

    /**
     * Validates a public point (as {@link #verify(byte[], byte[], byte[])} does) and precomputes multiples of it
     * for repeated verification. Variable time (the point is public).
     *
     * @throws IllegalArgumentException when the point is not a valid uncompressed P-256 point
     */
    public static PrecomputedKey precompute(byte[] publicPoint65) {
        Point q = decodePublic(publicPoint65);
        return new PrecomputedKey(publicPoint65.clone(), new KeyTable(q.x, q.y));
    }

    /**
     * Verifies an ECDSA signature r || s under a precomputed key: the same answers as
     * {@link #verify(byte[], byte[], byte[])} with the key's point. Variable time (every input is public).
     *
     * @return false for any signature that does not verify, including one of the wrong length or with r or s
     *     outside [1, n-1]
     * @throws IllegalArgumentException when the key is null
     */
    public static boolean verify(PrecomputedKey key, byte[] messageHash32, byte[] rs64) {
        if (key == null) {
            throw new IllegalArgumentException("key is null");
        }
        long[][] u = verifyScalars(messageHash32, rs64);
        if (u == null) {
            return false;
        }
        JacobianPoint big = new JacobianPoint();
        key.table.mulDouble(big, u[0], u[1]);
        return VerifyMult.xModNEquals(big, u[2]);
    }

    private static Point decodePublic(byte[] publicPoint65) {
        Point q = Sec1.decode(publicPoint65);
        if (q == null) {
            throw new IllegalArgumentException("invalid P-256 public point");
        }
        return q;
    }

    /**
     * SEC 1 v2, 4.1.4 steps 1 to 4: {u1, u2, r} with u1 = e / s and u2 = r / s mod n, or null when r || s is not
     * 64 bytes or r or s is outside [1, n-1].
     */
    private static long[][] verifyScalars(byte[] messageHash32, byte[] rs64) {
        if (rs64 == null || rs64.length != SIGNATURE_LENGTH) {
            return null;
        }
        long[] r = new long[4];
        long[] s = new long[4];
        Limbs.fromBytes(r, rs64, 0);
        Limbs.fromBytes(s, rs64, SCALAR_LENGTH);
        if (scalarInRange(r) == 0 || scalarInRange(s) == 0) {
            return null;
        }
        long[] e = hashToScalar(messageHash32);
        long[] sInv = new long[4];
        BinaryInverse.inverse(sInv, s, Fn.N64); // s is public: variable time is fine
        long[] w = Fn.create();
        Fn.toMont(w, sInv);
        long[] t = Fn.create();
        long[] u1 = new long[4];
        long[] u2 = new long[4];
        Fn.toMont(t, e);
        Fn.mul(t, t, w);
        Fn.fromMont(u1, t);
        Fn.toMont(t, r);
        Fn.mul(t, t, w);
        Fn.fromMont(u2, t);
        return new long[][] {u1, u2, r};
    }

    /** The DER encoding {@code SEQUENCE { INTEGER r, INTEGER s }} of a 64-byte r || s. */
    public static byte[] toDer(byte[] rs64) {
        return EcdsaDer.toDer(rs64);
    }

    /**
     * The 64-byte r || s of a strict DER ECDSA signature, or null when the input is not one: definite minimal
     * lengths, positive minimal INTEGERs of at most 256 bits, no trailing bytes.
     */
    public static byte[] fromDer(byte[] der) {
        return EcdsaDer.fromDer(der);
    }

    /** The affine x coordinate of p (Montgomery form). */
    /**
     * 1/k mod n for a secret k (Montgomery form in and out), blinded: with b from {@code blind}'s first half, the
     * variable-time {@link BinaryInverse} inverts k b, a uniformly random value whatever k is, and 1/k = b / (k b).
     * About five times faster than {@link Fn#inv}'s constant-time exponentiation, and its timing tells nothing of k
     * as long as b is secret and random.
     */
    private static void invertModNBlinded(long[] r, long[] k, byte[] blind) {
        long[] b = blindingValue(blind, 0, Fn.N64);
        long[] bm = Fn.create();
        Fn.toMont(bm, b);
        long[] kb = Fn.create();
        Fn.mul(kb, k, bm);
        long[] plain = new long[4];
        Fn.fromMont(plain, kb);
        Fn.reduce(plain, plain);
        BinaryInverse.inverse(plain, plain, Fn.N64);
        Fn.toMont(kb, plain);
        Fn.mul(r, kb, bm);
    }

    /** x(p) for a point with a secret scalar behind it: Z inverted as in {@link #invertModNBlinded}, mod p. */
    private static long[] affineXBlinded(Point p, byte[] blind) {
        long[] b = blindingValue(blind, SCALAR_LENGTH, Fp.P64);
        long[] bm = Fp.create();
        Fp.toMont(bm, b);
        long[] zb = Fp.create();
        Fp.mul(zb, p.z, bm);
        long[] plain = new long[4];
        Fp.fromMont(plain, zb);
        BinaryInverse.inverse(plain, plain, Fp.P64);
        Fp.toMont(zb, plain);
        Fp.mul(zb, zb, bm);
        long[] x = Fp.create();
        Fp.mul(x, p.x, zb);
        return x;
    }

    /** 32 bytes of {@code blind} from {@code at}, reduced below m, and 1 in place of 0 (probability 2^-255). */
    private static long[] blindingValue(byte[] blind, int at, long[] m) {
        long[] b = new long[4];
        Limbs.fromBytes(b, blind, at);
        b[3] &= Long.MAX_VALUE; // below 2^255 < m: a value mod m
        b[0] |= Limbs.isZeroMask(b) & 1;
        return b;
    }

    private static long[] affineX(Point p) {
        long[] x = Fp.create();
        p.toAffine(x, Fp.create());
        return x;
    }

    /** The private key as limbs, after checking 1 <= d < n. */
    private static long[] privateScalar(byte[] d32) {
        if (d32 == null || d32.length != SCALAR_LENGTH) {
            throw new IllegalArgumentException("P-256 private key must be 32 bytes");
        }
        long[] d = new long[4];
        Limbs.fromBytes(d, d32, 0);
        if (scalarInRange(d) == 0) {
            throw new IllegalArgumentException("P-256 private key out of range");
        }
        return d;
    }

    /** All ones when 1 <= k < n, else 0 (constant time). */
    private static long scalarInRange(long[] k) {
        return Limbs.lessThanMask(k, Fn.N64) & ~Limbs.isZeroMask(k);
    }

    /** bits2int of the hash (its leftmost 256 bits, SEC 1 v2 4.1.3 step 5), reduced mod n. */
    private static long[] hashToScalar(byte[] hash) {
        if (hash == null) {
            throw new IllegalArgumentException("hash is null");
        }
        byte[] padded = new byte[SCALAR_LENGTH];
        int len = Math.min(hash.length, SCALAR_LENGTH);
        System.arraycopy(hash, 0, padded, SCALAR_LENGTH - len, len);
        long[] e = new long[4];
        Limbs.fromBytes(e, padded, 0);
        Fn.reduce(e, e);
        return e;
    }
}
