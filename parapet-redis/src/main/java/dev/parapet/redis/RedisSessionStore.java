package dev.parapet.redis;

import dev.parapet.tls.session.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link SessionStore} that the servers of a fleet share through one Redis (issue 8, item 5): the ticket keys
 * ({@link RedisTicketKeys}), the 0-RTT claims ({@code SET NX PX}, so a replayed early-data ticket is refused by every
 * server) and TLS 1.2 sessions (already sealed by the caller). See {@link KeyLayout} for the keys it writes.
 *
 * <p>Redis is never allowed to break a handshake: when it fails or is slow (past the timeout, 1 s by default), a
 * session lookup is a miss (full handshake), a claim is refused (early data falls back to 1-RTT) and the ticket keys
 * last read keep serving. Connections come from a bounded pool; {@link #close()} closes them.
 *
 * <p>The ticket keys are secrets and Redis holds them: protect it with a password or ACL user and TLS
 * ({@code rediss://user:password@host:6380}), and let only the servers reach it.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    private static final byte[] ONE = {'1'};
    private final UnifiedJedis redis;
    private final KeyLayout layout;
    private final Outage outage;
    private final RedisTicketKeys ticketKeys;
    private final String where;

    private RedisSessionStore(Builder b, RedisUri uri) {
        this.where = uri.toString();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(b.maxConnections);
        pool.setMaxIdle(b.maxConnections);
        pool.setMaxWait(b.timeout); // a handshake waits no longer for a free connection than for an answer
        pool.setJmxEnabled(false); // no MBean per pool: starting the platform MBean server costs a second
        this.redis = RedisClient.builder()
                .hostAndPort(uri.address())
                .clientConfig(uri.clientConfig((int) b.timeout.toMillis(), b.trusted))
                .poolConfig(pool)
                .build();
        this.layout = new KeyLayout(b.keyPrefix);
        this.outage = new Outage(where, b.timeout.toNanos());
        this.ticketKeys = new RedisTicketKeys(redis, layout, outage, b.rotation, b.previousKeys, b.refresh);
    }

    /** A store on the Redis at {@code uri} (see {@link Builder}) with the defaults. */
    public static RedisSessionStore connect(String uri) {
        return builder(uri).build();
    }

    /**
     * Settings for a store on the Redis at {@code uri}: {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]}, or
     * {@code rediss://} for TLS. The URI is checked here; Redis itself is first asked in {@link Builder#build()}.
     */
    public static Builder builder(String uri) {
        return new Builder(RedisUri.parse(Objects.requireNonNull(uri)));
    }

    @Override
    public RedisTicketKeys ticketKeys() {
        return ticketKeys;
    }

    /** RFC 8446, 8.1: {@code SET claim 1 NX PX window}, so one server in the fleet wins; false when Redis fails. */
    @Override
    public boolean claimOnce(byte[] token, Duration window) {
        SetParams once = SetParams.setParams().nx().px(Math.max(1, window.toMillis()));
        return Boolean.TRUE.equals(call(() -> redis.set(layout.claim(token), ONE, once) != null, false));
    }

    @Override
    public void putSession(byte[] sessionId, byte[] sealedState, Duration lifetime) {
        if (lifetime.toMillis() <= 0) {
            return;
        }
        call(() -> redis.set(layout.session(sessionId), sealedState, SetParams.setParams().px(lifetime.toMillis())),
                null);
    }

    @Override
    public byte[] getSession(byte[] sessionId) {
        return call(() -> redis.get(layout.session(sessionId)), null);
    }

    @Override
    public void removeSession(byte[] sessionId) {
        call(() -> redis.del(layout.session(sessionId)), null);
    }

    /** Whether Redis failed lately (its last answer was an error or a timeout). */
    public boolean unreachable() {
        return outage.isDown();
    }

    /** Closes the pooled connections; the store must not be used after. */
    @Override
    public void close() {
        redis.close();
    }

    /** Where Redis is: {@code redis://HOST:PORT[/DB]} (or rediss://), without user or password. */
    public String where() {
        return where;
    }

    /** {@code redis://host:port/db} without the password, for logs and messages. */
    @Override
    public String toString() {
        return "RedisSessionStore[" + where + ", prefix " + layout.prefix() + "]";
    }

    /** Runs one command; a Redis failure gives {@code otherwise}, as does a call made while pausing after one. */
    private <T> T call(Supplier<T> command, T otherwise) {
        if (!outage.mayTry()) {
            return otherwise;
        }
        try {
            T result = command.get();
            outage.succeeded();
            return result;
        } catch (JedisException | IllegalStateException e) { // Redis failed, or the pool is gone
            outage.failed(e);
            return otherwise;
        }
    }

    /** Settings of a {@link RedisSessionStore}; every one has a default. */
    public static final class Builder {
        private final RedisUri uri;
        private String keyPrefix = "parapet:";
        private Duration rotation = Duration.ofHours(1);
        private int previousKeys = 2;
        private Duration refresh = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(1);
        private int maxConnections = 16;
        private SslOptions.Resource trusted;

        private Builder(RedisUri uri) {
            this.uri = uri;
        }

        /** Put before every key (default {@code parapet:}); fleets sharing one Redis use different prefixes. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix);
            return this;
        }

        /**
         * How long a ticket key seals new tickets (default 1 hour), and how many previous keys still open tickets
         * (default 2). A ticket resumes for at least {@code rotation * previous}: keep it above the ticket lifetime.
         */
        public Builder ticketKeyRotation(Duration rotation, int previous) {
            if (rotation.toMillis() < 1000 || previous < 0 || previous > 16) {
                throw new IllegalArgumentException("ticket key rotation must be at least 1 s, with 0..16 previous "
                        + "keys");
            }
            this.rotation = rotation;
            this.previousKeys = previous;
            return this;
        }

        /** How often a server reads the shared ticket keys again (default 5 s). */
        public Builder refreshInterval(Duration refresh) {
            if (refresh.toMillis() < 1) {
                throw new IllegalArgumentException("the refresh interval must be positive");
            }
            this.refresh = refresh;
            return this;
        }

        /** Connect and read timeout of each Redis command, and the longest wait for a pooled connection (1 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the Redis timeout must be 1 ms or more");
            }
            this.timeout = timeout;
            return this;
        }

        /** Connections in the pool at most (default 16). */
        public Builder maxConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("the pool holds at least one connection");
            }
            this.maxConnections = n;
            return this;
        }

        /**
         * For {@code rediss://}: trust the CA certificates in this PEM file (e.g. the one Redis's
         * {@code tls-ca-cert-file} names) instead of the JDK's trust store. Read now.
         */
        public Builder trustedCertificates(Path pemFile) {
            this.trusted = TrustedCertificates.fromPem(pemFile);
            return this;
        }

        /** Makes the store and reads (or first creates) the shared ticket keys; Redis being down is not an error. */
        public RedisSessionStore build() {
            return new RedisSessionStore(this, uri);
        }
    }
}
