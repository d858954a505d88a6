package dev.parapet.tls;

import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.TrustAnchors;
import java.util.List;
import java.util.Objects;

/** Immutable client settings, shared by any number of connections. Made by {@link #builder()}. */
public final class TlsClientConfig extends TlsConfig {
    private final CertificateVerifier certificateVerifier;
    private final List<NamedGroup> keyShareGroups;
    private final boolean middleboxCompatibility;
    private final int minimumRsaKeyBits;
    private final List<CertifiedKey> clientCertificates;
    private final SessionCache sessionCache;
    private final List<PskMode> pskModes;

    private TlsClientConfig(Builder b) {
        super(b);
        // Secure by default: the JDK's trusted CAs, our own RFC 5280 validator and a host name check
        // (certificate signatures checked with this config's crypto provider: --jca reaches them too)
        this.certificateVerifier = b.certificateVerifier != null ? b.certificateVerifier
                : dev.parapet.tls.x509.ParapetCertificateVerifier.builder()
                        .trustAnchors(b.trustAnchors != null ? b.trustAnchors : TrustAnchors.jdkDefault())
                        .cryptoProvider(cryptoProvider()).build();
        this.keyShareGroups = b.keyShareGroups != null ? List.copyOf(b.keyShareGroups)
                : List.of(namedGroups().get(0));
        for (NamedGroup g : keyShareGroups) {
            if (!namedGroups().contains(g)) {
                throw new IllegalArgumentException("key share group " + g + " is not among the named groups");
            }
        }
        this.middleboxCompatibility = b.middleboxCompatibility;
        this.minimumRsaKeyBits = b.minimumRsaKeyBits;
        this.clientCertificates = List.copyOf(b.clientCertificates);
        this.sessionCache = b.sessionCache != null ? b.sessionCache : SessionCache.inMemory();
        this.pskModes = b.pskModes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** RFC 8446, 4.2.9: how we let a resumed handshake make its keys (default: psk_dhe_ke only). */
    public List<PskMode> pskModes() {
        return pskModes;
    }

    /** Groups for which the first ClientHello carries a key share (default: the first named group). */
    public List<NamedGroup> keyShareGroups() {
        return keyShareGroups;
    }

    public CertificateVerifier certificateVerifier() {
        return certificateVerifier;
    }

    public boolean middleboxCompatibility() {
        return middleboxCompatibility;
    }

    /** The smallest RSA key a TLS 1.2 server may use (default 2048 bits). */
    public int minimumRsaKeyBits() {
        return minimumRsaKeyBits;
    }

    /** Chains and keys to answer a server's CertificateRequest with (mutual TLS); the engine picks one that fits. */
    public List<CertifiedKey> clientCertificates() {
        return clientCertificates;
    }

    /** Where TLS 1.3 tickets are kept between connections (default: an in-memory cache of this config's own). */
    public SessionCache sessionCache() {
        return sessionCache;
    }

    /**
     * Builds a {@link TlsClientConfig}. Defaults as {@link TlsConfig.Builder}, plus: a key share for the first group
     * only, the JDK's trusted CAs, middlebox compatibility on, RSA keys of at least 2048 bits.
     */
    public static final class Builder extends TlsConfig.Builder<Builder> {
        private CertificateVerifier certificateVerifier;
        private TrustAnchors trustAnchors;
        private List<NamedGroup> keyShareGroups;
        private boolean middleboxCompatibility = true;
        private int minimumRsaKeyBits = 2048;
        private final List<CertifiedKey> clientCertificates = new java.util.ArrayList<>();
        private SessionCache sessionCache;
        private List<PskMode> pskModes = List.of(PskMode.PSK_DHE_KE);

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Trusts these CAs, with Parapet's own path building, RFC 5280 validation and host name check. */
        public Builder trustAnchors(TrustAnchors anchors) {
            this.trustAnchors = Objects.requireNonNull(anchors);
            this.certificateVerifier = null;
            return this;
        }

        /** Decides trust some other way; {@link CertificateVerifier#insecure()} turns verification off. */
        public Builder certificateVerifier(CertificateVerifier verifier) {
            this.certificateVerifier = Objects.requireNonNull(verifier);
            this.trustAnchors = null;
            return this;
        }

        public Builder keyShareGroups(NamedGroup... groups) {
            this.keyShareGroups = List.of(groups);
            return this;
        }

        /** RFC 8446, D.4: a fake session id and a dummy ChangeCipherSpec. On by default. */
        public Builder middleboxCompatibility(boolean on) {
            this.middleboxCompatibility = on;
            return this;
        }

        /** Refuses TLS 1.2 servers whose RSA key is shorter (default 2048 bits). */
        public Builder minimumRsaKeyBits(int bits) {
            this.minimumRsaKeyBits = bits;
            return this;
        }

        /**
         * Adds a chain and key for mutual TLS. When a server asks, the first whose key can make a signature the
         * server accepts (and, given hints, whose issuer the server names) is sent; with none, an empty Certificate.
         */
        public Builder clientCertificate(CertifiedKey certifiedKey) {
            clientCertificates.add(Objects.requireNonNull(certifiedKey));
            return this;
        }

        /**
         * Keeps the servers' tickets here to resume later connections to the same server (RFC 8446, 2.2); share one
         * cache between configs to resume across them, or pass {@link SessionCache#none()} to never resume.
         */
        public Builder sessionCache(SessionCache cache) {
            this.sessionCache = Objects.requireNonNull(cache);
            return this;
        }

        /**
         * RFC 8446, 4.2.9: the key exchange modes offered for resumption, at least one. Adding
         * {@link PskMode#PSK_KE} lets a server that prefers it resume without (EC)DHE: faster, no forward secrecy.
         */
        public Builder pskModes(PskMode... modes) {
            if (modes.length == 0) {
                throw new IllegalArgumentException("at least one PSK mode");
            }
            this.pskModes = List.copyOf(new java.util.LinkedHashSet<>(List.of(modes)));
            return this;
        }

        public TlsClientConfig build() {
            return new TlsClientConfig(this);
        }
    }
}
