package dev.parapet.tls;

import dev.parapet.tls.session.SessionStore;
import dev.parapet.tls.session.TicketKeys;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.ParapetCertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Immutable server settings, shared by any number of connections. Made by {@link #builder()}. */
public final class TlsServerConfig extends TlsConfig {
    private final List<CertifiedKey> certificates;
    private final ClientAuth clientAuth;
    private final CertificateVerifier clientCertificateVerifier;
    private final List<X500Principal> certificateAuthorities;
    private final SessionStore sessionStore;
    private final TicketKeys ticketKeys;
    private final int ticketsPerConnection;
    private final Duration ticketLifetime;
    private final List<PskMode> pskModes;
    private final int maxEarlyData;

    private TlsServerConfig(Builder b) {
        super(b);
        this.clientAuth = b.clientAuth;
        this.clientCertificateVerifier = b.clientCertificateVerifier;
        this.certificateAuthorities = List.copyOf(b.certificateAuthorities);
        if (b.certificates.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one certificate and key");
        }
        this.certificates = List.copyOf(b.certificates);
        this.sessionStore = b.sessionStore != null ? b.sessionStore
                : b.ticketKeys != null ? SessionStore.inMemory(b.ticketKeys) : SessionStore.inMemory();
        this.ticketKeys = b.ticketKeys != null ? b.ticketKeys : sessionStore.ticketKeys();
        this.ticketsPerConnection = b.ticketsPerConnection;
        this.ticketLifetime = b.ticketLifetime;
        this.pskModes = b.pskModes;
        this.maxEarlyData = b.maxEarlyData;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The certificates to choose from by SNI and by what the suite needs; the first is the default. */
    public List<CertifiedKey> certificates() {
        return certificates;
    }

    /** Whether clients are asked for a certificate (default: NONE). */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** Decides whether a client's chain is trusted for client authentication; null when clientAuth is NONE. */
    public CertificateVerifier clientCertificateVerifier() {
        return clientCertificateVerifier;
    }

    /** The CA names sent as hints in the CertificateRequest (RFC 8446, 4.2.4; RFC 5246, 7.4.4). */
    public List<X500Principal> certificateAuthorities() {
        return certificateAuthorities;
    }

    /** What this server shares with the rest of its fleet: ticket keys, 0-RTT claims, TLS 1.2 sessions. */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /**
     * The keys that seal and open session tickets: those set on the builder, else the session store's (default:
     * random keys in memory, rotated hourly).
     */
    public TicketKeys ticketKeys() {
        return ticketKeys;
    }

    /** NewSessionTickets sent after each TLS 1.3 handshake (default 2; 0 turns resumption off). */
    public int ticketsPerConnection() {
        return ticketsPerConnection;
    }

    /** How long a ticket may be used (default 2 hours, at most 7 days: RFC 8446, 4.6.1). */
    public Duration ticketLifetime() {
        return ticketLifetime;
    }

    /** RFC 8446, 4.2.9: the modes this server resumes with, preferred first (default: psk_dhe_ke only). */
    public List<PskMode> pskModes() {
        return pskModes;
    }

    /** RFC 8446, 4.2.10: the most 0-RTT data accepted per connection, in bytes; 0 (the default) refuses 0-RTT. */
    public int maxEarlyData() {
        return maxEarlyData;
    }

    /** Builds a {@link TlsServerConfig}; at least one certificate is needed. */
    public static final class Builder extends TlsConfig.Builder<Builder> {
        private final List<CertifiedKey> certificates = new ArrayList<>();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private CertificateVerifier clientCertificateVerifier;
        private List<X500Principal> certificateAuthorities = List.of();
        private SessionStore sessionStore;
        private TicketKeys ticketKeys;
        private int ticketsPerConnection = 2;
        private Duration ticketLifetime = Duration.ofHours(2);
        private List<PskMode> pskModes = List.of(PskMode.PSK_DHE_KE);
        private int maxEarlyData;

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

        /**
         * Mutual TLS: asks clients for a certificate issued under {@code anchors} (checked by Parapet's validator
         * for the clientAuth purpose), and names those CAs in the request.
         */
        public Builder clientAuthentication(ClientAuth mode, TrustAnchors anchors) {
            List<X500Principal> names = anchors.certificates().stream()
                    .map(X509Certificate::getSubjectX500Principal).toList();
            return clientAuthentication(mode, ParapetCertificateVerifier.builder().trustAnchors(anchors)
                    .purpose(ParapetCertificateVerifier.Purpose.CLIENT_AUTH).build(), names);
        }

        /** Mutual TLS with a verifier of your own; {@code caHints} are sent to help the client pick (may be empty). */
        public Builder clientAuthentication(ClientAuth mode, CertificateVerifier verifier, List<X500Principal> caHints) {
            this.clientAuth = mode;
            this.clientCertificateVerifier = mode == ClientAuth.NONE ? null : verifier;
            // POST_HANDSHAKE works in TLS 1.3 only; in TLS 1.2 such a server simply does not ask
            this.certificateAuthorities = List.copyOf(caHints);
            if (mode != ClientAuth.NONE && verifier == null) {
                throw new IllegalArgumentException("client authentication needs a certificate verifier");
            }
            return this;
        }

        /**
         * Seals tickets with these keys; servers of a fleet sharing them (e.g. {@link TicketKeys#fromFile}) resume
         * each other's sessions.
         */
        public Builder ticketKeys(TicketKeys keys) {
            this.ticketKeys = java.util.Objects.requireNonNull(keys);
            return this;
        }

        /**
         * Shares ticket keys, 0-RTT replay records and TLS 1.2 sessions through this store (default: in memory,
         * this process only); ticket keys set by {@link #ticketKeys} take precedence over the store's.
         */
        public Builder sessionStore(SessionStore store) {
            this.sessionStore = java.util.Objects.requireNonNull(store);
            return this;
        }

        /** NewSessionTickets after each TLS 1.3 handshake (default 2); 0 turns resumption off. */
        public Builder ticketsPerConnection(int n) {
            if (n < 0 || n > 16) {
                throw new IllegalArgumentException("ticketsPerConnection must be 0..16, not " + n);
            }
            this.ticketsPerConnection = n;
            return this;
        }

        /** How long a ticket may be used: 1 second to 7 days (RFC 8446, 4.6.1); default 2 hours. */
        public Builder ticketLifetime(Duration lifetime) {
            if (lifetime.getSeconds() < 1 || lifetime.getSeconds() > 604800) {
                throw new IllegalArgumentException("ticket lifetime must be 1 s to 7 days, not " + lifetime);
            }
            this.ticketLifetime = lifetime;
            return this;
        }

        /**
         * RFC 8446, 4.2.9: the modes to resume with, preferred first. Adding {@link PskMode#PSK_KE} resumes clients
         * that offer it without (EC)DHE: cheaper, without forward secrecy for the resumed session.
         */
        public Builder pskModes(PskMode... modes) {
            if (modes.length == 0) {
                throw new IllegalArgumentException("at least one PSK mode");
            }
            this.pskModes = List.copyOf(new java.util.LinkedHashSet<>(List.of(modes)));
            return this;
        }

        /**
         * Accepts up to {@code bytes} of 0-RTT early data on resumed connections (RFC 8446, 2.3; at most 16 MiB;
         * 0 refuses it). Early data can be replayed by an attacker: each ticket is accepted for 0-RTT once,
         * fleet-wide through the {@link #sessionStore}, but serve only idempotent requests from it (RFC 8446, 8).
         */
        public Builder maxEarlyData(int bytes) {
            if (bytes < 0 || bytes > (1 << 24)) {
                throw new IllegalArgumentException("maxEarlyData must be 0..16 MiB, not " + bytes);
            }
            this.maxEarlyData = bytes;
            return this;
        }

        public TlsServerConfig build() {
            return new TlsServerConfig(this);
        }
    }
}
