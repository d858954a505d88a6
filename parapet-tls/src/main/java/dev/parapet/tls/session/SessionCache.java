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

    /** A bounded in-memory cache: 1000 peers, 4 tickets each, the least recently used peer goes first. */
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
