package dev.parapet.tls.session;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a server's ticket protection keys come from (issue 8, item 4): the current key seals new tickets, a few
 * previous keys still open old ones. Implementations are shared by connections and must be thread-safe.
 */
public interface TicketKeys {
    /** The key that seals new tickets. */
    TicketKey current();

    /** The key with this id, current or still-accepted previous; null when unknown (the ticket is then ignored). */
    TicketKey find(byte[] id);

    /** Random keys held in memory, rotated every hour; two previous keys still open tickets. */
    static InMemoryTicketKeys inMemory() {
        return inMemory(Duration.ofHours(1));
    }

    /** Random keys held in memory, a new one every {@code rotation}; two previous keys still open tickets. */
    static InMemoryTicketKeys inMemory(Duration rotation) {
        return new InMemoryTicketKeys(rotation, 2, java.time.Clock.systemUTC(), new java.security.SecureRandom());
    }

    /**
     * Keys an operator keeps in a file and rotates by rewriting it (read again when it changes, at most once a
     * second). See {@link FileTicketKeys} for the format.
     */
    static FileTicketKeys fromFile(Path file) {
        return new FileTicketKeys(file);
    }
}
