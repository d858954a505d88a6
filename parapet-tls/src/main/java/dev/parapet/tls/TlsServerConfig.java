package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.x509.CertifiedKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Immutable server settings, shared by any number of connections. Made by {@link #builder()}. */
public final class TlsServerConfig {
    private final TlsConfigBase base;
    private final List<CertifiedKey> certificates;

    private TlsServerConfig(Builder b) {
        this.base = b.base.build();
        if (b.certificates.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one certificate and key");
        }
        this.certificates = List.copyOf(b.certificates);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The certificates to choose from by SNI; the first is the default. */
    public List<CertifiedKey> certificates() {
        return certificates;
    }

    /** Suites in server preference order. */
    public List<CipherSuite> cipherSuites() {
        return base.cipherSuites();
    }

    /** Groups in server preference order. */
    public List<NamedGroup> namedGroups() {
        return base.namedGroups();
    }

    public List<SignatureScheme> signatureSchemes() {
        return base.signatureSchemes();
    }

    /** ALPN protocols in server preference order (RFC 7301: the first of ours the client also offers wins). */
    public List<String> applicationProtocols() {
        return base.applicationProtocols();
    }

    public TlsListener listener() {
        return base.listener();
    }

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

    /** Builds a {@link TlsServerConfig}. Defaults: all suites, x25519 then P-256 then P-384, all schemes. */
    public static final class Builder {
        private final TlsConfigBase.Builder base = new TlsConfigBase.Builder();
        private final List<CertifiedKey> certificates = new ArrayList<>();

        private Builder() {
        }

        /** Adds a chain and key; the first added is the default when SNI matches none. */
        public Builder certificate(CertifiedKey certifiedKey) {
            certificates.add(certifiedKey);
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

        public Builder signatureSchemes(SignatureScheme... schemes) {
            base.signatureSchemes(List.of(schemes));
            return this;
        }

        public Builder applicationProtocols(String... protocols) {
            base.applicationProtocols(List.of(protocols));
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

        public TlsServerConfig build() {
            return new TlsServerConfig(this);
        }
    }
}
