package dev.parapet.tls.session;

/**
 * A client's tickets, by peer (issue 8, item 6). Tickets are single-use: {@link #take} removes what it returns.
 * Implementations are shared by the connections of a config and must be thread-safe.
 */
public interface SessionCache {
    /** Keeps a ticket for {@code peer} (the server name, with ":port" when the connection named one). */
    void put(String peer, ResumptionTicket ticket);

    /** Removes and returns the newest ticket for {@code peer} that has not expired at {@code nowMillis}, or null. */
    ResumptionTicket take(String peer, long nowMillis);

    /**
     * Keeps a TLS 1.2 session for {@code peer}, replacing the one kept before. Unlike TLS 1.3 tickets it stays in
     * the cache when offered (RFC 5246, 7.4.1.2 allows resuming a session many times). The default keeps nothing.
     */
    default void putTls12(String peer, Tls12Session session) {
    }

    /** The TLS 1.2 session kept for {@code peer} if it has not expired at {@code nowMillis}, else null (default). */
    default Tls12Session getTls12(String peer, long nowMillis) {
        return null;
    }

    /** Forgets the TLS 1.2 session of {@code peer} (after a fatal alert, RFC 5246, 7.2.2). */
    default void removeTls12(String peer) {
    }

    /**
     * A bounded in-memory cache: 1000 peers, 4 TLS 1.3 tickets and one TLS 1.2 session each, the least recently
     * used peer goes first.
     */
    static SessionCache inMemory() {
        return inMemory(1000, 4);
    }

    static SessionCache inMemory(int peers, int ticketsPerPeer) {
        return new InMemorySessionCache(peers, ticketsPerPeer);
    }

    /** Keeps nothing: every connection makes a full handshake. */
    static SessionCache none() {
        return new SessionCache() {
            @Override
            public void put(String peer, ResumptionTicket ticket) {
            }

            @Override
            public ResumptionTicket take(String peer, long nowMillis) {
                return null;
            }
        };
    }
}
