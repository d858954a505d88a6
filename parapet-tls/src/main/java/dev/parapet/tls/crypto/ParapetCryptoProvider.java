package dev.parapet.tls.crypto;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.chacha.ChaCha20Poly1305;
import dev.parapet.tls.crypto.curve25519.Ed25519;
import dev.parapet.tls.crypto.curve25519.X25519;
import dev.parapet.tls.crypto.p256.P256;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * {@link CryptoProvider#parapet()}: Parapet's own primitives where they beat the JCA on the running JDK, the JCA for
 * the rest: X25519 and P-256 key exchange, ECDSA P-256 and Ed25519 signatures (several times the JCA's speed on JDK
 * 17 and 25: docs/curve25519.md, docs/p256.md), ChaCha20-Poly1305 by JDK version (below); RSA, P-384 and AES-GCM
 * are the JCA's. Keys our code cannot read (no exposed scalar) go to the JCA too.
 */
final class ParapetCryptoProvider implements CryptoProvider {
    /**
     * Ours or the JCA's ChaCha20-Poly1305, by JDK feature version, as measured on 2026-11-29 with parapet-bench's
     * ChaChaBenchmark.seal (one TLS 1.3 record sealed per op, heap buffers, short runs: -f 1 -wi 2 -w 1s -i 3 -r 1s,
     * on 2 shared cores at load average 20-24, so absolute figures are far below an idle machine's; ops/s):
     * <pre>
     *                  16 KiB record            1 KiB record
     *   JDK 17  ours   2388, 2528 (2520 *)      31371, 30089
     *           JCA    1182,  996 (1032 *)       9476, 12463     ours 2.0-2.5x and 2.4-3.3x
     *   JDK 25  ours   1735, 1826 (2362 *)      20226, 28197
     *           JCA    2310, 1223 (2135 *)      11118, 10086     16 KiB unsettled; ours 1.8-2.8x at 1 KiB
     * </pre>
     * (* with 6 warm-up iterations.) On JDK 25 the wall clock under that load did not settle 16 KiB, so ChaChaCpuTime
     * (thread CPU time, best of 31 rounds, so other processes count less) decided: JDK 25 JCA 420 MB/s against ours
     * 278 at 16 KiB, 232 against 247 at 1 KiB (the JDK has intrinsified ChaCha20 since JDK 20); JDK 17 JCA 220
     * against ours 265 at 16 KiB, 184 against 245 at 1 KiB. Full records carry the bulk, so the JCA's from 25 on.
     * JDKs 18 to 24 were not measured: they keep ours until someone does.
     *
     * <p>With the Vector API (the JVM started with {@code --add-modules jdk.incubator.vector}), ours wins on every
     * JDK: ChaChaCpuTime, 16 KiB records, JDK 17 ours 711 MB/s against the JCA's 215; JDK 25 ours 726 against the
     * JCA's 366 (docs/chacha.md).
     */
    static final int JCA_CHACHA_FASTER_FROM = 25;

    static final ParapetCryptoProvider INSTANCE = new ParapetCryptoProvider(
            ourChaChaIsFaster(Runtime.version().feature(), ChaCha20Poly1305.vectorized()));

    private final boolean ourChaCha;

    ParapetCryptoProvider(boolean ourChaCha) {
        this.ourChaCha = ourChaCha;
    }

    /** The rule above: ours when vectorized or before {@link #JCA_CHACHA_FASTER_FROM}, else the JCA's. */
    static boolean ourChaChaIsFaster(int jdkFeatureVersion, boolean vectorized) {
        return vectorized || jdkFeatureVersion < JCA_CHACHA_FASTER_FROM;
    }

    @Override
    public String name() {
        return "parapet";
    }

    @Override
    public String toString() {
        return "CryptoProvider.parapet() (X25519, P-256, Ed25519: parapet; ChaCha20-Poly1305: "
                + (ourChaCha ? ChaCha20Poly1305.vectorized() ? "parapet, Vector API" : "parapet" : "jca") + ")";
    }

    // ---- AEAD ----

    @Override
    public Aead aead(CipherSuite suite, byte[] key) {
        return aead(suite, key, null);
    }

    /** Ours for ChaCha20-Poly1305 where faster (it borrows nothing), else the JCA's borrowing from {@code pool}. */
    @Override
    public Aead aead(CipherSuite suite, byte[] key, CipherPool pool) {
        if (ourChaCha && suite.cipher() == CipherSuite.BulkCipher.CHACHA20_POLY1305) {
            if (key.length != suite.keyLength()) {
                throw new IllegalArgumentException(suite + " needs a " + suite.keyLength() + "-byte key, got "
                        + key.length + " bytes");
            }
            return new ChaCha20Poly1305(key);
        }
        return new JcaAead(suite, key, pool);
    }

    // ---- key exchange ----

    @Override
    public KeyExchange generateKeyExchange(NamedGroup group, SecureRandom random) {
        switch (group) {
            case X25519: return x25519(random);
            case SECP256R1: return p256(random);
            default: return KeyExchange.generate(group, random);
        }
    }

    /**
     * X25519 (RFC 7748) by {@link X25519}: constant-time, several times faster than the JCA's on JDK 17 and 25
     * (docs/curve25519.md). KeyExchange checks the share's length and refuses the all-zero secret itself.
     */
    private static KeyExchange x25519(SecureRandom random) {
        byte[] priv = X25519.generatePrivate(random);
        return KeyExchange.ofRawKeys(NamedGroup.X25519, priv, X25519.publicKey(priv), X25519::sharedSecret);
    }

    /**
     * P-256 ECDH (RFC 8446, 4.2.8.2: 65-byte uncompressed points) by {@link P256}: constant-time, and
     * {@link P256#sharedSecret} validates the peer's point (on the curve, not infinity) before using it.
     */
    private static KeyExchange p256(SecureRandom random) {
        byte[] priv = P256.generatePrivate(random);
        return KeyExchange.ofRawKeys(NamedGroup.SECP256R1, priv, P256.publicKey(priv), P256::sharedSecret);
    }

    // ---- signatures ----

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsException {
        if (scheme == SignatureScheme.ECDSA_SECP256R1_SHA256 && Signatures.keyMatches(scheme, key)) {
            return signP256(key, message, random);
        }
        if (scheme == SignatureScheme.ED25519 && Signatures.keyMatches(scheme, key)) {
            return signEd25519(key, message, random);
        }
        return Signatures.sign(scheme, key, message, random);
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        if (scheme == SignatureScheme.ECDSA_SECP256R1_SHA256 && Signatures.keyMatches(scheme, key)) {
            return verifyP256(key, message, signature);
        }
        if (scheme == SignatureScheme.ED25519 && Signatures.keyMatches(scheme, key)) {
            return verifyEd25519(key, message, signature);
        }
        return Signatures.verify(scheme, key, message, signature);
    }

    /** ECDSA P-256: {@link #verifier} builds a table of the key's multiples. */
    @Override
    public boolean precomputes(SignatureScheme scheme) {
        return scheme == SignatureScheme.ECDSA_SECP256R1_SHA256;
    }

    /**
     * For ECDSA P-256, a verifier over {@link P256#precompute}'s table of the key's multiples: about three
     * verifications' worth to build, then each verification takes about 0.4 of a plain one (docs/p256.md). Used
     * for keys that verify again and again, the trust anchors'. Other schemes and keys: as {@link #verify}.
     */
    @Override
    public SignatureVerifier verifier(SignatureScheme scheme, PublicKey key) {
        if (scheme != SignatureScheme.ECDSA_SECP256R1_SHA256 || !Signatures.keyMatches(scheme, key)
                || !(key instanceof java.security.interfaces.ECPublicKey)) {
            return CryptoProvider.super.verifier(scheme, key);
        }
        P256.PrecomputedKey prepared;
        try {
            prepared = P256.precompute(RawKeys.ecPublicPoint(key));
        } catch (IllegalArgumentException badKey) {
            return (message, signature) -> false; // as verify: a key off the curve verifies nothing
        }
        return (message, signature) -> {
            byte[] raw = RawKeys.ecdsaDerToRaw(signature, 32);
            return raw != null && P256.verify(prepared, sha256(message), raw);
        };
    }

    /**
     * ECDSA P-256 with SHA-256, DER on the wire (RFC 8446, 4.2.3), by {@link P256}: constant-time signing with
     * hedged RFC 6979 nonces. Keys that do not expose their scalar (a hardware token's) go to the JCA.
     */
    private static byte[] signP256(PrivateKey key, byte[] message, SecureRandom random) throws TlsException {
        if (!(key instanceof java.security.interfaces.ECPrivateKey)) {
            return Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, key, message, random);
        }
        byte[] scalar = RawKeys.ecPrivateScalar(key);
        try {
            return P256.toDer(P256.sign(scalar, sha256(message), random));
        } finally {
            java.util.Arrays.fill(scalar, (byte) 0);
        }
    }

    /** Verification by {@link P256} (variable-time: public inputs); non-canonical DER is refused, as the JCA path. */
    private static boolean verifyP256(PublicKey key, byte[] message, byte[] signature) {
        if (!(key instanceof java.security.interfaces.ECPublicKey)) {
            return Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, key, message, signature);
        }
        byte[] raw = RawKeys.ecdsaDerToRaw(signature, 32);
        try {
            return raw != null && P256.verify(RawKeys.ecPublicPoint(key), sha256(message), raw);
        } catch (IllegalArgumentException badKey) {
            return false;
        }
    }

    private static byte[] sha256(byte[] message) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Ed25519 (RFC 8032) by {@link Ed25519}: constant-time signing. Keys that do not expose their bytes (a hardware
     * token's) go to the JCA.
     */
    private static byte[] signEd25519(PrivateKey key, byte[] message, SecureRandom random) throws TlsException {
        if (!(key instanceof java.security.interfaces.EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            return Signatures.sign(SignatureScheme.ED25519, key, message, random);
        }
        byte[] seed = ed.getBytes().get();
        try {
            return Ed25519.sign(seed, Ed25519.publicKey(seed), message);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }

    /** Ed25519 verification by {@link Ed25519} (cofactorless, as RFC 8032 and Wycheproof expect). */
    private static boolean verifyEd25519(PublicKey key, byte[] message, byte[] signature) {
        if (!(key instanceof java.security.interfaces.EdECPublicKey)) {
            return Signatures.verify(SignatureScheme.ED25519, key, message, signature);
        }
        return signature.length == Ed25519.SIGNATURE_LENGTH
                && Ed25519.verify(RawKeys.ed25519PublicKey(key), message, signature);
    }
}
