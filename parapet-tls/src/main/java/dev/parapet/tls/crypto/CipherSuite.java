package dev.parapet.tls.crypto;

import dev.parapet.tls.ProtocolVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cipher suites Parapet speaks, with what the record layer and key schedule need to know of each. TLS 1.3 suites
 * name only the AEAD and hash; TLS 1.2 suites also the key exchange, and for CBC the MAC.
 */
public enum CipherSuite {
    // RFC 8446, B.4
    TLS_AES_128_GCM_SHA256(0x1301, null, KeyExchangeAlgorithm.ANY, BulkCipher.AES_128_GCM, null, "SHA-256"),
    TLS_AES_256_GCM_SHA384(0x1302, null, KeyExchangeAlgorithm.ANY, BulkCipher.AES_256_GCM, null, "SHA-384"),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, null, KeyExchangeAlgorithm.ANY, BulkCipher.CHACHA20_POLY1305, null,
            "SHA-256"),

    // TLS 1.2, ECDHE with AEAD: RFC 5289, RFC 7905 (on by default)
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_GCM, null, "SHA-256"),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_GCM, null, "SHA-384"),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.CHACHA20_POLY1305, null, "SHA-256"),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xc02f, "ECDHE-RSA-AES128-GCM-SHA256",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_128_GCM, null, "SHA-256"),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xc030, "ECDHE-RSA-AES256-GCM-SHA384",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_256_GCM, null, "SHA-384"),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xcca8, "ECDHE-RSA-CHACHA20-POLY1305",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.CHACHA20_POLY1305, null, "SHA-256"),

    // TLS 1.2, ECDHE with CBC and HMAC: RFC 4492, RFC 5289 (legacy)
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(0xc009, "ECDHE-ECDSA-AES128-SHA",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_CBC, "HmacSHA1", "SHA-256"),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA(0xc00a, "ECDHE-ECDSA-AES256-SHA",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_CBC, "HmacSHA1", "SHA-256"),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(0xc013, "ECDHE-RSA-AES128-SHA",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_128_CBC, "HmacSHA1", "SHA-256"),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA(0xc014, "ECDHE-RSA-AES256-SHA",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_256_CBC, "HmacSHA1", "SHA-256"),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(0xc023, "ECDHE-ECDSA-AES128-SHA256",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_CBC, "HmacSHA256", "SHA-256"),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384(0xc024, "ECDHE-ECDSA-AES256-SHA384",
            KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_CBC, "HmacSHA384", "SHA-384"),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(0xc027, "ECDHE-RSA-AES128-SHA256",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_128_CBC, "HmacSHA256", "SHA-256"),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384(0xc028, "ECDHE-RSA-AES256-SHA384",
            KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_256_CBC, "HmacSHA384", "SHA-384"),

    // TLS 1.2, RSA key transport: RFC 5246, RFC 5288 (legacy)
    TLS_RSA_WITH_AES_128_GCM_SHA256(0x009c, "AES128-GCM-SHA256",
            KeyExchangeAlgorithm.RSA, BulkCipher.AES_128_GCM, null, "SHA-256"),
    TLS_RSA_WITH_AES_256_GCM_SHA384(0x009d, "AES256-GCM-SHA384",
            KeyExchangeAlgorithm.RSA, BulkCipher.AES_256_GCM, null, "SHA-384"),
    TLS_RSA_WITH_AES_128_CBC_SHA(0x002f, "AES128-SHA",
            KeyExchangeAlgorithm.RSA, BulkCipher.AES_128_CBC, "HmacSHA1", "SHA-256"),
    TLS_RSA_WITH_AES_256_CBC_SHA(0x0035, "AES256-SHA",
            KeyExchangeAlgorithm.RSA, BulkCipher.AES_256_CBC, "HmacSHA1", "SHA-256"),
    TLS_RSA_WITH_AES_128_CBC_SHA256(0x003c, "AES128-SHA256",
            KeyExchangeAlgorithm.RSA, BulkCipher.AES_128_CBC, "HmacSHA256", "SHA-256");

    /** RFC 8446, 5.3: every TLS 1.3 AEAD here has a 12-byte nonce and a 16-byte tag. */
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    /** How a TLS 1.2 suite agrees on the pre-master secret; TLS 1.3 suites leave it to the handshake. */
    public enum KeyExchangeAlgorithm {
        ANY, ECDHE_ECDSA, ECDHE_RSA, RSA
    }

    /** The record cipher: JCA transformation, key algorithm and lengths (RFC 5246, 6.2.3 and appendix C). */
    public enum BulkCipher {
        AES_128_GCM("AES/GCM/NoPadding", "AES", 16, 4, 8),
        AES_256_GCM("AES/GCM/NoPadding", "AES", 32, 4, 8),
        CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32, 12, 0),
        AES_128_CBC("AES/CBC/NoPadding", "AES", 16, 0, 16),
        AES_256_CBC("AES/CBC/NoPadding", "AES", 32, 0, 16);

        private final String transformation;
        private final String keyAlgorithm;
        private final int keyLength;
        private final int fixedIvLength;
        private final int recordIvLength;

        BulkCipher(String transformation, String keyAlgorithm, int keyLength, int fixedIvLength, int recordIvLength) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
            this.keyLength = keyLength;
            this.fixedIvLength = fixedIvLength;
            this.recordIvLength = recordIvLength;
        }

        public String transformation() {
            return transformation;
        }

        public String keyAlgorithm() {
            return keyAlgorithm;
        }

        public int keyLength() {
            return keyLength;
        }

        /** TLS 1.2: the implicit IV from the key block (GCM salt 4, ChaCha20 12, CBC 0). */
        public int fixedIvLength() {
            return fixedIvLength;
        }

        /** TLS 1.2: the explicit per-record IV or nonce (GCM 8, ChaCha20 0, CBC 16). */
        public int recordIvLength() {
            return recordIvLength;
        }

        public boolean isAead() {
            return !transformation.contains("CBC");
        }
    }

    private final int id;
    private final String opensslName;
    private final KeyExchangeAlgorithm keyExchange;
    private final BulkCipher cipher;
    private final String macAlgorithm;
    private final String hashAlgorithm;

    CipherSuite(int id, String opensslName, KeyExchangeAlgorithm keyExchange, BulkCipher cipher, String macAlgorithm,
                String hashAlgorithm) {
        this.id = id;
        this.opensslName = opensslName != null ? opensslName : name();
        this.keyExchange = keyExchange;
        this.cipher = cipher;
        this.macAlgorithm = macAlgorithm;
        this.hashAlgorithm = hashAlgorithm;
    }

    public int id() {
        return id;
    }

    /** The name OpenSSL uses (for TLS 1.3 suites it is the IANA name). */
    public String opensslName() {
        return opensslName;
    }

    /** The protocol version the suite belongs to. */
    public ProtocolVersion version() {
        return keyExchange == KeyExchangeAlgorithm.ANY ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12;
    }

    public boolean isTls13() {
        return version() == ProtocolVersion.TLS13;
    }

    public KeyExchangeAlgorithm keyExchange() {
        return keyExchange;
    }

    public BulkCipher cipher() {
        return cipher;
    }

    /** True for RSA key transport and CBC suites, which are off unless enabled by name or by legacy mode. */
    public boolean isLegacy() {
        return keyExchange == KeyExchangeAlgorithm.RSA || !cipher.isAead();
    }

    /** The JCA {@code Cipher} transformation of the suite's record cipher. */
    public String transformation() {
        return cipher.transformation();
    }

    /** The JCA key algorithm of the record cipher key. */
    public String keyAlgorithm() {
        return cipher.keyAlgorithm();
    }

    public int keyLength() {
        return cipher.keyLength();
    }

    /** TLS 1.3: the per-direction IV length (RFC 8446, 7.3). */
    public int ivLength() {
        return NONCE_LENGTH;
    }

    /** The JCA HMAC of a CBC suite's records ({@code HmacSHA1}, ...), or null for AEAD suites. */
    public String macAlgorithm() {
        return macAlgorithm;
    }

    /** The MAC key and tag length of a CBC suite (RFC 5246, 6.2.3.1), 0 for AEAD suites. */
    public int macLength() {
        if (macAlgorithm == null) {
            return 0;
        }
        return switch (macAlgorithm) {
            case "HmacSHA1" -> 20;
            case "HmacSHA256" -> 32;
            default -> 48;
        };
    }

    /** The JCA name of the suite's handshake hash (the HKDF hash in TLS 1.3, the PRF hash in TLS 1.2). */
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
     * 2^24. ChaCha20-Poly1305 and CBC have no practical limit; 2^60 keeps the sequence number from wrapping.
     */
    public long recordLimit() {
        return cipher == BulkCipher.AES_128_GCM || cipher == BulkCipher.AES_256_GCM ? (1L << 24) : (1L << 60);
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

    /** The suite with this IANA or OpenSSL name (case-insensitive), or null. */
    public static CipherSuite fromName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (CipherSuite s : values()) {
            if (s.name().equals(n) || s.opensslName.equals(n)) {
                return s;
            }
        }
        return null;
    }

    /** The three TLS 1.3 suites. */
    public static List<CipherSuite> tls13() {
        return Arrays.stream(values()).filter(CipherSuite::isTls13).toList();
    }

    /** The TLS 1.2 suites, legacy ones included. */
    public static List<CipherSuite> tls12() {
        return Arrays.stream(values()).filter(s -> !s.isTls13()).toList();
    }
}
