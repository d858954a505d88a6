package dev.parapet.tls.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Random ticket keys in memory: a new current key every rotation period; {@code keep} previous keys still open. */
public final class InMemoryTicketKeys implements TicketKeys {
    private final Duration rotation;
    private final int keep;
    private final Clock clock;
    private final SecureRandom random;
    private final Deque<TicketKey> previous = new ArrayDeque<>();
    private TicketKey current;
    private Instant currentSince;

    InMemoryTicketKeys(Duration rotation, int keep, Clock clock, SecureRandom random) {
        if (rotation.isNegative() || rotation.isZero()) {
            throw new IllegalArgumentException("ticket key rotation must be positive: " + rotation);
        }
        this.rotation = rotation;
        this.keep = keep;
        this.clock = clock;
        this.random = random;
        this.current = newKey();
        this.currentSince = clock.instant();
    }

    private TicketKey newKey() {
        byte[] secret = new byte[TicketKey.SECRET_LENGTH];
        random.nextBytes(secret);
        return new TicketKey(secret);
    }

    @Override
    public synchronized TicketKey current() {
        if (!clock.instant().isBefore(currentSince.plus(rotation))) {
            rotate();
        }
        return current;
    }

    @Override
    public synchronized TicketKey find(byte[] id) {
        current();
        if (current.hasId(id)) {
            return current;
        }
        for (TicketKey k : previous) {
            if (k.hasId(id)) {
                return k;
            }
        }
        return null;
    }

    /** Starts a new current key now; the oldest previous key beyond {@code keep} stops opening tickets. */
    public synchronized void rotate() {
        previous.addFirst(current);
        while (previous.size() > keep) {
            previous.removeLast();
        }
        current = newKey();
        currentSince = clock.instant();
    }
}
