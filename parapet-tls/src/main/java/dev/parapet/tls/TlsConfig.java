package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;

/** The settings {@link TlsClientConfig} and {@link TlsServerConfig} share. Immutable. */
public abstract class TlsConfig {
    private final TlsConfigBase base;

    TlsConfig(Builder<?> builder) {
        this.base = builder.base.build();
    }

    /** The protocol versions spoken (default: TLS 1.3 and TLS 1.2). */
    public List<ProtocolVersion> versions() {
        return base.versions();
    }

    public boolean speaks(ProtocolVersion v) {
        return base.speaks(v);
    }

    /** Cipher suites, most preferred first (the server's order wins). */
    public List<CipherSuite> cipherSuites() {
        return base.cipherSuites();
    }

    /** Key-exchange groups, most preferred first. */
    public List<NamedGroup> namedGroups() {
        return base.namedGroups();
    }

    public List<SignatureScheme> signatureSchemes() {
        return base.signatureSchemes();
    }

    /** ALPN protocols, most preferred first (RFC 7301: the server's order wins). */
    public List<String> applicationProtocols() {
        return base.applicationProtocols();
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

    /** Records sent under one key before a KeyUpdate; the suite's AEAD limit (RFC 8446, 5.5) caps it. */
    public long keyUpdateAfterRecords() {
        return base.keyUpdateAfterRecords();
    }

    /** True when RSA key transport, CBC suites and SHA-1 signatures are allowed by default (TLS 1.2 only). */
    public boolean legacy() {
        return base.legacy();
    }

    /** RFC 7627: offer and accept extended_master_secret in TLS 1.2 (default: true). */
    public boolean extendedMasterSecret() {
        return base.extendedMasterSecret();
    }

    /** RFC 7627: refuse TLS 1.2 peers without extended_master_secret (default: true). */
    public boolean requireExtendedMasterSecret() {
        return base.requireExtendedMasterSecret();
    }

    /** RFC 7366: offer and accept encrypt_then_mac for TLS 1.2 CBC suites (default: true). */
    public boolean encryptThenMac() {
        return base.encryptThenMac();
    }

    /** The clock for ticket lifetimes and ages (default: the system clock). */
    public java.time.Clock clock() {
        return base.clock();
    }

    /** Where key exchange, signatures and record AEADs come from (default: {@link CryptoProvider#parapet()}). */
    public CryptoProvider cryptoProvider() {
        return base.cryptoProvider();
    }

    /** Bounds on what the peer may send (default: {@link Limits#DEFAULT}). */
    public Limits limits() {
        return base.limits();
    }

    /**
     * The pool the connections made with this config borrow their record buffers from (each one record long, held
     * only while a record is being opened or waits for the network); bounded by
     * {@link Builder#recordBufferPoolCapacity(int)}.
     */
    public dev.parapet.tls.record.RecordBufferPool recordBufferPool() {
        return base.recordBufferPool();
    }

    /**
     * The pool the connections made with this config borrow their JCA Ciphers (and, for TLS 1.2 CBC, Macs) from,
     * holding one per direction only while records flow; bounded by {@link Builder#cipherPoolCapacity(int)}.
     */
    public dev.parapet.tls.crypto.CipherPool cipherPool() {
        return base.cipherPool();
    }

    /**
     * The cache of verifiers for peers' keys that sign again and again (the server's CertificateVerify for a client
     * that reconnects, a client's for a server with client authentication); bounded by
     * {@link Builder#verifierCacheCapacity(int)}. See {@link dev.parapet.tls.crypto.VerifierCache}.
     */
    public dev.parapet.tls.crypto.VerifierCache verifierCache() {
        return base.verifierCache();
    }

    /** The provider a connection of this config uses: {@link #cryptoProvider()}, verifying through the cache. */
    CryptoProvider connectionCrypto() {
        return base.verifierCache().wrap(base.cryptoProvider()); // the cache keeps the wrapper it made
    }

    /**
     * The builder settings both roles share. Defaults: TLS 1.3 and 1.2; TLS 1.3 suites then TLS 1.2 ECDHE with AEAD;
     * x25519, secp256r1, secp384r1; all modern signature schemes.
     */
    public abstract static class Builder<B extends Builder<B>> {
        final TlsConfigBase.Builder base = new TlsConfigBase.Builder();

        Builder() {
        }

        abstract B self();

        /** The protocol versions to speak (default: TLS 1.3 and TLS 1.2). */
        public B versions(ProtocolVersion... versions) {
            base.versions(List.of(versions));
            return self();
        }

        public B cipherSuites(CipherSuite... suites) {
            base.cipherSuites(List.of(suites));
            return self();
        }

        public B namedGroups(NamedGroup... groups) {
            base.namedGroups(List.of(groups));
            return self();
        }

        public B signatureSchemes(SignatureScheme... schemes) {
            base.signatureSchemes(List.of(schemes));
            return self();
        }

        public B applicationProtocols(String... protocols) {
            base.applicationProtocols(List.of(protocols));
            return self();
        }

        /**
         * Legacy mode for old TLS 1.2 peers: adds RSA key transport and CBC suites to the defaults and accepts SHA-1
         * signatures (a peer without signature_algorithms gets RFC 5246's SHA-1 defaults). Off by default: RSA key
         * transport has no forward secrecy, and CBC and SHA-1 have a history of attacks.
         */
        public B legacy(boolean on) {
            base.legacy(on);
            return self();
        }

        /**
         * RFC 7627: whether to offer and accept extended_master_secret in TLS 1.2 (default: true). Turning it off
         * also stops requiring it; it exists for tests and for peers that break on the extension.
         */
        public B extendedMasterSecret(boolean on) {
            base.extendedMasterSecret(on);
            return self();
        }

        /** RFC 7627: refuse TLS 1.2 peers without extended_master_secret (default: true). */
        public B requireExtendedMasterSecret(boolean required) {
            base.requireExtendedMasterSecret(required);
            return self();
        }

        /** RFC 7366: whether to offer and accept encrypt_then_mac for TLS 1.2 CBC suites (default: true). */
        public B encryptThenMac(boolean on) {
            base.encryptThenMac(on);
            return self();
        }

        public B listener(TlsListener listener) {
            base.listener(listener);
            return self();
        }

        /** Writes NSS key-log lines (SSLKEYLOGFILE format) to {@code sink}; off unless set. */
        public B keyLog(Consumer<String> sink) {
            base.keyLog(sink);
            return self();
        }

        /** The clock for ticket lifetimes and ages (default: the system clock); tests move it. */
        public B clock(java.time.Clock clock) {
            base.clock(clock);
            return self();
        }

        /**
         * Where key exchange, signatures and record AEADs come from: {@link CryptoProvider#parapet()} (the default:
         * Parapet's own primitives where they are faster on this JDK) or {@link CryptoProvider#jca()} (the JDK's for
         * everything).
         */
        public B cryptoProvider(CryptoProvider provider) {
            base.cryptoProvider(provider);
            return self();
        }

        /** Bounds on message sizes, counts and floods from the peer (default: {@link Limits#DEFAULT}). */
        public B limits(Limits limits) {
            base.limits(limits);
            return self();
        }

        public B random(SecureRandom random) {
            base.random(random);
            return self();
        }

        /**
         * How many free record buffers (about 18 KiB each) the config's pool keeps for its connections (default 64;
         * 0: none kept, each record allocates). Connections borrow them only while a record is in flight.
         */
        public B recordBufferPoolCapacity(int buffers) {
            base.recordBufferPoolCapacity(buffers);
            return self();
        }

        /**
         * Shares {@code pool} with other configs (say, configs built per connection by an adapter, or a client and a
         * server config in one process) instead of a pool of this config's own; overrides
         * {@link #recordBufferPoolCapacity(int)}.
         */
        public B recordBufferPool(dev.parapet.tls.record.RecordBufferPool pool) {
            base.recordBufferPool(pool);
            return self();
        }

        /**
         * The size of the config's {@link dev.parapet.tls.crypto.CipherPool} (default 64): how many idle record
         * directions (two per connection) keep their JCA Cipher parked for their next record, and how many free
         * Ciphers (and Macs) it keeps per transformation. 0: none kept, each record borrows a new one. Size it to the
         * connections active at once: beyond it a connection waking from idle pays an AES key expansion.
         */
        public B cipherPoolCapacity(int instances) {
            base.cipherPoolCapacity(instances);
            return self();
        }

        /** Shares {@code pool} with other configs; overrides {@link #cipherPoolCapacity(int)}. */
        public B cipherPool(dev.parapet.tls.crypto.CipherPool pool) {
            base.cipherPool(pool);
            return self();
        }

        /**
         * How many peer keys the config's {@link dev.parapet.tls.crypto.VerifierCache} keeps ready (default 8, up to
         * 1024): with Parapet's provider an ECDSA P-256 key seen a second time gets a precomputed table (about
         * 33 KiB) that makes each later verification of its signatures about 2.4 times faster. 0: none kept.
         */
        public B verifierCacheCapacity(int keys) {
            base.verifierCacheCapacity(keys);
            return self();
        }

        /** Shares {@code cache} with other configs; overrides {@link #verifierCacheCapacity(int)}. */
        public B verifierCache(dev.parapet.tls.crypto.VerifierCache cache) {
            base.verifierCache(cache);
            return self();
        }

        /** Sends a KeyUpdate after this many records under one key (default: the AEAD's safe limit). */
        public B keyUpdateAfterRecords(long records) {
            base.keyUpdateAfterRecords(records);
            return self();
        }
    }
}
