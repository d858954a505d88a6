package dev.parapet.jsse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The sessions one side of an SSLContext made, by id, with SunJSSE's defaults (20480 sessions, 86400 s). A client
 * context also knows the newest session per "host:port": its tickets and TLS 1.2 session are offered to that peer
 * while the session is live here (see {@link JsseSessionCache}); a server context bounds its TLS 1.2 session-ID
 * cache by the same size and timeout (see {@link JsseSessionStore}).
 */
final class ParapetSessionContext implements SSLSessionContext {
    private final Map<ByteKey, ParapetSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, ParapetSession> byPeer = new java.util.HashMap<>();
    private java.util.function.IntConsumer onResize = size -> { };
    private java.util.function.Consumer<String> onPeerDropped = peer -> { };
    private int timeoutSeconds = 86400;
    private int cacheSize = 20480;

    private record ByteKey(String hex) {
        static ByteKey of(byte[] id) {
            StringBuilder sb = new StringBuilder();
            for (byte b : id) {
                sb.append(String.format("%02x", b));
            }
            return new ByteKey(sb.toString());
        }
    }

    synchronized void add(ParapetSession session) {
        sessions.put(ByteKey.of(session.getId()), session);
        trim();
    }

    synchronized void remove(ParapetSession session) {
        sessions.remove(ByteKey.of(session.getId()));
        unbind(session);
    }

    /** Client: {@code session} is now the one whose tickets and TLS 1.2 session {@code peer} is offered. */
    synchronized void bind(String peer, ParapetSession session) {
        ParapetSession earlier = byPeer.put(peer, session);
        if (earlier != null && earlier != session) {
            earlier.boundPeer = null;
        }
        session.boundPeer = peer;
    }

    /**
     * A session left the context (evicted by the cache size, or invalidated): its peer binding goes, and the client
     * cache is told, so that what it kept for the peer (tickets, the TLS 1.2 session) does not outlive the session.
     */
    private void unbind(ParapetSession session) {
        String peer = session.boundPeer;
        if (peer != null && byPeer.remove(peer, session)) {
            session.boundPeer = null;
            onPeerDropped.accept(peer);
        }
    }

    /** Client: told the "host:port" whose session left the context (see {@link #unbind}). */
    synchronized void onPeerDropped(java.util.function.Consumer<String> listener) {
        this.onPeerDropped = listener;
    }

    /** The session bound to {@code peer} if it is still here, valid and within the timeout; else null. */
    synchronized ParapetSession liveSessionFor(String peer) {
        ParapetSession s = peer == null ? null : byPeer.get(peer);
        if (s == null) {
            return null;
        }
        ByteKey key = ByteKey.of(s.getId());
        if (!s.isValid() || sessions.get(key) != s || expired(s)) {
            byPeer.remove(peer);
            if (sessions.get(key) == s && expired(s)) {
                sessions.remove(key);
            }
            return null;
        }
        return s;
    }

    /** Server: also told when the cache size changes (to bound its session-ID cache). */
    synchronized void onResize(java.util.function.IntConsumer listener) {
        this.onResize = listener;
    }

    @Override
    public synchronized SSLSession getSession(byte[] sessionId) {
        if (sessionId == null) {
            throw new NullPointerException("session id cannot be null");
        }
        ParapetSession s = sessions.get(ByteKey.of(sessionId));
        if (s != null && expired(s)) {
            sessions.remove(ByteKey.of(sessionId));
            return null;
        }
        return s;
    }

    @Override
    public synchronized Enumeration<byte[]> getIds() {
        ArrayList<byte[]> ids = new ArrayList<>();
        sessions.values().removeIf(this::expired);
        for (ParapetSession s : sessions.values()) {
            ids.add(s.getId());
        }
        return Collections.enumeration(ids);
    }

    private boolean expired(ParapetSession s) {
        return timeoutSeconds > 0 && System.currentTimeMillis() - s.getCreationTime() > timeoutSeconds * 1000L;
    }

    @Override
    public synchronized void setSessionTimeout(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("session timeout must not be negative");
        }
        timeoutSeconds = seconds;
    }

    @Override
    public synchronized int getSessionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public synchronized void setSessionCacheSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("session cache size must not be negative");
        }
        cacheSize = size;
        trim();
        onResize.accept(size);
    }

    @Override
    public synchronized int getSessionCacheSize() {
        return cacheSize;
    }

    private void trim() {
        int limit = cacheSize == 0 ? Integer.MAX_VALUE : cacheSize;
        var it = sessions.values().iterator();
        while (sessions.size() > limit && it.hasNext()) {
            ParapetSession evicted = it.next();
            it.remove();
            unbind(evicted);
        }
    }
}
