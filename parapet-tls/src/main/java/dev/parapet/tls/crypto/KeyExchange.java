package dev.parapet.tls.crypto;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.KeyAgreement;

/**
 * One side of an (EC)DHE key exchange (RFC 8446, 4.2.8, 7.4): X25519 (RFC 7748) and the NIST curves secp256r1 and
 * secp384r1. The key_exchange encodings follow RFC 8446, 4.2.8.2. It holds either a JCA private key ({@link #generate},
 * {@link #fromKeys}) or raw private-key bytes with the function that agrees on them ({@link #ofRawKeys}, for
 * Parapet's own curve code).
 */
public final class KeyExchange {
    /** RFC 7748, 4.1: p = 2^255 - 19. */
    private static final BigInteger X25519_P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final int X25519_LENGTH = 32;
    private static final Map<NamedGroup, ECParameterSpec> CURVES = new EnumMap<>(NamedGroup.class);

    private final NamedGroup group;
    private final PrivateKey privateKey;
    private final byte[] publicKeyShare;
    private final byte[] rawPrivateKey;
    private final RawAgreement rawAgreement;

    private KeyExchange(NamedGroup group, PrivateKey privateKey, byte[] publicKeyShare) {
        this(group, privateKey, publicKeyShare, null, null);
    }

    private KeyExchange(NamedGroup group, PrivateKey privateKey, byte[] publicKeyShare, byte[] rawPrivateKey,
                        RawAgreement rawAgreement) {
        this.group = group;
        this.privateKey = privateKey;
        this.publicKeyShare = publicKeyShare;
        this.rawPrivateKey = rawPrivateKey;
        this.rawAgreement = rawAgreement;
    }

    /** Key agreement on raw values, as Parapet's own curve code offers it. */
    @FunctionalInterface
    public interface RawAgreement {
        /**
         * The shared secret of our raw private key and the peer's key_exchange value (already checked for length and,
         * on NIST curves, the uncompressed-point prefix). Must validate the peer's value and throw when it is
         * invalid.
         */
        byte[] sharedSecret(byte[] privateKey, byte[] peerKeyShare) throws GeneralSecurityException;
    }

    /**
     * A key exchange over raw keys: {@code privateKey} in the group's raw form (32-byte X25519 scalar, 32-byte P-256
     * scalar), {@code publicKeyShare} its RFC 8446, 4.2.8.2 encoding, and the function computing the shared secret.
     * The arrays are kept, not copied.
     */
    public static KeyExchange ofRawKeys(NamedGroup group, byte[] privateKey, byte[] publicKeyShare,
                                        RawAgreement agreement) {
        if (publicKeyShare.length != group.keyShareLength()) {
            throw new IllegalArgumentException(group + " key share must be " + group.keyShareLength() + " bytes, got "
                    + publicKeyShare.length);
        }
        return new KeyExchange(group, null, publicKeyShare, privateKey, java.util.Objects.requireNonNull(agreement));
    }

    /** "jca" when the JCA computes the shared secret, "parapet" for raw keys. */
    public String implementation() {
        return rawAgreement == null ? "jca" : "parapet";
    }

    /** A fresh ephemeral key pair in the group. */
    public static KeyExchange generate(NamedGroup group, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(isX25519(group) ? "XDH" : "EC");
            if (isX25519(group)) {
                generator.initialize(NamedParameterSpec.X25519, random);
            } else {
                generator.initialize(new ECGenParameterSpec(group.rfcName()), random);
            }
            KeyPair pair = generator.generateKeyPair();
            return new KeyExchange(group, pair.getPrivate(), encode(group, pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + group + " key pair", e);
        }
    }

    /**
     * A key exchange over existing keys (tests, fixed keys). The public key may be null when only the shared secret
     * is wanted; {@link #publicKeyShare()} then throws.
     */
    public static KeyExchange fromKeys(NamedGroup group, PrivateKey privateKey, PublicKey publicKey) {
        return new KeyExchange(group, privateKey, publicKey == null ? null : encode(group, publicKey));
    }

    public NamedGroup group() {
        return group;
    }

    /** RFC 8446, 4.2.8.2: X25519 = 32 bytes (little-endian u); NIST curves = 0x04 || X || Y, fixed length. */
    public byte[] publicKeyShare() {
        if (publicKeyShare == null) {
            throw new IllegalStateException("no public key for this " + group + " key exchange");
        }
        return publicKeyShare.clone();
    }

    /**
     * RFC 8446, 7.4: the (EC)DHE shared secret with the peer's key_exchange value. X25519: 32 bytes (RFC 7748, 6.1);
     * NIST curves: the x-coordinate, fixed length (RFC 8446, 7.4.2).
     *
     * @throws TlsException illegal_parameter when the peer's share is malformed, off the curve or yields the
     *                      all-zero X25519 secret
     */
    public byte[] sharedSecret(byte[] peerKeyShare) throws TlsException {
        if (rawAgreement != null) {
            return rawSharedSecret(peerKeyShare);
        }
        PublicKey peer = isX25519(group) ? decodeX25519(peerKeyShare) : decodeEc(group, peerKeyShare);
        byte[] secret = agree(peer);
        if (isX25519(group) && isAllZero(secret)) {
            // RFC 7748, 6.1 and RFC 8446, 7.4.2: abort on the all-zero value (a small-order peer point).
            throw invalid("shared secret is all zeros (small-order point)");
        }
        return secret;
    }

    private byte[] rawSharedSecret(byte[] peerKeyShare) throws TlsException {
        if (peerKeyShare == null || peerKeyShare.length != group.keyShareLength()) {
            throw invalid("expected " + group.keyShareLength() + " bytes, got " + length(peerKeyShare));
        }
        if (!isX25519(group) && peerKeyShare[0] != 4) {
            // RFC 8446, 4.2.8.2: only the uncompressed form
            throw invalid("not an uncompressed point (first byte " + (peerKeyShare[0] & 0xff) + ", expected 4)");
        }
        byte[] secret;
        try {
            secret = rawAgreement.sharedSecret(rawPrivateKey, peerKeyShare.clone());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("key agreement refused the peer's key");
        }
        if (secret == null || secret.length != coordinateLength(group)) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, group + " key agreement returned "
                    + (secret == null ? "nothing" : secret.length + " bytes"));
        }
        if (isX25519(group) && isAllZero(secret)) {
            // RFC 7748, 6.1 and RFC 8446, 7.4.2: abort on the all-zero value (a small-order peer point).
            throw invalid("shared secret is all zeros (small-order point)");
        }
        return secret;
    }

    private byte[] agree(PublicKey peer) throws TlsException {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(isX25519(group) ? "XDH" : "ECDH");
            agreement.init(privateKey);
            agreement.doPhase(peer, true);
            return leftPad(agreement.generateSecret(), coordinateLength(group));
        } catch (java.security.InvalidKeyException e) {
            // The JDK refuses small-order X25519 points and off-curve EC points itself, too.
            throw invalid("key agreement refused the peer's key");
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, group + " key agreement failed", e);
        }
    }

    // --- X25519 (RFC 7748) ---

    private static byte[] encodeX25519(XECPublicKey key) {
        // RFC 7748, 5: u is encoded as 32 bytes, little-endian.
        byte[] bigEndian = toFixed(key.getU().mod(X25519_P), X25519_LENGTH);
        return reverse(bigEndian);
    }

    private PublicKey decodeX25519(byte[] share) throws TlsException {
        if (share == null || share.length != X25519_LENGTH) {
            throw invalid("expected " + X25519_LENGTH + " bytes, got " + length(share));
        }
        byte[] bigEndian = reverse(share);
        // RFC 7748, 5: mask the most significant bit of the final byte; non-canonical u (>= p) is taken mod p.
        bigEndian[0] &= 0x7f;
        BigInteger u = new BigInteger(1, bigEndian).mod(X25519_P);
        try {
            return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        } catch (GeneralSecurityException e) {
            throw invalid("not a valid u-coordinate");
        }
    }

    // --- NIST curves (SEC 1, 2.3.3; RFC 8446, 4.2.8.2) ---

    private static byte[] encodeEc(NamedGroup group, ECPublicKey key) {
        int n = coordinateLength(group);
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        System.arraycopy(toFixed(key.getW().getAffineX(), n), 0, out, 1, n);
        System.arraycopy(toFixed(key.getW().getAffineY(), n), 0, out, 1 + n, n);
        return out;
    }

    private PublicKey decodeEc(NamedGroup group, byte[] share) throws TlsException {
        if (share == null || share.length != group.keyShareLength()) {
            throw invalid("expected " + group.keyShareLength() + " bytes, got " + length(share));
        }
        if (share[0] != 4) {
            throw invalid("not an uncompressed point (first byte " + (share[0] & 0xff) + ", expected 4)");
        }
        int n = coordinateLength(group);
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(share, 1, 1 + n));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(share, 1 + n, 1 + 2 * n));
        ECParameterSpec curve = curve(group);
        if (!onCurve(curve, x, y)) {
            throw invalid("point is not on the curve");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve));
        } catch (GeneralSecurityException e) {
            throw invalid("point refused by the JDK");
        }
    }

    /** SEC 1, 3.2.2.1: 0 <= x, y < p and y^2 = x^3 + a*x + b (mod p). */
    static boolean onCurve(ECParameterSpec curve, BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) curve.getCurve().getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getCurve().getA().multiply(x)).add(curve.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    /** The JDK's domain parameters of a NIST group. */
    public static synchronized ECParameterSpec curve(NamedGroup group) {
        return CURVES.computeIfAbsent(group, g -> {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(g.rfcName()));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK does not know " + g, e);
            }
        });
    }

    // --- helpers ---

    private static byte[] encode(NamedGroup group, PublicKey key) {
        if (isX25519(group)) {
            if (!(key instanceof XECPublicKey)) {
                throw new IllegalArgumentException("not an X25519 public key: " + key.getAlgorithm());
            }
            return encodeX25519((XECPublicKey) key);
        }
        if (!(key instanceof ECPublicKey)) {
            throw new IllegalArgumentException("not an EC public key: " + key.getAlgorithm());
        }
        return encodeEc(group, (ECPublicKey) key);
    }

    private static boolean isX25519(NamedGroup group) {
        return group == NamedGroup.X25519;
    }

    /** The length of a field element: 32 for X25519 and secp256r1, 48 for secp384r1. */
    private static int coordinateLength(NamedGroup group) {
        return isX25519(group) ? X25519_LENGTH : (group.keyShareLength() - 1) / 2;
    }

    /** Big-endian, left-padded with zeros to exactly n bytes (the value must fit). */
    private static byte[] toFixed(BigInteger value, int n) {
        byte[] raw = value.toByteArray();
        if (raw.length == n) {
            return raw;
        }
        if (raw.length == n + 1 && raw[0] == 0) {
            return java.util.Arrays.copyOfRange(raw, 1, raw.length);
        }
        return leftPad(raw, n);
    }

    private static byte[] leftPad(byte[] raw, int n) {
        if (raw.length >= n) {
            return raw;
        }
        byte[] out = new byte[n];
        System.arraycopy(raw, 0, out, n - raw.length, raw.length);
        return out;
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    /** Constant time in the secret's contents. */
    private static boolean isAllZero(byte[] secret) {
        int acc = 0;
        for (byte b : secret) {
            acc |= b;
        }
        return acc == 0;
    }

    private static String length(byte[] share) {
        return share == null ? "none" : share.length + " bytes";
    }

    private TlsException invalid(String reason) {
        return TlsException.illegalParameter("invalid key share for " + group + ": " + reason);
    }
}
