package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The settings client and server share. */
record TlsConfigBase(List<ProtocolVersion> versions, List<CipherSuite> cipherSuites, List<NamedGroup> namedGroups,
                     List<SignatureScheme> signatureSchemes, List<String> applicationProtocols,
                     TlsListener listener, Consumer<String> keyLog, SecureRandom random,
                     long keyUpdateAfterRecords, boolean legacy, boolean extendedMasterSecret,
                     boolean requireExtendedMasterSecret, boolean encryptThenMac,
                     java.time.Clock clock, CryptoProvider cryptoProvider, Limits limits,
                     dev.parapet.tls.record.RecordBufferPool recordBufferPool,
                     dev.parapet.tls.crypto.CipherPool cipherPool,
                     dev.parapet.tls.crypto.VerifierCache verifierCache) {

    static final List<SignatureScheme> DEFAULT_SCHEMES = List.of(
            SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384,
            SignatureScheme.ED25519,
            SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
            SignatureScheme.RSA_PSS_RSAE_SHA512,
            SignatureScheme.RSA_PSS_PSS_SHA256, SignatureScheme.RSA_PSS_PSS_SHA384,
            SignatureScheme.RSA_PSS_PSS_SHA512,
            SignatureScheme.ECDSA_SECP521R1_SHA512,
            SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384, SignatureScheme.RSA_PKCS1_SHA512);

    /** RFC 5246, 7.4.1.4.1 / RFC 9155: SHA-1 signatures, accepted only in legacy mode. */
    static final List<SignatureScheme> LEGACY_SCHEMES = List.of(SignatureScheme.RSA_PKCS1_SHA1,
            SignatureScheme.ECDSA_SHA1);

    boolean speaks(ProtocolVersion v) {
        return versions.contains(v);
    }

    static final class Builder {
        private List<ProtocolVersion> versions = List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12);
        private List<CipherSuite> cipherSuites;
        private List<SignatureScheme> signatureSchemes;
        private boolean legacy;
        private boolean requireExtendedMasterSecret = true;
        private boolean extendedMasterSecret = true;
        private boolean encryptThenMac = true;
        private List<NamedGroup> namedGroups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<String> applicationProtocols = List.of();
        private TlsListener listener = TlsListener.NONE;
        private Consumer<String> keyLog;
        private SecureRandom random;
        private long keyUpdateAfterRecords = Long.MAX_VALUE;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private CryptoProvider cryptoProvider = CryptoProvider.parapet();
        private int recordBufferPoolCapacity = dev.parapet.tls.record.RecordBufferPool.DEFAULT_CAPACITY;
        private dev.parapet.tls.record.RecordBufferPool recordBufferPool;

        void recordBufferPool(dev.parapet.tls.record.RecordBufferPool v) {
            recordBufferPool = Objects.requireNonNull(v);
        }

        void recordBufferPoolCapacity(int v) {
            if (v < 0 || v > 1 << 16) {
                throw new IllegalArgumentException("record buffer pool capacity must be 0..65536, got " + v);
            }
            recordBufferPoolCapacity = v;
        }

        private int cipherPoolCapacity = dev.parapet.tls.crypto.CipherPool.DEFAULT_CAPACITY;
        private dev.parapet.tls.crypto.CipherPool cipherPool;

        void cipherPool(dev.parapet.tls.crypto.CipherPool v) {
            cipherPool = Objects.requireNonNull(v);
        }

        void cipherPoolCapacity(int v) {
            if (v < 0 || v > 1 << 16) {
                throw new IllegalArgumentException("cipher pool capacity must be 0..65536, got " + v);
            }
            cipherPoolCapacity = v;
        }

        private int verifierCacheCapacity = dev.parapet.tls.crypto.VerifierCache.DEFAULT_CAPACITY;
        private dev.parapet.tls.crypto.VerifierCache verifierCache;

        void verifierCache(dev.parapet.tls.crypto.VerifierCache v) {
            verifierCache = Objects.requireNonNull(v);
        }

        void verifierCacheCapacity(int v) {
            if (v < 0 || v > 1 << 10) {
                throw new IllegalArgumentException("verifier cache capacity must be 0..1024, got " + v);
            }
            verifierCacheCapacity = v;
        }

        void cryptoProvider(CryptoProvider v) {
            cryptoProvider = Objects.requireNonNull(v);
        }

        private Limits limits = Limits.DEFAULT;

        void limits(Limits v) {
            limits = Objects.requireNonNull(v);
        }

        void clock(java.time.Clock v) {
            clock = Objects.requireNonNull(v);
        }

        void cipherSuites(List<CipherSuite> v) {
            cipherSuites = nonEmpty(v, "cipher suites");
        }

        void namedGroups(List<NamedGroup> v) {
            namedGroups = nonEmpty(v, "named groups");
        }

        void signatureSchemes(List<SignatureScheme> v) {
            signatureSchemes = nonEmpty(v, "signature schemes");
        }

        void applicationProtocols(List<String> v) {
            for (String p : v) {
                int len = p.getBytes(StandardCharsets.UTF_8).length;
                if (len == 0 || len > 255) {
                    // RFC 7301, 3.1: ProtocolName is 1..255 bytes
                    throw new IllegalArgumentException("ALPN protocol name must be 1..255 bytes: '" + p + "'");
                }
            }
            applicationProtocols = List.copyOf(v);
        }

        void listener(TlsListener v) {
            listener = Objects.requireNonNull(v);
        }

        void keyLog(Consumer<String> v) {
            keyLog = v;
        }

        void random(SecureRandom v) {
            random = Objects.requireNonNull(v);
        }

        void versions(List<ProtocolVersion> v) {
            versions = nonEmpty(v, "protocol versions");
        }

        void legacy(boolean v) {
            legacy = v;
        }

        void requireExtendedMasterSecret(boolean v) {
            requireExtendedMasterSecret = v;
        }

        void extendedMasterSecret(boolean v) {
            extendedMasterSecret = v;
        }

        void encryptThenMac(boolean v) {
            encryptThenMac = v;
        }

        void keyUpdateAfterRecords(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("keyUpdateAfterRecords must be at least 1");
            }
            keyUpdateAfterRecords = v;
        }

        TlsConfigBase build() {
            List<CipherSuite> suites = cipherSuites != null ? cipherSuites : defaultSuites();
            if (suites.stream().noneMatch(s -> versions.contains(s.version()))) {
                throw new IllegalArgumentException("no cipher suite for the enabled versions " + versions + ": "
                        + suites);
            }
            List<SignatureScheme> schemes = signatureSchemes != null ? signatureSchemes : defaultSchemes();
            return new TlsConfigBase(versions, suites, namedGroups, schemes, applicationProtocols, listener,
                    keyLog, random != null ? random : new SecureRandom(), keyUpdateAfterRecords, legacy,
                    extendedMasterSecret, requireExtendedMasterSecret && extendedMasterSecret, encryptThenMac, clock,
                    cryptoProvider, limits, recordBufferPool != null ? recordBufferPool
                    : new dev.parapet.tls.record.RecordBufferPool(recordBufferPoolCapacity),
                    cipherPool != null ? cipherPool : new dev.parapet.tls.crypto.CipherPool(cipherPoolCapacity),
                    verifierCache != null ? verifierCache
                    : new dev.parapet.tls.crypto.VerifierCache(verifierCacheCapacity));
        }

        /** TLS 1.3 suites, then TLS 1.2 ECDHE with AEAD; RSA key transport and CBC only in legacy mode. */
        private List<CipherSuite> defaultSuites() {
            List<CipherSuite> out = new java.util.ArrayList<>();
            for (CipherSuite s : CipherSuite.values()) {
                if (versions.contains(s.version()) && (legacy || !s.isLegacy())) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }

        private List<SignatureScheme> defaultSchemes() {
            if (!legacy) {
                return DEFAULT_SCHEMES;
            }
            List<SignatureScheme> out = new java.util.ArrayList<>(DEFAULT_SCHEMES);
            out.addAll(LEGACY_SCHEMES);
            return List.copyOf(out);
        }

        private static <T> List<T> nonEmpty(List<T> v, String what) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            if (v.stream().distinct().count() != v.size()) {
                throw new IllegalArgumentException(what + " contain a duplicate: " + v);
            }
            return List.copyOf(v);
        }
    }
}
