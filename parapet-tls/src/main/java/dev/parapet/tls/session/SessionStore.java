package dev.parapet.tls.session;

import java.time.Duration;

/**
 * What the servers of a fleet share so that any of them resumes a session another began (issue 8, item 5): the
 * ticket protection keys, the records that make a 0-RTT ticket single-use (RFC 8446, 8.1), and TLS 1.2 sessions
 * cached by session ID (RFC 5246, 7.4.1.2). The default keeps all three in this process's memory, bounded; the
 * {@code parapet-redis} module shares them through Redis. Implementations are thread-safe.
 */
public interface SessionStore {
    /** The keys that seal and open tickets, the same for every server using this store. */
    TicketKeys ticketKeys();

    /**
     * Claims a single-use token (a 0-RTT ticket's identity) for {@code window}: true the first time, false when any
     * server of the store claimed it within the window, so a replayed early-data ClientHello is refused fleet-wide.
     * When the store cannot tell (full, or unreachable), it answers false: refusing early data is always safe.
     */
    boolean claimOnce(byte[] token, Duration window);

    /**
     * Keeps a TLS 1.2 session's state under its session ID for {@code lifetime}. The state is already sealed by the
     * caller (under a ticket key), so a store never holds a master secret in the clear.
     */
    void putSession(byte[] sessionId, byte[] sealedState, Duration lifetime);

    /** The sealed state kept under this session ID, or null when unknown or expired. */
    byte[] getSession(byte[] sessionId);

    /** Forgets a session (after a fatal alert, RFC 5246, 7.2.2). */
    void removeSession(byte[] sessionId);

    /** In this process only: hourly rotated random ticket keys, 10,000 sessions and 100,000 0-RTT claims at most. */
    static SessionStore inMemory() {
        return new InMemorySessionStore(TicketKeys.inMemory(), 10_000, 100_000, java.time.Clock.systemUTC());
    }

    /** In this process, with ticket keys of your own (e.g. {@link TicketKeys#fromFile}). */
    static SessionStore inMemory(TicketKeys keys) {
        return new InMemorySessionStore(keys, 10_000, 100_000, java.time.Clock.systemUTC());
    }
}
