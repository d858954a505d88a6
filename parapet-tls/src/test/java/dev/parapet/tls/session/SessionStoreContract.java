package dev.parapet.tls.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} does, whatever holds its state: the in-memory default (here, in
 * {@link InMemorySessionStoreContractTest}) and the Redis store of {@code parapet-redis}, which extends this class
 * from the test-jar. A subclass gives fresh stores and a sibling of a store: the handle a second server of the same
 * fleet would have on the same shared state.
 */
public abstract class SessionStoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LONG = Duration.ofMinutes(5);

    /** A new store, sharing nothing with the stores made before. */
    protected abstract SessionStore newStore();

    /** Another handle on the state {@code store} keeps, as a second server of the fleet would open it. */
    protected abstract SessionStore sibling(SessionStore store);

    protected static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Polls {@code condition} (for expiry, which the store's own clock decides) for up to 10 s. */
    protected static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(what + " did not happen within 10 s");
            }
            Thread.sleep(20);
        }
    }

    // ---- ticket keys

    @Test
    public void theCurrentKeyIsFoundByItsId() {
        TicketKeys keys = newStore().ticketKeys();
        TicketKey current = keys.current();
        assertNotNull(current);
        TicketKey found = keys.find(current.id());
        assertNotNull(found);
        assertArrayEquals(current.id(), found.id());
        assertArrayEquals(current.id(), keys.current().id(), "the current key stays current between calls");
    }

    @Test
    public void anUnknownKeyIdIsNotFound() {
        TicketKeys keys = newStore().ticketKeys();
        assertNull(keys.find(random(TicketKey.ID_LENGTH)));
        assertNull(keys.find(new byte[0]));
        assertNull(keys.find(random(3)));
        byte[] almost = keys.current().id();
        almost[TicketKey.ID_LENGTH - 1] ^= 1;
        assertNull(keys.find(almost));
    }

    @Test
    public void siblingsShareTheTicketKeys() {
        SessionStore a = newStore();
        SessionStore b = sibling(a);
        TicketKey current = a.ticketKeys().current();
        assertArrayEquals(current.id(), b.ticketKeys().current().id());
        assertNotNull(b.ticketKeys().find(current.id()));
    }

    @Test
    public void separateStoresHaveTheirOwnKeys() {
        TicketKey a = newStore().ticketKeys().current();
        TicketKey b = newStore().ticketKeys().current();
        assertFalse(java.util.Arrays.equals(a.id(), b.id()));
    }

    // ---- 0-RTT claims (RFC 8446, 8.1)

    @Test
    public void aClaimIsGrantedOnce() {
        SessionStore store = newStore();
        byte[] token = random(100);
        assertTrue(store.claimOnce(token, LONG));
        assertFalse(store.claimOnce(token, LONG));
        assertFalse(store.claimOnce(token.clone(), LONG), "the token's value counts, not the array");
    }

    @Test
    public void claimsOfOtherTokensAreIndependent() {
        SessionStore store = newStore();
        byte[] token = random(100);
        assertTrue(store.claimOnce(token, LONG));
        byte[] other = token.clone();
        other[99] ^= 1;
        assertTrue(store.claimOnce(other, LONG));
        assertTrue(store.claimOnce(new byte[] {0}, LONG));
        assertTrue(store.claimOnce(new byte[] {0, 0}, LONG));
    }

    @Test
    public void aClaimIsRefusedToEveryServerOfTheFleet() {
        SessionStore a = newStore();
        SessionStore b = sibling(a);
        byte[] token = random(64);
        assertTrue(a.claimOnce(token, LONG));
        assertFalse(b.claimOnce(token, LONG));
        byte[] other = random(64);
        assertTrue(b.claimOnce(other, LONG));
        assertFalse(a.claimOnce(other, LONG));
    }

    @Test
    public void concurrentClaimsHaveOneWinner() throws Exception {
        SessionStore a = newStore();
        SessionStore b = sibling(a);
        byte[] token = random(48);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                SessionStore s = i % 2 == 0 ? a : b;
                Callable<Boolean> claim = () -> {
                    start.await();
                    return s.claimOnce(token, LONG);
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aClaimCanBeMadeAgainOnceItsWindowPassed() throws Exception {
        SessionStore store = newStore();
        byte[] token = random(32);
        assertTrue(store.claimOnce(token, Duration.ofMillis(200)));
        eventually("the claim's expiry", () -> store.claimOnce(token, LONG));
        assertFalse(store.claimOnce(token, LONG));
    }

    // ---- TLS 1.2 sessions

    @Test
    public void aSessionRoundTrips() {
        SessionStore store = newStore();
        byte[] id = random(32);
        byte[] state = new byte[256];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) i;
        }
        store.putSession(id, state, LONG);
        byte[] back = store.getSession(id);
        assertArrayEquals(state, back);
        back[0] ^= 1;
        assertArrayEquals(state, store.getSession(id), "the caller's copy is its own");
        assertArrayEquals(state, store.getSession(id.clone()), "the id's value counts, not the array");
    }

    @Test
    public void anUnknownSessionIsNull() {
        SessionStore store = newStore();
        assertNull(store.getSession(random(32)));
        assertNull(store.getSession(new byte[] {1}));
    }

    @Test
    public void aRemovedSessionIsGone() {
        SessionStore store = newStore();
        byte[] id = random(32);
        store.putSession(id, random(80), LONG);
        store.removeSession(id);
        assertNull(store.getSession(id));
        store.removeSession(id); // twice is harmless
        store.removeSession(random(32));
    }

    @Test
    public void aSessionPutAgainIsReplaced() {
        SessionStore store = newStore();
        byte[] id = random(32);
        store.putSession(id, random(80), LONG);
        byte[] second = random(90);
        store.putSession(id, second, LONG);
        assertArrayEquals(second, store.getSession(id));
    }

    @Test
    public void sessionsAreKeptApart() {
        SessionStore store = newStore();
        byte[] a = random(32);
        byte[] b = a.clone();
        b[31] ^= 1;
        byte[] stateA = random(60);
        byte[] stateB = random(60);
        store.putSession(a, stateA, LONG);
        store.putSession(b, stateB, LONG);
        assertArrayEquals(stateA, store.getSession(a));
        assertArrayEquals(stateB, store.getSession(b));
        store.removeSession(a);
        assertArrayEquals(stateB, store.getSession(b));
    }

    @Test
    public void aSessionIsSeenByEveryServerOfTheFleet() {
        SessionStore a = newStore();
        SessionStore b = sibling(a);
        byte[] id = random(32);
        byte[] state = random(120);
        a.putSession(id, state, LONG);
        assertArrayEquals(state, b.getSession(id));
        b.removeSession(id);
        assertNull(a.getSession(id));
    }

    @Test
    public void aSessionExpiresWithItsLifetime() throws Exception {
        SessionStore store = newStore();
        byte[] id = random(32);
        store.putSession(id, random(40), Duration.ofMillis(200));
        eventually("the session's expiry", () -> store.getSession(id) == null);
    }

    @Test
    public void claimsAndSessionsDoNotMeet() {
        SessionStore store = newStore();
        byte[] bytes = random(32);
        assertTrue(store.claimOnce(bytes, LONG));
        assertNull(store.getSession(bytes), "a claim is not a session");
        byte[] id = random(32);
        store.putSession(id, random(40), LONG);
        assertTrue(store.claimOnce(id, LONG), "a session is not a claim");
    }
}
