package dev.parapet.tls.crypto;

/** The cipher suites Parapet speaks, with what the record layer and key schedule need to know of each. */
public enum CipherSuite {
    // RFC 8446, B.4
    TLS_AES_128_GCM_SHA256(0x1301, "AES/GCM/NoPadding", "AES", 16, "SHA-256"),
    TLS_AES_256_GCM_SHA384(0x1302, "AES/GCM/NoPadding", "AES", 32, "SHA-384"),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, "ChaCha20-Poly1305", "ChaCha20", 32, "SHA-256");

    /** RFC 8446, 5.3: every TLS 1.3 AEAD here has a 12-byte nonce and a 16-byte tag. */
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final int id;
    private final String transformation;
    private final String keyAlgorithm;
    private final int keyLength;
    private final String hashAlgorithm;

    CipherSuite(int id, String transformation, String keyAlgorithm, int keyLength, String hashAlgorithm) {
        this.id = id;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
        this.hashAlgorithm = hashAlgorithm;
    }

    public int id() {
        return id;
    }

    /** The JCA {@code Cipher} transformation of the suite's AEAD. */
    public String transformation() {
        return transformation;
    }

    /** The JCA key algorithm of the AEAD key. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public int keyLength() {
        return keyLength;
    }

    public int ivLength() {
        return NONCE_LENGTH;
    }

    /** The JCA name of the suite's hash, e.g. {@code SHA-256}. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    public int hashLength() {
        return "SHA-384".equals(hashAlgorithm) ? 48 : 32;
    }

    /** The JCA HMAC name for the suite's hash, e.g. {@code HmacSHA256}. */
    public String hmacAlgorithm() {
        return "Hmac" + hashAlgorithm.replace("-", "");
    }

    /**
     * RFC 8446, 5.5: records that may be protected under one key. AES-GCM: 2^24.5 full-size records; we rekey at
     * 2^24. ChaCha20-Poly1305 has no practical limit; we still rekey at 2^60 so the sequence number never wraps.
     */
    public long recordLimit() {
        return keyAlgorithm.equals("AES") ? (1L << 24) : (1L << 60);
    }

    /** The suite with this wire id, or null. */
    public static CipherSuite fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }
}
