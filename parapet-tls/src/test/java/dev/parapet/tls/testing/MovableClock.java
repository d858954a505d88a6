package dev.parapet.tls.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves it (ticket lifetimes, certificate validity). */
public final class MovableClock extends Clock {
    private Instant now;

    /** Starts at 2026-11-29T10:00:00Z. */
    public MovableClock() {
        this(Instant.parse("2026-11-29T10:00:00Z"));
    }

    public MovableClock(Instant now) {
        this.now = now;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
