package dev.parapet.tls.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ticket state, sealing, the key sources and the client cache. */
class TicketsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TicketState state() {
        return new TicketState(0x1301, new byte[32], 1_764_000_000_123L, 0xfedcba98L, 7200, "h2", "server.test",
                List.of(new byte[] {1, 2, 3}, new byte[] {4}));
    }

    @Test
    void stateRoundTripsThroughASealedTicket() {
        TicketKeys keys = TicketKeys.inMemory();
        byte[] ticket = TicketSealer.seal(keys, state(), RANDOM);
        TicketState back = TicketSealer.open(keys, ticket);
        assertNotNull(back);
        assertEquals(0x1301, back.cipherSuite());
        assertEquals(1_764_000_000_123L, back.createdMillis());
        assertEquals(0xfedcba98L, back.ageAdd());
        assertEquals("h2", back.applicationProtocol());
        assertEquals("server.test", back.serverName());
        assertArrayEquals(new byte[] {1, 2, 3}, back.peerCertificates().get(0));
        TicketState bare = new TicketState(0x1302, new byte[48], 0, 0, 1, null, null, List.of());
        TicketState bareBack = TicketSealer.open(keys, TicketSealer.seal(keys, bare, RANDOM));
        assertNull(bareBack.applicationProtocol());
        assertNull(bareBack.serverName());
        assertTrue(bareBack.peerCertificates().isEmpty());
    }

    @Test
    void tamperedForeignOrShortTicketsDoNotOpen() {
        TicketKeys keys = TicketKeys.inMemory();
        byte[] ticket = TicketSealer.seal(keys, state(), RANDOM);
        for (int i : new int[] {0, 20, ticket.length - 1}) {
            byte[] t = ticket.clone();
            t[i] ^= 1;
            assertNull(TicketSealer.open(keys, t), "flipped byte " + i);
        }
        assertNull(TicketSealer.open(TicketKeys.inMemory(), ticket));
        assertNull(TicketSealer.open(keys, new byte[10]));
    }

    @Test
    void inMemoryKeysRotateByTime() {
        MutableClock clock = new MutableClock();
        InMemoryTicketKeys keys = new InMemoryTicketKeys(Duration.ofMinutes(5), 2, clock, RANDOM);
        TicketKey first = keys.current();
        clock.advance(Duration.ofMinutes(4));
        assertSame(first, keys.current());
        clock.advance(Duration.ofMinutes(1));
        TicketKey second = keys.current();
        assertFalse(java.util.Arrays.equals(first.id(), second.id()));
        assertSame(first, keys.find(first.id()));
        clock.advance(Duration.ofMinutes(10));
        assertSame(first, keys.find(first.id()), "two previous keys are kept");
        clock.advance(Duration.ofMinutes(5));
        assertNull(keys.find(first.id()));
        assertFalse(first.toString().contains(HexFormat.of().formatHex(first.id())), "short id only");
    }

    @Test
    void fileKeysParseHexAndBase64AndRefuseNonsense(@TempDir Path dir) throws Exception {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        RANDOM.nextBytes(a);
        RANDOM.nextBytes(b);
        Path file = dir.resolve("keys");
        Files.writeString(file, "# ticket keys\n\n" + HexFormat.of().formatHex(a) + "\n"
                + Base64.getEncoder().encodeToString(b) + "\n");
        FileTicketKeys keys = TicketKeys.fromFile(file);
        assertArrayEquals(new TicketKey(a).id(), keys.current().id());
        assertNotNull(keys.find(new TicketKey(b).id()));
        Files.writeString(file, "not a key\n");
        assertThrows(UncheckedIOException.class, keys::reload);
        assertArrayEquals(new TicketKey(a).id(), keys.current().id(), "a bad file keeps the keys last read");
        Files.writeString(file, HexFormat.of().formatHex(new byte[16]) + "\n");
        assertThrows(UncheckedIOException.class, () -> TicketKeys.fromFile(file));
        assertThrows(UncheckedIOException.class, () -> TicketKeys.fromFile(dir.resolve("missing")));
    }

    private static ResumptionTicket ticket(long receivedMillis, long lifetime) {
        return new ResumptionTicket(new byte[] {(byte) receivedMillis}, new byte[32],
                CipherSuite.TLS_AES_128_GCM_SHA256, lifetime, 5, receivedMillis, "a.test", List.of());
    }

    @Test
    void cacheGivesTheNewestLiveTicketOnce() {
        SessionCache cache = SessionCache.inMemory(2, 2);
        ResumptionTicket old = ticket(1000, 100);
        ResumptionTicket shortLived = ticket(2000, 1);
        cache.put("a.test", old);
        cache.put("a.test", shortLived);
        assertSame(old, cache.take("a.test", 5000), "the newer one expired at 3000");
        assertNull(cache.take("a.test", 5000), "single use");
        cache.put("a.test", ticket(1, 10));
        cache.put("b.test", ticket(2, 10));
        cache.put("c.test", ticket(3, 10)); // two peers at most: a.test goes
        assertNull(cache.take("a.test", 5));
        assertNotNull(cache.take("c.test", 5));
        assertFalse(ticket(0, 10).toString().contains("psk"));
        assertEquals((5 + 1234) & 0xffffffffL, ticket(0, 10).obfuscatedAge(1234));
    }

    /** A clock moved by hand. */
    static final class MutableClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-11-29T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
