package dev.parapet.tls.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tickets in memory: at most {@code peers} peers (least recently used evicted), {@code ticketsPerPeer} TLS 1.3
 * tickets each; and at most {@code peers} TLS 1.2 sessions, one a peer.
 */
final class InMemorySessionCache implements SessionCache {
    private final int ticketsPerPeer;
    private final Map<String, Deque<ResumptionTicket>> byPeer;
    private final Map<String, Tls12Session> tls12ByPeer;

    InMemorySessionCache(int peers, int ticketsPerPeer) {
        if (peers < 1 || ticketsPerPeer < 1) {
            throw new IllegalArgumentException("a session cache holds at least one peer and one ticket");
        }
        this.ticketsPerPeer = ticketsPerPeer;
        this.byPeer = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<ResumptionTicket>> eldest) {
                return size() > peers;
            }
        };
        this.tls12ByPeer = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Tls12Session> eldest) {
                return size() > peers;
            }
        };
    }

    @Override
    public synchronized void putTls12(String peer, Tls12Session session) {
        tls12ByPeer.put(peer, session);
    }

    @Override
    public synchronized Tls12Session getTls12(String peer, long nowMillis) {
        Tls12Session s = tls12ByPeer.get(peer);
        if (s != null && s.expiredAt(nowMillis)) {
            tls12ByPeer.remove(peer);
            return null;
        }
        return s;
    }

    @Override
    public synchronized void removeTls12(String peer) {
        tls12ByPeer.remove(peer);
    }

    @Override
    public synchronized void put(String peer, ResumptionTicket ticket) {
        Deque<ResumptionTicket> q = byPeer.computeIfAbsent(peer, k -> new ArrayDeque<>());
        q.addFirst(ticket);
        while (q.size() > ticketsPerPeer) {
            q.removeLast();
        }
    }

    @Override
    public synchronized ResumptionTicket take(String peer, long nowMillis) {
        Deque<ResumptionTicket> q = byPeer.get(peer);
        if (q == null) {
            return null;
        }
        ResumptionTicket found = null;
        while (found == null && !q.isEmpty()) {
            ResumptionTicket t = q.removeFirst();
            if (!t.expiredAt(nowMillis)) {
                found = t;
            }
        }
        if (q.isEmpty()) {
            byPeer.remove(peer);
        }
        return found;
    }
}
