package dev.parapet.tls.crypto;

/** Signature schemes (RFC 8446, 4.2.3). */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, "ecdsa_secp256r1_sha256"),
    ECDSA_SECP384R1_SHA384(0x0503, "ecdsa_secp384r1_sha384"),
    ECDSA_SECP521R1_SHA512(0x0603, "ecdsa_secp521r1_sha512"),
    RSA_PSS_RSAE_SHA256(0x0804, "rsa_pss_rsae_sha256"),
    RSA_PSS_RSAE_SHA384(0x0805, "rsa_pss_rsae_sha384"),
    RSA_PSS_RSAE_SHA512(0x0806, "rsa_pss_rsae_sha512"),
    ED25519(0x0807, "ed25519"),
    RSA_PSS_PSS_SHA256(0x0809, "rsa_pss_pss_sha256"),
    RSA_PSS_PSS_SHA384(0x080a, "rsa_pss_pss_sha384"),
    RSA_PSS_PSS_SHA512(0x080b, "rsa_pss_pss_sha512"),
    // RFC 8446, 4.2.3: PKCS#1 v1.5 may appear in certificates only, never in CertificateVerify (TLS 1.3).
    RSA_PKCS1_SHA256(0x0401, "rsa_pkcs1_sha256"),
    RSA_PKCS1_SHA384(0x0501, "rsa_pkcs1_sha384"),
    RSA_PKCS1_SHA512(0x0601, "rsa_pkcs1_sha512"),
    // RFC 8446, 4.2.3 legacy: SHA-1, TLS 1.2 only, and only in legacy mode
    RSA_PKCS1_SHA1(0x0201, "rsa_pkcs1_sha1"),
    ECDSA_SHA1(0x0203, "ecdsa_sha1");

    private final int id;
    private final String rfcName;

    SignatureScheme(int id, String rfcName) {
        this.id = id;
        this.rfcName = rfcName;
    }

    public int id() {
        return id;
    }

    public String rfcName() {
        return rfcName;
    }

    /** True for the schemes allowed in a TLS 1.3 CertificateVerify (everything but PKCS#1 v1.5 and SHA-1). */
    public boolean allowedInTls13Handshake() {
        return !rfcName.startsWith("rsa_pkcs1") && !usesSha1();
    }

    /** RFC 9155: SHA-1 signatures are deprecated; Parapet accepts them only in TLS 1.2 legacy mode. */
    public boolean usesSha1() {
        return rfcName.endsWith("sha1");
    }

    /** The scheme with this wire id, or null. */
    public static SignatureScheme fromId(int id) {
        for (SignatureScheme s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    /** The scheme with this RFC name (case-insensitive), or null. */
    public static SignatureScheme fromName(String name) {
        for (SignatureScheme s : values()) {
            if (s.rfcName.equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
