package dev.parapet.cli;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.x509.CertificateVerifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The protocol options {@code parapet client} and {@code parapet server} share: {@code --tls13}/{@code --tls12} (pin
 * a version), {@code --ciphersuites} (TLS 1.3 suites, like openssl's {@code -ciphersuites}), {@code --ciphers}
 * (TLS 1.2 suites by IANA or OpenSSL name, like openssl's {@code -cipher}) and {@code --legacy}.
 *
 * <p>As in OpenSSL, the two suite lists are independent: giving one leaves the other version with its defaults. The
 * config gets the TLS 1.3 suites first, then the TLS 1.2 ones.
 */
final class ProtocolOptions {
    @Option(names = "--tls13", description = "Speak TLS 1.3 only. With --tls12 too, or with neither: both versions, "
            + "TLS 1.3 preferred.")
    boolean tls13;

    @Option(names = "--tls12", description = "Speak TLS 1.2 only.")
    boolean tls12;

    @Option(names = "--ciphersuites", split = "[:,]", splitSynopsisLabel = ":", paramLabel = "SUITE",
            converter = Tls13Suite.class, completionCandidates = Tls13Names.class,
            description = "TLS 1.3 cipher suites, most preferred first, ':'-separated like openssl "
                    + "-ciphersuites: ${COMPLETION-CANDIDATES}.")
    List<CipherSuite> tls13Suites = new ArrayList<>();

    @Option(names = "--ciphers", split = "[:,]", splitSynopsisLabel = ":", paramLabel = "SUITE",
            converter = Tls12Suite.class, completionCandidates = Tls12Names.class,
            description = {"TLS 1.2 cipher suites, most preferred first, ':'-separated like openssl -cipher, by "
                    + "OpenSSL or IANA name: ${COMPLETION-CANDIDATES}.",
                    "Naming an RSA key transport or CBC suite enables it without --legacy."})
    List<CipherSuite> tls12Suites = new ArrayList<>();

    @Option(names = "--legacy", description = "TLS 1.2 legacy mode: also RSA key transport (no forward secrecy) "
            + "and CBC suites, and SHA-1 signatures for peers that ask for nothing better. Off by default.")
    boolean legacy;

    /** The versions to speak: the pinned one, or both. */
    List<ProtocolVersion> versions() {
        if (tls13 == tls12) {
            return List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12);
        }
        return List.of(tls13 ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12);
    }

    /** Whether a version was pinned with --tls13 or --tls12 (not both). */
    boolean pinned() {
        return tls13 != tls12;
    }

    /**
     * The cipher suites for the config, or null when neither suite option was given (the engine's defaults). A list
     * given for a version that is not spoken is a usage error, not silently ignored.
     */
    List<CipherSuite> suites(CommandLine cl) {
        List<ProtocolVersion> versions = versions();
        if (!tls13Suites.isEmpty() && !versions.contains(ProtocolVersion.TLS13)) {
            throw new ParameterException(cl, "--ciphersuites sets TLS 1.3 suites, but --tls12 turns TLS 1.3 off");
        }
        if (!tls12Suites.isEmpty() && !versions.contains(ProtocolVersion.TLS12)) {
            throw new ParameterException(cl, "--ciphers sets TLS 1.2 suites, but --tls13 turns TLS 1.2 off");
        }
        if (tls13Suites.isEmpty() && tls12Suites.isEmpty()) {
            return null;
        }
        List<CipherSuite> out = new ArrayList<>();
        if (versions.contains(ProtocolVersion.TLS13)) {
            out.addAll(!tls13Suites.isEmpty() ? tls13Suites : defaults(ProtocolVersion.TLS13, legacy));
        }
        if (versions.contains(ProtocolVersion.TLS12)) {
            out.addAll(!tls12Suites.isEmpty() ? tls12Suites : defaults(ProtocolVersion.TLS12, legacy));
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.indexOf(out.get(i)) != i) {
                throw new ParameterException(cl, "cipher suite " + out.get(i) + " is named twice");
            }
        }
        return List.copyOf(out);
    }

    /** The engine's default suites of one version, in its order (legacy ones only in legacy mode). */
    static List<CipherSuite> defaults(ProtocolVersion version, boolean legacy) {
        return TlsClientConfig.builder().certificateVerifier(CertificateVerifier.insecure()).versions(version)
                .legacy(legacy).build().cipherSuites().stream().filter(s -> s.version() == version).toList();
    }

    /** Whether any TLS 1.2 suite that may be used needs an RSA certificate (RSA key transport or ECDHE_RSA). */
    boolean needsRsaCertificate() {
        if (!versions().contains(ProtocolVersion.TLS12)) {
            return false;
        }
        List<CipherSuite> suites = !tls12Suites.isEmpty() ? tls12Suites : defaults(ProtocolVersion.TLS12, legacy);
        return suites.stream().anyMatch(s -> s.keyExchange() == CipherSuite.KeyExchangeAlgorithm.RSA
                || s.keyExchange() == CipherSuite.KeyExchangeAlgorithm.ECDHE_RSA);
    }

    /** {@code --ciphersuites}: TLS 1.3 suites by IANA name; a TLS 1.2 one is pointed to {@code --ciphers}. */
    static final class Tls13Suite implements ITypeConverter<CipherSuite> {
        @Override
        public CipherSuite convert(String value) {
            CipherSuite s = CipherSuite.fromName(value);
            if (s == null) {
                throw new TypeConversionException("unknown TLS 1.3 cipher suite '" + value + "' (known: "
                        + String.join(", ", new Tls13Names()) + ")");
            }
            if (!s.isTls13()) {
                throw new TypeConversionException("'" + value + "' is a TLS 1.2 cipher suite; give TLS 1.2 suites "
                        + "with --ciphers (--ciphersuites takes the TLS 1.3 ones: "
                        + String.join(", ", new Tls13Names()) + ")");
            }
            return s;
        }
    }

    /** {@code --ciphers}: TLS 1.2 suites by OpenSSL or IANA name; a TLS 1.3 one is pointed to --ciphersuites. */
    static final class Tls12Suite implements ITypeConverter<CipherSuite> {
        @Override
        public CipherSuite convert(String value) {
            CipherSuite s = CipherSuite.fromName(value);
            if (s == null) {
                throw new TypeConversionException("unknown TLS 1.2 cipher suite '" + value + "' (known, OpenSSL "
                        + "name = IANA name: " + known12() + ")");
            }
            if (s.isTls13()) {
                throw new TypeConversionException("'" + value + "' is a TLS 1.3 cipher suite; give TLS 1.3 suites "
                        + "with --ciphersuites (--ciphers takes the TLS 1.2 ones)");
            }
            return s;
        }

        static String known12() {
            return CipherSuite.tls12().stream().map(s -> s.opensslName() + " = " + s.name())
                    .collect(Collectors.joining(", "));
        }
    }

    /** The TLS 1.3 suite names, for help and errors. */
    static final class Tls13Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CipherSuite.tls13().stream().map(CipherSuite::name).iterator();
        }
    }

    /** The TLS 1.2 suites' OpenSSL names, for help. */
    static final class Tls12Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CipherSuite.tls12().stream().map(CipherSuite::opensslName).iterator();
        }
    }
}
