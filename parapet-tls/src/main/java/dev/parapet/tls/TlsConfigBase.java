package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The settings client and server share. */
record TlsConfigBase(List<CipherSuite> cipherSuites, List<NamedGroup> namedGroups,
                     List<SignatureScheme> signatureSchemes, List<String> applicationProtocols,
                     TlsListener listener, Consumer<String> keyLog, SecureRandom random,
                     long keyUpdateAfterRecords) {

    static final List<SignatureScheme> DEFAULT_SCHEMES = List.of(
            SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384,
            SignatureScheme.ED25519,
            SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
            SignatureScheme.RSA_PSS_RSAE_SHA512,
            SignatureScheme.RSA_PSS_PSS_SHA256, SignatureScheme.RSA_PSS_PSS_SHA384,
            SignatureScheme.RSA_PSS_PSS_SHA512,
            SignatureScheme.ECDSA_SECP521R1_SHA512,
            SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384, SignatureScheme.RSA_PKCS1_SHA512);

    static final class Builder {
        private List<CipherSuite> cipherSuites = CipherSuite.tls13();
        private List<NamedGroup> namedGroups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<SignatureScheme> signatureSchemes = DEFAULT_SCHEMES;
        private List<String> applicationProtocols = List.of();
        private TlsListener listener = TlsListener.NONE;
        private Consumer<String> keyLog;
        private SecureRandom random;
        private long keyUpdateAfterRecords = Long.MAX_VALUE;

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

        void keyUpdateAfterRecords(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("keyUpdateAfterRecords must be at least 1");
            }
            keyUpdateAfterRecords = v;
        }

        TlsConfigBase build() {
            return new TlsConfigBase(cipherSuites, namedGroups, signatureSchemes, applicationProtocols, listener,
                    keyLog, random != null ? random : new SecureRandom(), keyUpdateAfterRecords);
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
