package dev.parapet.jsse;

import dev.parapet.tls.session.SessionStore;
import dev.parapet.tls.session.TicketKeys;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server context's {@link SessionStore}: its own random ticket keys (rotated hourly), 0-RTT claims in memory, and
 * TLS 1.2 sessions by session ID bounded by the server {@link ParapetSessionContext}'s cache size (0: the core's
 * default bound of 10,000) and kept no longer than its session timeout.
 */
final class JsseSessionStore implements SessionStore {
    private static final int DEFAULT_BOUND = 10_000;
    private final ParapetSessionContext context;
    private final SessionStore claims = SessionStore.inMemory(TicketKeys.inMemory());
    private final Map<String, Entry> sessions = new LinkedHashMap<>();

    private record Entry(byte[] sealed, long expiresAt) {
    }

    JsseSessionStore(ParapetSessionContext context) {
        this.context = context;
    }

    @Override
    public TicketKeys ticketKeys() {
        return claims.ticketKeys();
    }

    @Override
    public boolean claimOnce(byte[] token, Duration window) {
        return claims.claimOnce(token, window);
    }

    @Override
    public synchronized void putSession(byte[] sessionId, byte[] sealedState, Duration lifetime) {
        String key = HexFormat.of().formatHex(sessionId);
        sessions.remove(key);
        int bound = context.getSessionCacheSize() == 0 ? DEFAULT_BOUND : context.getSessionCacheSize();
        Iterator<String> oldest = sessions.keySet().iterator();
        while (sessions.size() >= bound && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        long ttl = context.getSessionTimeout() == 0 ? lifetime.toMillis()
                : Math.min(lifetime.toMillis(), context.getSessionTimeout() * 1000L);
        sessions.put(key, new Entry(sealedState.clone(), System.currentTimeMillis() + ttl));
    }

    @Override
    public synchronized byte[] getSession(byte[] sessionId) {
        String key = HexFormat.of().formatHex(sessionId);
        Entry e = sessions.get(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAt() <= System.currentTimeMillis()) {
            sessions.remove(key);
            return null;
        }
        return e.sealed().clone();
    }

    @Override
    public synchronized void removeSession(byte[] sessionId) {
        sessions.remove(HexFormat.of().formatHex(sessionId));
    }

    /** Drops sessions beyond a cache size just lowered. */
    synchronized void trim(int size) {
        Iterator<String> oldest = sessions.keySet().iterator();
        while (size > 0 && sessions.size() > size && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
