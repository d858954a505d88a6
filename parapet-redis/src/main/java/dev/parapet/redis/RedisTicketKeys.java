package dev.parapet.redis;

import dev.parapet.tls.session.TicketKey;
import dev.parapet.tls.session.TicketKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Ticket keys shared by every server of a Redis store. Redis holds the current key and a few previous ones; when the
 * current key has served its rotation period, the first server to look replaces it, in one Lua script (atomic in
 * Redis), so two servers never both rotate. Each server keeps the keys in memory and asks Redis again every few
 * seconds, so handshakes do not wait for Redis; a ticket naming a key this server does not know yet (another server
 * just rotated) makes it ask at once, at most once a second. While Redis does not answer, the keys last read keep
 * serving (a process that never reached Redis uses a random key of its own: its tickets resume on it alone).
 */
public final class RedisTicketKeys implements TicketKeys {
    /**
     * KEYS[1] the list of secrets (current first), KEYS[2] the marker living as long as the current key is current;
     * ARGV[1] a fresh random secret, used only when a rotation is due; ARGV[2] the rotation period in ms; ARGV[3] how
     * many keys the list keeps; ARGV[4] "1" to rotate now. Returns the marker's PTTL, then the secrets.
     */
    private static final byte[] SCRIPT = ("""
            if ARGV[4] == '1' or redis.call('EXISTS', KEYS[2]) == 0 or redis.call('LLEN', KEYS[1]) == 0 then
              redis.call('LPUSH', KEYS[1], ARGV[1])
              redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[3]) - 1)
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * tonumber(ARGV[3]))
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
            end
            local out = redis.call('LRANGE', KEYS[1], 0, -1)
            table.insert(out, 1, redis.call('PTTL', KEYS[2]))
            return out
            """).getBytes(StandardCharsets.US_ASCII);
    private static final long FORCED_REFRESH_GAP_NANOS = 1_000_000_000L;

    private final UnifiedJedis redis;
    private final KeyLayout layout;
    private final Outage outage;
    private final long rotationMillis;
    private final int keys;
    private final long refreshNanos;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Snapshot snapshot;
    private long lastForcedRefresh;

    /** The keys as last read, when they were read, and when the current one is due to be replaced. */
    private record Snapshot(List<TicketKey> keys, long readAt, long rotationDueAt, boolean shared) {
        boolean stale(long now, long refreshNanos) {
            return now - readAt >= refreshNanos || now - rotationDueAt >= 0;
        }

        TicketKey find(byte[] id) {
            for (TicketKey k : keys) {
                if (MessageDigest.isEqual(k.id(), id)) {
                    return k;
                }
            }
            return null;
        }
    }

    RedisTicketKeys(UnifiedJedis redis, KeyLayout layout, Outage outage, Duration rotation, int previous,
                    Duration refresh) {
        this.redis = redis;
        this.layout = layout;
        this.outage = outage;
        this.rotationMillis = rotation.toMillis();
        this.keys = previous + 1;
        this.refreshNanos = refresh.toNanos();
        long now = System.nanoTime();
        this.lastForcedRefresh = now - FORCED_REFRESH_GAP_NANOS;
        this.snapshot = new Snapshot(List.of(new TicketKey(randomSecret())), now, now + refreshNanos, false);
        refresh();
    }

    @Override
    public TicketKey current() {
        Snapshot s = snapshot;
        if (s.stale(System.nanoTime(), refreshNanos) && refreshing.tryLock()) {
            try {
                read(false);
                s = snapshot;
            } finally {
                refreshing.unlock();
            }
        }
        return s.keys().get(0);
    }

    @Override
    public TicketKey find(byte[] id) {
        current(); // a routine refresh when one is due
        TicketKey k = snapshot.find(id);
        if (k != null || !mayForceRefresh()) {
            return k;
        }
        refreshing.lock();
        try {
            read(false);
            return snapshot.find(id);
        } finally {
            refreshing.unlock();
        }
    }

    /** An unknown id asks Redis at most once a second: a flood of made-up tickets costs Redis little. */
    private synchronized boolean mayForceRefresh() {
        long now = System.nanoTime();
        if (now - lastForcedRefresh < FORCED_REFRESH_GAP_NANOS) {
            return false;
        }
        lastForcedRefresh = now;
        return true;
    }

    /** Reads the shared keys now (rotating them first when due); false when Redis did not answer. */
    public boolean refresh() {
        refreshing.lock();
        try {
            return read(false);
        } finally {
            refreshing.unlock();
        }
    }

    /**
     * Replaces the current key for every server now (the previous current key still opens tickets, the oldest one
     * kept stops). False when Redis did not answer.
     */
    public boolean rotate() {
        refreshing.lock();
        try {
            return read(true);
        } finally {
            refreshing.unlock();
        }
    }

    /** Whether the keys in use came from Redis (false while this process has only its own fallback key). */
    public boolean shared() {
        return snapshot.shared();
    }

    /** Reads the keys (rotating first when due or {@code rotateNow}); false, keeping the old ones, on a failure. */
    private boolean read(boolean rotateNow) {
        long now = System.nanoTime();
        if (outage.mayTry()) {
            try {
                snapshot = parse(run(rotateNow), now);
                outage.succeeded();
                return true;
            } catch (JedisException | IllegalStateException e) {
                outage.failed(e);
            }
        }
        Snapshot old = snapshot; // keep serving with it; look again after the refresh interval
        snapshot = new Snapshot(old.keys(), now, now + refreshNanos, old.shared());
        return false;
    }

    private Object run(boolean rotateNow) {
        byte[] secret = randomSecret();
        try {
            return redis.eval(SCRIPT, List.of(layout.ticketKeys(), layout.currentMarker()),
                    List.of(secret, ascii(rotationMillis), ascii(keys), ascii(rotateNow ? 1 : 0)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private Snapshot parse(Object reply, long now) {
        if (!(reply instanceof List<?> items) || items.size() < 2 || !(items.get(0) instanceof Long ttl)) {
            throw new IllegalStateException("unexpected reply to the ticket key script");
        }
        List<TicketKey> out = new ArrayList<>();
        for (Object item : items.subList(1, items.size())) {
            if (item instanceof byte[] secret && secret.length == TicketKey.SECRET_LENGTH) {
                out.add(new TicketKey(secret));
                Arrays.fill(secret, (byte) 0);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no well-formed ticket key in Redis");
        }
        long due = now + (ttl > 0 ? Duration.ofMillis(ttl).toNanos() : refreshNanos);
        return new Snapshot(List.copyOf(out), now, due, true);
    }

    private byte[] randomSecret() {
        byte[] secret = new byte[TicketKey.SECRET_LENGTH];
        random.nextBytes(secret);
        return secret;
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
