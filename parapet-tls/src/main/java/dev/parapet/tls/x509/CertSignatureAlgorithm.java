package dev.parapet.tls.x509;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.function.Function;

/**
 * A certificate's signature AlgorithmIdentifier (RFC 5280, 4.1.1.2), resolved to a JCA signature: RSA PKCS#1 v1.5
 * (RFC 4055), RSASSA-PSS with its parameters (RFC 4055, 3.1), ECDSA (RFC 5758, 3.2), Ed25519/Ed448 (RFC 8410).
 * MD5 and SHA-1 are recognised so that policy can name them; unknown identifiers are kept with their OID and fail
 * only when a signature made with them must be checked.
 */
final class CertSignatureAlgorithm {
    static final String RSA_PSS = "1.2.840.113549.1.1.10";
    private static final String MGF1 = "1.2.840.113549.1.1.8";
    private static final Map<String, String[]> PKCS1 = Map.of(
            "1.2.840.113549.1.1.4", new String[] {"md5WithRSAEncryption", "MD5withRSA", "MD5"},
            "1.2.840.113549.1.1.5", new String[] {"sha1WithRSAEncryption", "SHA1withRSA", "SHA-1"},
            "1.2.840.113549.1.1.11", new String[] {"sha256WithRSAEncryption", "SHA256withRSA", "SHA-256"},
            "1.2.840.113549.1.1.12", new String[] {"sha384WithRSAEncryption", "SHA384withRSA", "SHA-384"},
            "1.2.840.113549.1.1.13", new String[] {"sha512WithRSAEncryption", "SHA512withRSA", "SHA-512"});
    private static final Map<String, String[]> ECDSA = Map.of(
            "1.2.840.10045.4.1", new String[] {"ecdsa-with-SHA1", "SHA1withECDSA", "SHA-1"},
            "1.2.840.10045.4.3.2", new String[] {"ecdsa-with-SHA256", "SHA256withECDSA", "SHA-256"},
            "1.2.840.10045.4.3.3", new String[] {"ecdsa-with-SHA384", "SHA384withECDSA", "SHA-384"},
            "1.2.840.10045.4.3.4", new String[] {"ecdsa-with-SHA512", "SHA512withECDSA", "SHA-512"});
    private static final Map<String, String> HASHES = Map.of(
            "1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    /** Readable name, e.g. sha256WithRSAEncryption, or the OID when unknown. */
    final String name;
    /** JCA Signature name, or null when unsupported. */
    final String jcaName;
    final PSSParameterSpec pss;
    /** "RSA", "EC", "Ed25519", "Ed448", or null. */
    final String keyFamily;
    /** The digest, for policy ("MD5", "SHA-1", ...), or null for EdDSA. */
    final String hash;
    /** Why it is unsupported, or null. */
    final String unsupported;

    private CertSignatureAlgorithm(String name, String jcaName, PSSParameterSpec pss, String keyFamily, String hash,
            String unsupported) {
        this.name = name;
        this.jcaName = jcaName;
        this.pss = pss;
        this.keyFamily = keyFamily;
        this.hash = hash;
        this.unsupported = unsupported;
    }

    boolean weak() {
        return "MD5".equals(hash) || "SHA-1".equals(hash);
    }

    /** Parses an AlgorithmIdentifier's DER. Malformed DER fails; an unknown algorithm does not. */
    static CertSignatureAlgorithm parse(byte[] algorithmIdentifier) {
        Der.Reader seq = Der.parse(algorithmIdentifier).contents();
        String oid = seq.readOid();
        Der.Element params = seq.hasMore() ? seq.read() : null;
        seq.expectEnd();
        String[] rsa = PKCS1.get(oid);
        if (rsa != null) {
            // RFC 4055, 5: parameters MUST be NULL; absent parameters are tolerated, anything else is not.
            if (params != null && (params.tag() != Der.NULL || params.value().length != 0)) {
                throw new Der.DerException(rsa[0] + " with parameters other than NULL");
            }
            return new CertSignatureAlgorithm(rsa[0], rsa[1], null, "RSA", rsa[2], null);
        }
        String[] ec = ECDSA.get(oid);
        if (ec != null) {
            if (params != null) {
                throw new Der.DerException(ec[0] + " with parameters (RFC 5758, 3.2: they must be absent)");
            }
            return new CertSignatureAlgorithm(ec[0], ec[1], null, "EC", ec[2], null);
        }
        if (oid.equals("1.3.101.112") || oid.equals("1.3.101.113")) {
            String curve = oid.endsWith("112") ? "Ed25519" : "Ed448";
            if (params != null) {
                throw new Der.DerException(curve + " with parameters (RFC 8410, 3: they must be absent)");
            }
            return new CertSignatureAlgorithm(curve, curve, null, curve, null, null);
        }
        if (oid.equals(RSA_PSS)) {
            return pss(params);
        }
        return new CertSignatureAlgorithm(oid, null, null, null, null, "unsupported signature algorithm " + oid);
    }

    // RFC 4055, 3.1: RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1,
    //   maskGenAlgorithm [1] DEFAULT mgf1SHA1, saltLength [2] INTEGER DEFAULT 20, trailerField [3] DEFAULT 1 }
    private static CertSignatureAlgorithm pss(Der.Element params) {
        if (params == null || params.tag() != Der.SEQUENCE) {
            throw new Der.DerException("RSASSA-PSS without its parameters");
        }
        Der.Reader p = params.contents();
        String hash = "SHA-1";
        String mgfHash = "SHA-1";
        int salt = 20;
        Der.Element e = p.readOptional(Der.contextTag(0, true));
        if (e != null) {
            hash = hashOf(e.contents());
        }
        e = p.readOptional(Der.contextTag(1, true));
        if (e != null) {
            Der.Reader outer = e.contents();
            Der.Reader mgf = outer.readSequence();
            outer.expectEnd();
            if (!mgf.readOid().equals(MGF1)) {
                throw new Der.DerException("RSASSA-PSS with a mask generation function other than MGF1");
            }
            Der.Reader hashId = new Der.Reader(mgf.read(Der.SEQUENCE).encoded());
            mgf.expectEnd();
            mgfHash = hashOf(hashId);
        }
        e = p.readOptional(Der.contextTag(2, true));
        if (e != null) {
            Der.Reader r = e.contents();
            salt = r.readSmallInteger();
            r.expectEnd();
            if (salt < 0) {
                throw new Der.DerException("RSASSA-PSS with a negative salt length");
            }
        }
        e = p.readOptional(Der.contextTag(3, true));
        if (e != null) {
            Der.Reader r = e.contents();
            if (r.readSmallInteger() != 1) {
                throw new Der.DerException("RSASSA-PSS with a trailer field other than 1");
            }
            r.expectEnd();
        }
        p.expectEnd();
        String name = "rsassa-pss(" + hash + ", MGF1 " + mgfHash + ", salt " + salt + ")";
        if (!hash.equals(mgfHash)) {
            return new CertSignatureAlgorithm(name, null, null, "RSA", hash,
                    "RSASSA-PSS with different message and MGF1 hashes (" + hash + ", " + mgfHash + ")");
        }
        MGF1ParameterSpec mgf1 = new MGF1ParameterSpec(mgfHash);
        return new CertSignatureAlgorithm(name, "RSASSA-PSS", new PSSParameterSpec(hash, "MGF1", mgf1, salt, 1),
                "RSA", hash, null);
    }

    // AlgorithmIdentifier of a hash: parameters absent or NULL (RFC 4055, 2.1).
    private static String hashOf(Der.Reader outer) {
        Der.Reader id = outer.readSequence();
        outer.expectEnd();
        String oid = id.readOid();
        if (id.hasMore()) {
            id.readNull();
        }
        id.expectEnd();
        String hash = HASHES.get(oid);
        if (hash == null) {
            throw new Der.DerException("RSASSA-PSS with an unknown hash " + oid);
        }
        return hash;
    }

    /** True when {@code signature} over {@code data} verifies with {@code key}; false on any failure. */
    boolean verify(PublicKey key, byte[] data, byte[] signature) {
        return verify(key, data, signature, dev.parapet.tls.crypto.CryptoProvider.jca());
    }

    /**
     * As {@link #verify(PublicKey, byte[], byte[])}; ECDSA P-256 with SHA-256 and Ed25519, the signatures TLS 1.3
     * also uses, go through {@code crypto} (Parapet's own code under the default provider), the rest through the JCA.
     */
    boolean verify(PublicKey key, byte[] data, byte[] signature, dev.parapet.tls.crypto.CryptoProvider crypto) {
        return verify(key, data, signature, scheme -> (m, sig) -> crypto.verify(scheme, key, m, sig));
    }

    /**
     * As {@link #verify(PublicKey, byte[], byte[], dev.parapet.tls.crypto.CryptoProvider)}, the TLS schemes through
     * the verifier {@code keyVerifier} gives for the scheme (a trust anchor's, made once and kept).
     */
    boolean verify(PublicKey key, byte[] data, byte[] signature,
            Function<dev.parapet.tls.crypto.SignatureScheme, dev.parapet.tls.crypto.SignatureVerifier> keyVerifier) {
        if (jcaName == null || !fits(key)) {
            return false;
        }
        dev.parapet.tls.crypto.SignatureScheme scheme = tlsScheme(key);
        if (scheme != null) {
            return keyVerifier.apply(scheme).verify(data, signature);
        }
        try {
            Signature verifier = Signature.getInstance(jcaName);
            if (pss != null) {
                verifier.setParameter(pss);
            }
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The TLS scheme that computes exactly this signature with this key, when there is one; else null. */
    private dev.parapet.tls.crypto.SignatureScheme tlsScheme(PublicKey key) {
        if ("Ed25519".equals(jcaName)) {
            return dev.parapet.tls.crypto.SignatureScheme.ED25519;
        }
        if ("SHA256withECDSA".equals(jcaName) && key instanceof java.security.interfaces.ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return dev.parapet.tls.crypto.SignatureScheme.ECDSA_SECP256R1_SHA256;
        }
        return null;
    }

    /** The key matches the algorithm family (an rsaEncryption or id-RSASSA-PSS key for RSA; PSS keys only PSS). */
    boolean fits(PublicKey key) {
        if (keyFamily == null) {
            return false;
        }
        switch (keyFamily) {
            case "RSA":
                return key instanceof RSAKey && (pss != null || "RSA".equals(key.getAlgorithm()));
            case "EC":
                return key instanceof ECKey;
            default:
                return keyFamily.equals(edCurve(key)) || keyFamily.equalsIgnoreCase(key.getAlgorithm());
        }
    }

    private static String edCurve(PublicKey key) {
        if (key instanceof java.security.interfaces.EdECKey) {
            return ((java.security.interfaces.EdECKey) key).getParams().getName();
        }
        return null;
    }
}
