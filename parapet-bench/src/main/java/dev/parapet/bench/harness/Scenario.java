package dev.parapet.bench.harness;

/**
 * What a pair negotiates: protocol ("TLSv1.3"/"TLSv1.2"), one cipher suite (standard name) and the server
 * certificate's key (RSA-2048 or ECDSA P-256). The key exchange is always x25519.
 */
public record Scenario(String protocol, String suite, boolean rsa, boolean resumed) {
    public static final String TLS13 = "TLSv1.3";
    public static final String TLS12 = "TLSv1.2";

    public Scenario(String protocol, String suite, boolean rsa) {
        this(protocol, suite, rsa, false);
    }

    /** The handshake scenarios of the benchmark. */
    public static Scenario handshake(String name) {
        return switch (name) {
            case "TLS13_ECDSA_P256" -> new Scenario(TLS13, "TLS_AES_128_GCM_SHA256", false);
            case "TLS13_RSA_2048" -> new Scenario(TLS13, "TLS_AES_128_GCM_SHA256", true);
            case "TLS12_ECDHE_ECDSA" -> new Scenario(TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", false);
            // resumed: each client connects to the same host and port as the last, whose session it reuses
            case "TLS13_RESUMED" -> new Scenario(TLS13, "TLS_AES_128_GCM_SHA256", false, true);
            case "TLS12_RESUMED" -> new Scenario(TLS12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", false, true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The TLS 1.3 scenario for a bulk cipher (AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305). */
    public static Scenario bulk13(String cipher) {
        return new Scenario(TLS13, switch (cipher) {
            case "AES_128_GCM" -> "TLS_AES_128_GCM_SHA256";
            case "AES_256_GCM" -> "TLS_AES_256_GCM_SHA384";
            case "CHACHA20_POLY1305" -> "TLS_CHACHA20_POLY1305_SHA256";
            default -> throw new IllegalArgumentException(cipher);
        }, false);
    }

    /** The TLS 1.2 ECDHE-ECDSA scenario with the same AEAD, for stacks that cannot choose a TLS 1.3 suite. */
    public static Scenario bulk12(String cipher) {
        return new Scenario(TLS12, switch (cipher) {
            case "AES_128_GCM" -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case "AES_256_GCM" -> "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
            case "CHACHA20_POLY1305" -> "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            default -> throw new IllegalArgumentException(cipher);
        }, false);
    }
}
