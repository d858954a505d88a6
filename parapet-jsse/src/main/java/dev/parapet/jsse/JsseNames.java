package dev.parapet.jsse;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.SignatureScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The JSSE standard names of Parapet's protocols, cipher suites and signature schemes. */
final class JsseNames {
    static final String TLS13 = "TLSv1.3";
    static final String TLS12 = "TLSv1.2";
    /** Protocol names the JDK knows but Parapet refuses to speak; enabling them is ignored, not an error. */
    private static final Set<String> LEGACY_PROTOCOLS = Set.of("TLSv1.1", "TLSv1", "SSLv3", "SSLv2Hello");

    private JsseNames() {
    }

    static String[] supportedProtocols() {
        return new String[] {TLS13, TLS12};
    }

    /** Maps enabled protocol names to versions (most preferred first); unknown names are an error, as in SunJSSE. */
    static List<ProtocolVersion> versions(String[] names) {
        List<ProtocolVersion> out = new ArrayList<>();
        for (String name : names) {
            if (name == null) {
                throw new IllegalArgumentException("null protocol name");
            }
            ProtocolVersion v = TLS13.equals(name) ? ProtocolVersion.TLS13
                    : TLS12.equals(name) ? ProtocolVersion.TLS12 : null;
            if (v == null && !LEGACY_PROTOCOLS.contains(name)) {
                throw new IllegalArgumentException("Unsupported protocol: " + name);
            }
            if (v != null && !out.contains(v)) {
                out.add(v);
            }
        }
        out.sort(null); // enum order: TLS 1.3 before TLS 1.2
        return out;
    }

    static String[] protocolNames(List<ProtocolVersion> versions) {
        return versions.stream().map(ProtocolVersion::displayName).toArray(String[]::new);
    }

    static String[] supportedCipherSuites() {
        return Arrays.stream(CipherSuite.values()).map(CipherSuite::name).toArray(String[]::new);
    }

    /** Parapet's defaults: the TLS 1.3 suites and TLS 1.2 ECDHE with AEAD (no RSA key transport, no CBC). */
    static String[] defaultCipherSuites() {
        return Arrays.stream(CipherSuite.values()).filter(s -> !s.isLegacy()).map(CipherSuite::name)
                .toArray(String[]::new);
    }

    /**
     * Maps enabled suite names to suites, in the order given. Standard-looking names Parapet does not implement
     * ({@code TLS_DHE_...}, {@code SSL_...}) are skipped, so lists written for SunJSSE keep working; anything else
     * is an {@link IllegalArgumentException}, as in SunJSSE.
     */
    static List<CipherSuite> cipherSuites(String[] names) {
        List<CipherSuite> out = new ArrayList<>();
        for (String name : names) {
            if (name == null) {
                throw new IllegalArgumentException("null cipher suite name");
            }
            CipherSuite suite = bySuiteName(name);
            if (suite == null && !(name.startsWith("TLS_") || name.startsWith("SSL_"))) {
                throw new IllegalArgumentException("Unsupported CipherSuite: " + name);
            }
            if (suite != null && !out.contains(suite)) {
                out.add(suite);
            }
        }
        return out;
    }

    private static CipherSuite bySuiteName(String name) {
        for (CipherSuite s : CipherSuite.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The JDK standard signature algorithm name of a scheme (RSASSA-PSS for all PSS schemes, as SunJSSE). */
    static String signatureAlgorithm(SignatureScheme s) {
        return switch (s) {
            case ECDSA_SECP256R1_SHA256 -> "SHA256withECDSA";
            case ECDSA_SECP384R1_SHA384 -> "SHA384withECDSA";
            case ECDSA_SECP521R1_SHA512 -> "SHA512withECDSA";
            case ED25519 -> "Ed25519";
            case RSA_PKCS1_SHA256 -> "SHA256withRSA";
            case RSA_PKCS1_SHA384 -> "SHA384withRSA";
            case RSA_PKCS1_SHA512 -> "SHA512withRSA";
            case RSA_PKCS1_SHA1 -> "SHA1withRSA";
            case ECDSA_SHA1 -> "SHA1withECDSA";
            default -> "RSASSA-PSS";
        };
    }

    static String[] signatureAlgorithms(List<SignatureScheme> schemes) {
        return schemes.stream().map(JsseNames::signatureAlgorithm).toArray(String[]::new);
    }
}
