package dev.parapet.redis;

import java.lang.System.Logger.Level;

/**
 * Whether Redis answered lately. After a failure the store leaves Redis alone for a short pause, so that while it is
 * down a handshake does not wait for a connect timeout on every call; the first failure and the recovery are logged
 * once each (the Redis address and the error class and message, never a key, a token or a state).
 */
final class Outage {
    private static final System.Logger LOG = System.getLogger("dev.parapet.redis");
    private final String where;
    private final long pauseNanos;
    private volatile boolean down;
    private volatile long retryAt;

    Outage(String where, long pauseNanos) {
        this.where = where;
        this.pauseNanos = pauseNanos;
    }

    /** False while pausing after a failure: the caller answers as for a miss without asking Redis. */
    boolean mayTry() {
        return !down || System.nanoTime() - retryAt >= 0;
    }

    void succeeded() {
        if (down) {
            down = false;
            LOG.log(Level.INFO, "Redis at {0} answers again", where);
        }
    }

    void failed(RuntimeException e) {
        retryAt = System.nanoTime() + pauseNanos;
        if (!down) {
            down = true;
            LOG.log(Level.WARNING, "Redis at {0} failed ({1}): sessions miss, early data is refused and ticket keys "
                    + "are the ones this process holds until it answers", where, describe(e));
        }
    }

    boolean isDown() {
        return down;
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
