package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Immutable client settings, shared by any number of connections. Made by {@link #builder()}. */
public final class TlsClientConfig {
    private final TlsConfigBase base;
    private final CertificateVerifier certificateVerifier;
    private final List<NamedGroup> keyShareGroups;
    private final boolean middleboxCompatibility;
    private final int minimumRsaKeyBits;

    private TlsClientConfig(Builder b) {
        this.base = b.base.build();
        // Secure by default: the JDK's trusted CAs and a host name check
        this.certificateVerifier = b.certificateVerifier != null ? b.certificateVerifier
                : new PkixCertificateVerifier(TrustAnchors.jdkDefault());
        this.keyShareGroups = b.keyShareGroups != null ? List.copyOf(b.keyShareGroups)
                : List.of(base.namedGroups().get(0));
        for (NamedGroup g : keyShareGroups) {
            if (!base.namedGroups().contains(g)) {
                throw new IllegalArgumentException("key share group " + g + " is not among the named groups");
            }
        }
        this.middleboxCompatibility = b.middleboxCompatibility;
        this.minimumRsaKeyBits = b.minimumRsaKeyBits;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<CipherSuite> cipherSuites() {
        return base.cipherSuites();
    }

    /** Groups offered in supported_groups, most preferred first. */
    public List<NamedGroup> namedGroups() {
        return base.namedGroups();
    }

    /** Groups for which the first ClientHello carries a key share (default: the first named group). */
    public List<NamedGroup> keyShareGroups() {
        return keyShareGroups;
    }

    public List<SignatureScheme> signatureSchemes() {
        return base.signatureSchemes();
    }

    public List<String> applicationProtocols() {
        return base.applicationProtocols();
    }

    public CertificateVerifier certificateVerifier() {
        return certificateVerifier;
    }

    public boolean middleboxCompatibility() {
        return middleboxCompatibility;
    }

    /** The smallest RSA key a server may use (default 2048 bits). */
    public int minimumRsaKeyBits() {
        return minimumRsaKeyBits;
    }

    public TlsListener listener() {
        return base.listener();
    }

    /** Where NSS key-log lines go (SSLKEYLOGFILE format), or null when key logging is off. */
    public Consumer<String> keyLog() {
        return base.keyLog();
    }

    public SecureRandom random() {
        return base.random();
    }

    /** The protocol versions spoken, most preferred first (default: TLS 1.3 and TLS 1.2). */
    public List<ProtocolVersion> versions() {
        return base.versions();
    }

    /** True when RSA key transport, CBC suites and SHA-1 signatures are allowed by default (TLS 1.2 only). */
    public boolean legacy() {
        return base.legacy();
    }

    /** RFC 7627: refuse TLS 1.2 peers without extended_master_secret (default: true). */
    public boolean requireExtendedMasterSecret() {
        return base.requireExtendedMasterSecret();
    }

    /** RFC 7627: offer and accept extended_master_secret in TLS 1.2 (default: true). */
    public boolean extendedMasterSecret() {
        return base.extendedMasterSecret();
    }

    /** RFC 7366: offer and accept encrypt_then_mac for TLS 1.2 CBC suites (default: true). */
    public boolean encryptThenMac() {
        return base.encryptThenMac();
    }

    public boolean speaks(ProtocolVersion v) {
        return base.speaks(v);
    }

    /** Records sent under one key before a KeyUpdate; the suite's AEAD limit (RFC 8446, 5.5) caps it. */
    public long keyUpdateAfterRecords() {
        return base.keyUpdateAfterRecords();
    }

    /**
     * Builds a {@link TlsClientConfig}. Defaults: all suites, x25519 then P-256 then P-384 (a key share for x25519
     * only), all schemes, the JDK's trusted CAs, middlebox compatibility on.
     */
    public static final class Builder {
        private final TlsConfigBase.Builder base = new TlsConfigBase.Builder();
        private CertificateVerifier certificateVerifier;
        private List<NamedGroup> keyShareGroups;
        private boolean middleboxCompatibility = true;
        private int minimumRsaKeyBits = 2048;

        private Builder() {
        }

        /** Trusts these CAs, with the JDK's PKIX path validation and our host name check. */
        public Builder trustAnchors(TrustAnchors anchors) {
            return certificateVerifier(new PkixCertificateVerifier(anchors));
        }

        /** Decides trust some other way; {@link CertificateVerifier#insecure()} turns verification off. */
        public Builder certificateVerifier(CertificateVerifier verifier) {
            this.certificateVerifier = Objects.requireNonNull(verifier);
            return this;
        }

        /** The protocol versions to speak (default: TLS 1.3 and TLS 1.2). */
        public Builder versions(ProtocolVersion... versions) {
            base.versions(List.of(versions));
            return this;
        }

        /**
         * Legacy mode for old TLS 1.2 peers: adds RSA key transport and CBC suites to the defaults and accepts SHA-1
         * signatures (a peer without signature_algorithms gets RFC 5246's SHA-1 defaults). Off by default: RSA key
         * transport has no forward secrecy, and CBC and SHA-1 have a history of attacks.
         */
        public Builder legacy(boolean on) {
            base.legacy(on);
            return this;
        }

        /**
         * RFC 7627: whether to offer and accept extended_master_secret in TLS 1.2 (default: true). Turning it off
         * also stops requiring it; it exists for tests and for peers that break on the extension.
         */
        public Builder extendedMasterSecret(boolean on) {
            base.extendedMasterSecret(on);
            return this;
        }

        /** RFC 7366: whether to offer and accept encrypt_then_mac for TLS 1.2 CBC suites (default: true). */
        public Builder encryptThenMac(boolean on) {
            base.encryptThenMac(on);
            return this;
        }

        /** RFC 7627: refuse TLS 1.2 peers without extended_master_secret (default: true). */
        public Builder requireExtendedMasterSecret(boolean required) {
            base.requireExtendedMasterSecret(required);
            return this;
        }

        public Builder cipherSuites(CipherSuite... suites) {
            base.cipherSuites(List.of(suites));
            return this;
        }

        public Builder namedGroups(NamedGroup... groups) {
            base.namedGroups(List.of(groups));
            return this;
        }

        public Builder keyShareGroups(NamedGroup... groups) {
            this.keyShareGroups = List.of(groups);
            return this;
        }

        public Builder signatureSchemes(SignatureScheme... schemes) {
            base.signatureSchemes(List.of(schemes));
            return this;
        }

        public Builder applicationProtocols(String... protocols) {
            base.applicationProtocols(List.of(protocols));
            return this;
        }

        /** RFC 8446, D.4: a fake session id and a dummy ChangeCipherSpec. On by default. */
        public Builder middleboxCompatibility(boolean on) {
            this.middleboxCompatibility = on;
            return this;
        }

        /** Refuses servers whose RSA key is shorter (default 2048 bits). */
        public Builder minimumRsaKeyBits(int bits) {
            this.minimumRsaKeyBits = bits;
            return this;
        }

        public Builder listener(TlsListener listener) {
            base.listener(listener);
            return this;
        }

        public Builder keyLog(Consumer<String> sink) {
            base.keyLog(sink);
            return this;
        }

        public Builder random(SecureRandom random) {
            base.random(random);
            return this;
        }

        /** Sends a KeyUpdate after this many records under one key (default: the AEAD's safe limit). */
        public Builder keyUpdateAfterRecords(long records) {
            base.keyUpdateAfterRecords(records);
            return this;
        }

        public TlsClientConfig build() {
            return new TlsClientConfig(this);
        }
    }
}
