package dev.parapet.tls.crypto;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;

/**
 * Signing and verifying with the TLS signature schemes over JCA: TLS 1.3 (RFC 8446, 4.2.3, 4.4.3) through
 * {@link #sign} and {@link #verify} after {@link #keyMatches}; TLS 1.2 (RFC 5246, 7.4.1.4.1; RFC 8422, 5.1.3), where
 * an ECDSA scheme names only the hash, through {@link #sign} and {@link #verify} after {@link #keyMatchesTls12}.
 * The SHA-1 schemes (rsa_pkcs1_sha1, ecdsa_sha1) work here; whether they may be used is the caller's decision
 * (legacy mode, TLS 1.2 only).
 */
public final class Signatures {
    private static final String SERVER_CONTEXT = "TLS 1.3, server CertificateVerify";
    private static final String CLIENT_CONTEXT = "TLS 1.3, client CertificateVerify";

    private Signatures() {
    }

    /**
     * Signs message with the scheme. The key must fit the scheme as {@link #keyMatchesTls12} says (in TLS 1.2 any EC
     * key serves an ECDSA scheme); TLS 1.3 callers first check {@link #keyMatches}, which also binds the ECDSA curve.
     * A key that does not fit or a JCA failure is internal_error.
     */
    public static byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsException {
        if (!keyMatchesTls12(scheme, key)) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "private key (" + key.getAlgorithm() + ") does not fit signature scheme " + scheme);
        }
        try {
            Signature signer = signature(scheme);
            signer.initSign(key, random);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "signing with " + scheme + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * True only when signature is a valid signature of message under key with the scheme; never throws. The key must
     * fit the scheme as {@link #keyMatchesTls12} says; TLS 1.3 callers first check {@link #keyMatches}, which also
     * binds the ECDSA curve (RFC 8446, 4.2.3).
     */
    public static boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        if (scheme == null || key == null || message == null || signature == null
                || !keyMatchesTls12(scheme, key)) {
            return false;
        }
        // RFC 8446, 4.2.3: ECDSA signatures are DER-encoded ECDSA-Sig-Value; BER variants are refused.
        if (isEcdsa(scheme) && !isCanonicalEcdsaDer(signature)) {
            return false;
        }
        // RFC 8032, 5.1.7: an Ed25519 signature is exactly 64 bytes; the JDK ignores trailing bytes.
        if (scheme == SignatureScheme.ED25519 && signature.length != 64) {
            return false;
        }
        try {
            Signature verifier = signature(scheme);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether key can be used with scheme (RFC 8446, 4.2.3): ECDSA needs an EC key on the scheme's curve,
     * rsa_pss_rsae_* and rsa_pkcs1_* an rsaEncryption key, rsa_pss_pss_* an RSASSA-PSS key, ed25519 an Ed25519 key.
     * The legacy ecdsa_sha1 names no curve: any EC key fits it.
     */
    public static boolean keyMatches(SignatureScheme scheme, Key key) {
        if (scheme == null || key == null) {
            return false;
        }
        switch (scheme) {
            case ECDSA_SECP256R1_SHA256: return ecKeyOfSize(key, 256);
            case ECDSA_SECP384R1_SHA384: return ecKeyOfSize(key, 384);
            case ECDSA_SECP521R1_SHA512: return ecKeyOfSize(key, 521);
            case RSA_PSS_RSAE_SHA256: case RSA_PSS_RSAE_SHA384: case RSA_PSS_RSAE_SHA512:
            case RSA_PKCS1_SHA256: case RSA_PKCS1_SHA384: case RSA_PKCS1_SHA512: case RSA_PKCS1_SHA1:
                return "RSA".equals(key.getAlgorithm()) && key instanceof RSAKey;
            case RSA_PSS_PSS_SHA256: case RSA_PSS_PSS_SHA384: case RSA_PSS_PSS_SHA512:
                return isPssKeyFor(key, hash(scheme));
            case ED25519: return isEd25519(key);
            case ECDSA_SHA1: return isEcKey(key);
            default: return false;
        }
    }

    /**
     * Whether key can be used with scheme in TLS 1.2 (RFC 5246, 7.4.1.4.1; RFC 8422, 5.1.3): there an ECDSA scheme
     * names only the hash, so any EC key fits every ECDSA scheme; the RSA, RSASSA-PSS and Ed25519 schemes need the
     * same keys as in {@link #keyMatches}.
     */
    public static boolean keyMatchesTls12(SignatureScheme scheme, Key key) {
        if (scheme == null || key == null) {
            return false;
        }
        if (isEcdsa(scheme)) {
            return isEcKey(key);
        }
        return keyMatches(scheme, key);
    }

    /**
     * RFC 8446, 4.4.3: the signed content is 64 bytes of 0x20, the context string, a 0 byte, and the transcript
     * hash.
     */
    public static byte[] certificateVerifyContent(boolean server, byte[] transcriptHash) {
        byte[] context = (server ? SERVER_CONTEXT : CLIENT_CONTEXT).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64 + context.length + 1 + transcriptHash.length];
        Arrays.fill(out, 0, 64, (byte) 0x20);
        System.arraycopy(context, 0, out, 64, context.length);
        out[64 + context.length] = 0;
        System.arraycopy(transcriptHash, 0, out, 64 + context.length + 1, transcriptHash.length);
        return out;
    }

    // --- JCA mapping ---

    private static Signature signature(SignatureScheme scheme) throws GeneralSecurityException {
        switch (scheme) {
            case ECDSA_SECP256R1_SHA256: return Signature.getInstance("SHA256withECDSA");
            case ECDSA_SECP384R1_SHA384: return Signature.getInstance("SHA384withECDSA");
            case ECDSA_SECP521R1_SHA512: return Signature.getInstance("SHA512withECDSA");
            case RSA_PKCS1_SHA256: return Signature.getInstance("SHA256withRSA");
            case RSA_PKCS1_SHA384: return Signature.getInstance("SHA384withRSA");
            case RSA_PKCS1_SHA512: return Signature.getInstance("SHA512withRSA");
            case RSA_PKCS1_SHA1: return Signature.getInstance("SHA1withRSA");
            case ECDSA_SHA1: return Signature.getInstance("SHA1withECDSA");
            case ED25519: return Signature.getInstance("Ed25519");
            default: return pss(hash(scheme));
        }
    }

    /** RFC 8446, 4.2.3: RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash output. */
    private static Signature pss(String hash) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(pssParameters(hash));
        return s;
    }

    private static AlgorithmParameterSpec pssParameters(String hash) {
        return new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), hashLength(hash), 1);
    }

    private static String hash(SignatureScheme scheme) {
        String name = scheme.rfcName();
        if (name.endsWith("sha256")) {
            return "SHA-256";
        }
        if (name.endsWith("sha384")) {
            return "SHA-384";
        }
        if (name.endsWith("sha512")) {
            return "SHA-512";
        }
        return null;
    }

    private static int hashLength(String hash) {
        switch (hash) {
            case "SHA-256": return 32;
            case "SHA-384": return 48;
            default: return 64;
        }
    }

    private static boolean isEcdsa(SignatureScheme scheme) {
        return scheme.rfcName().startsWith("ecdsa_");
    }

    // --- key checks ---

    private static boolean isEcKey(Key key) {
        return key instanceof ECKey && ((ECKey) key).getParams() != null;
    }

    private static boolean ecKeyOfSize(Key key, int fieldSize) {
        return key instanceof ECKey && ((ECKey) key).getParams() != null
                && ((ECKey) key).getParams().getCurve().getField().getFieldSize() == fieldSize;
    }

    /** An RSASSA-PSS key; when the key carries PSS parameters (RFC 4055, 3.1) their hash must be the scheme's. */
    private static boolean isPssKeyFor(Key key, String hash) {
        if (!"RSASSA-PSS".equals(key.getAlgorithm()) || !(key instanceof RSAKey)) {
            return false;
        }
        AlgorithmParameterSpec params = ((RSAKey) key).getParams();
        return !(params instanceof PSSParameterSpec)
                || normalise(((PSSParameterSpec) params).getDigestAlgorithm()).equals(normalise(hash));
    }

    private static String normalise(String hash) {
        return hash.replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean isEd25519(Key key) {
        if (key instanceof EdECKey) {
            return "Ed25519".equalsIgnoreCase(((EdECKey) key).getParams().getName());
        }
        return "Ed25519".equals(key.getAlgorithm());
    }

    // --- strict DER for ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279, 2.2.3; X.690, 10) ---

    /** True when sig is exactly one DER SEQUENCE of two minimal, positive INTEGERs and nothing else. */
    static boolean isCanonicalEcdsaDer(byte[] sig) {
        if (sig.length < 2 || sig[0] != 0x30) {
            return false;
        }
        int[] cursor = {1};
        int bodyLength = derLength(sig, cursor);
        if (bodyLength < 0 || cursor[0] + bodyLength != sig.length) {
            return false;
        }
        return positiveInteger(sig, cursor) && positiveInteger(sig, cursor) && cursor[0] == sig.length;
    }

    /** X.690, 10.1: definite length in the fewest octets; -1 when malformed. Advances cursor past the length. */
    private static int derLength(byte[] in, int[] cursor) {
        int p = cursor[0];
        if (p >= in.length) {
            return -1;
        }
        int first = in[p] & 0xff;
        if (first < 0x80) {
            cursor[0] = p + 1;
            return first;
        }
        // ECDSA signatures up to P-521 fit a one-octet long form, which must then be >= 128 to be minimal.
        if (first != 0x81 || p + 1 >= in.length || (in[p + 1] & 0xff) < 0x80) {
            return -1;
        }
        cursor[0] = p + 2;
        return in[p + 1] & 0xff;
    }

    /** X.690, 8.3: an INTEGER with no redundant leading octet; ECDSA's r and s must also be positive. */
    private static boolean positiveInteger(byte[] in, int[] cursor) {
        if (cursor[0] >= in.length || in[cursor[0]] != 0x02) {
            return false;
        }
        cursor[0]++;
        int length = derLength(in, cursor);
        int start = cursor[0];
        if (length <= 0 || start + length > in.length) {
            return false;
        }
        boolean negative = (in[start] & 0x80) != 0;
        boolean redundantZero = length > 1 && in[start] == 0 && (in[start + 1] & 0x80) == 0;
        cursor[0] = start + length;
        return !negative && !redundantZero;
    }
}
