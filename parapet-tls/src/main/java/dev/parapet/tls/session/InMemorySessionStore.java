package dev.parapet.tls.session;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SessionStore} in this process: sessions and 0-RTT claims in two bounded maps, oldest entry evicted first.
 * A claim table that is full of unexpired claims refuses new claims (early data then falls back to 1-RTT) rather
 * than forgetting one that a replay could reuse.
 */
public final class InMemorySessionStore implements SessionStore {
    private final TicketKeys keys;
    private final int maxSessions;
    private final int maxClaims;
    private final Clock clock;
    private final Map<String, Entry> sessions = new LinkedHashMap<>();
    private final Map<String, Long> claims = new LinkedHashMap<>();

    private record Entry(byte[] state, long expiresAt) {
    }

    InMemorySessionStore(TicketKeys keys, int maxSessions, int maxClaims, Clock clock) {
        if (maxSessions < 1 || maxClaims < 1) {
            throw new IllegalArgumentException("session store bounds must be positive");
        }
        this.keys = java.util.Objects.requireNonNull(keys);
        this.maxSessions = maxSessions;
        this.maxClaims = maxClaims;
        this.clock = clock;
    }

    @Override
    public TicketKeys ticketKeys() {
        return keys;
    }

    @Override
    public synchronized boolean claimOnce(byte[] token, Duration window) {
        long now = clock.millis();
        dropExpiredClaims(now);
        String key = HexFormat.of().formatHex(token);
        if (claims.containsKey(key) || claims.size() >= maxClaims) {
            return false;
        }
        claims.put(key, now + window.toMillis());
        return true;
    }

    private void dropExpiredClaims(long now) {
        // claims are inserted with one window per store in practice, so expiry order is insertion order
        Iterator<Long> it = claims.values().iterator();
        while (it.hasNext() && it.next() <= now) {
            it.remove();
        }
    }

    @Override
    public synchronized void putSession(byte[] sessionId, byte[] sealedState, Duration lifetime) {
        String key = HexFormat.of().formatHex(sessionId);
        sessions.remove(key);
        if (sessions.size() >= maxSessions) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        sessions.put(key, new Entry(sealedState.clone(), clock.millis() + lifetime.toMillis()));
    }

    @Override
    public synchronized byte[] getSession(byte[] sessionId) {
        String key = HexFormat.of().formatHex(sessionId);
        Entry e = sessions.get(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAt() <= clock.millis()) {
            sessions.remove(key);
            return null;
        }
        return e.state().clone();
    }

    @Override
    public synchronized void removeSession(byte[] sessionId) {
        sessions.remove(HexFormat.of().formatHex(sessionId));
    }

    /** Sessions held now (for tests and metrics). */
    public synchronized int sessionCount() {
        return sessions.size();
    }
}
