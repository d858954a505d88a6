package dev.parapet.tls;

import dev.parapet.tls.x509.CertifiedKey;
import java.util.ArrayList;
import java.util.List;

/** Immutable server settings, shared by any number of connections. Made by {@link #builder()}. */
public final class TlsServerConfig extends TlsConfig {
    private final List<CertifiedKey> certificates;

    private TlsServerConfig(Builder b) {
        super(b);
        if (b.certificates.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one certificate and key");
        }
        this.certificates = List.copyOf(b.certificates);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The certificates to choose from by SNI and by what the suite needs; the first is the default. */
    public List<CertifiedKey> certificates() {
        return certificates;
    }

    /** Builds a {@link TlsServerConfig}; at least one certificate is needed. */
    public static final class Builder extends TlsConfig.Builder<Builder> {
        private final List<CertifiedKey> certificates = new ArrayList<>();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Adds a chain and key; the first added is the default when SNI matches none. */
        public Builder certificate(CertifiedKey certifiedKey) {
            certificates.add(certifiedKey);
            return this;
        }

        public TlsServerConfig build() {
            return new TlsServerConfig(this);
        }
    }
}
