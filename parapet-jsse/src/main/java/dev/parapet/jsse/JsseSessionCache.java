package dev.parapet.jsse;

import dev.parapet.tls.session.ResumptionTicket;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.Tls12Session;

/**
 * A client context's tickets and TLS 1.2 sessions, by "host:port", as the core's {@link SessionCache}. What it
 * holds for a peer is offered only while the {@link ParapetSession} it belongs to is live in the client
 * {@link ParapetSessionContext}: not invalidated, not past the session timeout, not evicted by the cache size. So
 * {@code setSessionTimeout}, {@code setSessionCacheSize} and {@code SSLSession.invalidate()} govern resumption as
 * Java users expect.
 */
final class JsseSessionCache implements SessionCache {
    private final ParapetSessionContext sessions;
    private final SessionCache store = SessionCache.inMemory(1000, 4);

    JsseSessionCache(ParapetSessionContext sessions) {
        this.sessions = sessions;
        // a session evicted by the cache size (or invalidated) takes what we keep for its peer with it
        sessions.onPeerDropped(peer -> drop(peer, Long.MIN_VALUE));
    }

    /** Whether what we keep for {@code peer} may still be offered; when not, it is dropped. */
    private boolean live(String peer, long nowMillis) {
        if (sessions.liveSessionFor(peer) != null) {
            return true;
        }
        drop(peer, nowMillis);
        return false;
    }

    private void drop(String peer, long nowMillis) {
        store.removeTls12(peer);
        while (store.take(peer, nowMillis) != null) {
            // drop the peer's remaining TLS 1.3 tickets
        }
    }

    @Override
    public void put(String peer, ResumptionTicket ticket) {
        store.put(peer, ticket);
    }

    @Override
    public ResumptionTicket take(String peer, long nowMillis) {
        return live(peer, nowMillis) ? store.take(peer, nowMillis) : null;
    }

    @Override
    public void putTls12(String peer, Tls12Session session) {
        store.putTls12(peer, session);
    }

    @Override
    public Tls12Session getTls12(String peer, long nowMillis) {
        return live(peer, nowMillis) ? store.getTls12(peer, nowMillis) : null;
    }

    @Override
    public void removeTls12(String peer) {
        store.removeTls12(peer);
    }
}
