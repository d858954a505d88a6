package dev.parapet.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.EarlyDataStatus;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.session.ResumptionTicket;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.TicketKey;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers sharing a {@link RedisSessionStore}, Parapet to Parapet in memory, against a real redis-server: a TLS 1.3
 * ticket from server A resumes on server B, key rotation, 0-RTT claims across the fleet, and Redis going away.
 */
class RedisFleetTest {
    @TempDir
    static Path dir;
    static RedisProcess redis;
    static TestPki pki;
    static CertifiedKey leaf;
    private static final AtomicInteger FLEETS = new AtomicInteger();
    private final List<RedisSessionStore> opened = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void setUp() throws Exception {
        redis = RedisProcess.start(dir);
        pki = TestPki.create(KeyType.ECDSA_P256);
        leaf = pki.issue(KeyType.ECDSA_P256, "server.test");
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RedisSessionStore::close);
    }

    /** One store per server, all on this test's prefix: as two server processes would have them. */
    private RedisSessionStore store(String uri) {
        if (prefix == null) {
            prefix = "fleet-" + FLEETS.incrementAndGet() + ":";
        }
        RedisSessionStore s = RedisSessionStore.builder(uri).keyPrefix(prefix).build();
        opened.add(s);
        return s;
    }

    private RedisSessionStore store() {
        return store(redis.uri());
    }

    private static TlsServerConfig server(RedisSessionStore store) {
        return TlsServerConfig.builder().certificate(leaf).sessionStore(store).ticketsPerConnection(1).build();
    }

    private static TlsClientConfig client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()))
                .build();
    }

    /** A handshake over a fresh pipe; true when both sides resumed. */
    private static boolean resumed(TlsClientConfig cc, TlsServerConfig sc) throws TlsException {
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        assertEquals(c.session().resumed(), s.session().resumed());
        assertEquals(leaf.leaf(), c.session().peerCertificates().get(0));
        return c.session().resumed();
    }

    @Test
    void aTicketFromServerAResumesOnServerB() throws Exception {
        TlsServerConfig a = server(store());
        TlsServerConfig b = server(store());
        TlsClientConfig cc = client();
        assertFalse(resumed(cc, a));
        assertTrue(resumed(cc, b), "B opens A's ticket");
        assertTrue(resumed(cc, a), "and A opens B's");
    }

    @Test
    void serversWithOtherPrefixesDoNotShareKeys() throws Exception {
        TlsServerConfig a = server(store());
        prefix = null; // another fleet on the same Redis
        TlsServerConfig other = server(store());
        TlsClientConfig cc = client();
        resumed(cc, a);
        assertFalse(resumed(cc, other));
    }

    @Test
    void aKeyRotatedByOneServerIsPickedUpByAnotherWhenItSeesATicketUnderIt() throws Exception {
        RedisSessionStore storeA = store();
        RedisSessionStore storeB = store(); // reads the keys now; its next routine refresh is seconds away
        TlsServerConfig a = server(storeA);
        TlsServerConfig b = server(storeB);
        TlsClientConfig cc = client();
        assertTrue(storeA.ticketKeys().rotate());
        TicketKey sealing = storeA.ticketKeys().current();
        assertFalse(resumed(cc, a)); // the ticket is sealed under the new key
        assertTrue(resumed(cc, b), "an unknown key id made B read the keys again");
        assertArrayEquals(sealing.id(), storeB.ticketKeys().current().id());
    }

    @Test
    void aRotatedOutKeyFallsBackToAFullHandshake() throws Exception {
        RedisSessionStore storeA = store();
        RedisSessionStore storeB = store();
        TlsServerConfig a = server(storeA);
        TlsServerConfig b = server(storeB);
        TlsClientConfig cc = client();
        resumed(cc, a);
        TicketKey first = storeA.ticketKeys().current();
        storeA.ticketKeys().rotate();
        storeA.ticketKeys().rotate();
        assertTrue(storeB.ticketKeys().refresh());
        assertNotNull(storeB.ticketKeys().find(first.id()), "two previous keys still open tickets");
        assertTrue(resumed(cc, b));

        TicketKey sealedLast = storeB.ticketKeys().current(); // B sealed the ticket the client holds now
        for (int i = 0; i < 3; i++) {
            storeA.ticketKeys().rotate();
        }
        assertTrue(storeB.ticketKeys().refresh());
        assertNull(storeB.ticketKeys().find(sealedLast.id()));
        assertFalse(resumed(cc, b), "the sealing key was rotated out");
    }

    @Test
    void theRotationPeriodIsKeptByTheFleetAsAWhole() throws Exception {
        RedisSessionStore a = RedisSessionStore.builder(redis.uri()).keyPrefix("rotation-" + FLEETS.get() + ":")
                .ticketKeyRotation(Duration.ofSeconds(1), 2).refreshInterval(Duration.ofMillis(50)).build();
        opened.add(a);
        RedisSessionStore b = RedisSessionStore.builder(redis.uri()).keyPrefix("rotation-" + FLEETS.get() + ":")
                .ticketKeyRotation(Duration.ofSeconds(1), 2).refreshInterval(Duration.ofMillis(50)).build();
        opened.add(b);
        TicketKey first = a.ticketKeys().current();
        assertArrayEquals(first.id(), b.ticketKeys().current().id());
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TicketKey next = first;
        while (java.util.Arrays.equals(next.id(), first.id()) && System.nanoTime() < end) {
            Thread.sleep(50);
            next = (System.nanoTime() & 1) == 0 ? a.ticketKeys().current() : b.ticketKeys().current();
        }
        assertFalse(java.util.Arrays.equals(next.id(), first.id()), "the key was rotated after its period");
        a.ticketKeys().refresh();
        b.ticketKeys().refresh();
        assertArrayEquals(a.ticketKeys().current().id(), b.ticketKeys().current().id(), "one rotation, not two");
        assertNotNull(b.ticketKeys().find(first.id()), "the old key still opens");
    }

    @Test
    void aZeroRttClaimIsSingleUseAcrossTheFleet() {
        RedisSessionStore a = store();
        RedisSessionStore b = store();
        byte[] identity = new byte[150];
        new java.security.SecureRandom().nextBytes(identity);
        assertTrue(a.claimOnce(identity, Duration.ofSeconds(10)));
        assertFalse(b.claimOnce(identity, Duration.ofSeconds(10)), "the replay reaches another server");
        assertFalse(a.claimOnce(identity, Duration.ofSeconds(10)));
    }

    /** A client cache that offers its first ticket again and again: an attacker replaying a ClientHello. */
    private static final class ReplayingCache implements SessionCache {
        private ResumptionTicket kept;

        @Override
        public synchronized void put(String peer, ResumptionTicket ticket) {
            if (kept == null) {
                kept = ticket;
            }
        }

        @Override
        public synchronized ResumptionTicket take(String peer, long nowMillis) {
            return kept;
        }
    }

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: server.test\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** A resumption offering {@link #REQUEST} as 0-RTT data; handshake done. */
    private static TlsConnection[] resumeWithEarlyData(TlsClientConfig cc, TlsServerConfig sc) throws TlsException {
        TlsConnection c = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(REQUEST));
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        assertTrue(s.session().resumed());
        return new TlsConnection[] {c, s};
    }

    private static TlsServerConfig zeroRttServer(RedisSessionStore store) {
        return TlsServerConfig.builder().certificate(leaf).sessionStore(store).maxEarlyData(4096).build();
    }

    @Test
    void aReplayed0RttClientHelloIsRefusedEarlyDataByAnotherServer() throws Exception {
        TlsServerConfig a = zeroRttServer(store());
        TlsServerConfig b = zeroRttServer(store());
        TlsClientConfig cc = TlsClientConfig.builder()
                .certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()))
                .sessionCache(new ReplayingCache()).build();
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        new MemoryPipe(c, TlsConnection.server(a)).handshake();

        TlsConnection[] first = resumeWithEarlyData(cc, a);
        assertEquals(EarlyDataStatus.ACCEPTED, first[1].earlyDataStatus());
        ByteBuffer got = ByteBuffer.allocate(REQUEST.length);
        first[1].read(got);
        assertArrayEquals(REQUEST, got.array());

        TlsConnection[] replay = resumeWithEarlyData(cc, b); // the same ticket, at another server of the fleet
        assertEquals(EarlyDataStatus.REJECTED, replay[1].earlyDataStatus());
        assertEquals(EarlyDataStatus.REJECTED, replay[0].earlyDataStatus());
        assertEquals(0, replay[1].available(), "nothing replayed reaches the application");
        assertEquals(EarlyDataStatus.REJECTED, resumeWithEarlyData(cc, a)[1].earlyDataStatus(), "nor on A");
    }

    @Test
    void withoutRedisEarlyDataIsRefusedAndTheHandshakeCompletes() throws Exception {
        RedisSessionStore store = store("redis://127.0.0.1:" + RedisProcess.freePort());
        TlsServerConfig sc = zeroRttServer(store);
        TlsClientConfig cc = client();
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        new MemoryPipe(c, TlsConnection.server(sc)).handshake();
        TlsConnection[] resumed = resumeWithEarlyData(cc, sc);
        assertEquals(EarlyDataStatus.REJECTED, resumed[1].earlyDataStatus(), "no claim without Redis");
        assertEquals(EarlyDataStatus.REJECTED, resumed[0].earlyDataStatus());
    }

    @Test
    void whenRedisGoesAwayHandshakesGoOn() throws Exception {
        RedisProcess own = RedisProcess.start(dir);
        RedisSessionStore store;
        try {
            store = store(own.uri());
            assertTrue(store.ticketKeys().shared());
            TlsServerConfig sc = server(store);
            TlsClientConfig cc = client();
            assertFalse(resumed(cc, sc));
            own.close();
            assertFalse(resumed(client(), sc), "a full handshake without Redis");
            assertTrue(resumed(cc, sc), "the keys this server holds still open its tickets");
            assertFalse(store.unreachable(), "those handshakes did not need Redis");
            assertFalse(store.claimOnce(new byte[] {1, 2, 3}, Duration.ofSeconds(10)), "early data refused");
            assertTrue(store.unreachable());
            store.putSession(new byte[] {4}, new byte[] {5}, Duration.ofMinutes(1));
            assertNull(store.getSession(new byte[] {4}), "a miss");
            store.removeSession(new byte[] {4});
            assertFalse(store.ticketKeys().refresh());
            assertFalse(store.ticketKeys().rotate());
        } finally {
            own.close();
        }
    }

    @Test
    void aFullRedisRefusesClaimsRatherThanForgettingOne() throws Exception {
        try (RedisProcess full = RedisProcess.start(dir, "--maxmemory", "1", "--maxmemory-policy", "noeviction")) {
            RedisSessionStore store = store(full.uri());
            assertFalse(store.claimOnce(new byte[] {7}, Duration.ofSeconds(10)), "OOM: early data refused");
            store.putSession(new byte[] {8}, new byte[] {9}, Duration.ofMinutes(1));
            assertNull(store.getSession(new byte[] {8}));
            TlsServerConfig sc = server(store);
            TlsClientConfig cc = client();
            assertFalse(resumed(cc, sc));
            assertTrue(resumed(cc, sc), "handshakes go on with the keys this server holds");
        }
    }

    @Test
    void aStoreThatNeverReachedRedisServesWithAKeyOfItsOwn() throws Exception {
        RedisSessionStore store = store("redis://127.0.0.1:" + RedisProcess.freePort());
        assertFalse(store.ticketKeys().shared());
        TlsServerConfig sc = server(store);
        TlsClientConfig cc = client();
        assertFalse(resumed(cc, sc));
        assertTrue(resumed(cc, sc), "its own tickets resume on it");
        assertFalse(store.claimOnce(new byte[] {9}, Duration.ofSeconds(10)));
        assertNull(store.getSession(new byte[] {9}));
    }
}
