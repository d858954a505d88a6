package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.MovableClock;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.session.InMemoryTicketKeys;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.SessionStore;
import dev.parapet.tls.session.TicketKeys;
import dev.parapet.tls.session.Tls12Session;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS 1.2 resumption, Parapet to Parapet in memory: tickets (RFC 5077) and session IDs (RFC 5246, 7.4.1.2). */
class Tls12ResumptionTest {
    private static TestPki pki;
    private static CertifiedKey ecdsa;
    private static CertifiedKey rsa;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        ecdsa = pki.issue(KeyType.ECDSA_P256, "server.test");
        rsa = pki.issue(KeyType.RSA_2048, "server.test");
    }

    static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().versions(ProtocolVersion.TLS12)
                .certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    static TlsServerConfig.Builder server() {
        return TlsServerConfig.builder().certificate(ecdsa).certificate(rsa);
    }

    static TlsConnection[] connect(TlsClientConfig cc, TlsServerConfig sc) throws TlsException {
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        return new TlsConnection[] {c, s};
    }

    /** A session store that lets the test see what was stored. */
    static final class RecordingStore implements SessionStore {
        final SessionStore inner = SessionStore.inMemory();
        final List<byte[]> ids = new ArrayList<>();
        final List<byte[]> states = new ArrayList<>();
        int removed;

        @Override
        public TicketKeys ticketKeys() {
            return inner.ticketKeys();
        }

        @Override
        public boolean claimOnce(byte[] token, Duration window) {
            return inner.claimOnce(token, window);
        }

        @Override
        public void putSession(byte[] sessionId, byte[] sealedState, Duration lifetime) {
            ids.add(sessionId.clone());
            states.add(sealedState.clone());
            inner.putSession(sessionId, sealedState, lifetime);
        }

        @Override
        public byte[] getSession(byte[] sessionId) {
            return inner.getSession(sessionId);
        }

        @Override
        public void removeSession(byte[] sessionId) {
            removed++;
            inner.removeSession(sessionId);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_GCM_SHA256"})
    void resumesWithATicket(CipherSuite suite) throws Exception {
        RecordingStore store = new RecordingStore();
        TlsClientConfig cc = client().cipherSuites(suite).applicationProtocols("h2").build();
        TlsServerConfig sc = server().legacy(true).cipherSuites(suite).sessionStore(store)
                .applicationProtocols("h2").build();
        TlsConnection[] first = connect(cc, sc);
        assertFalse(first[0].session().resumed());
        Tls12Session kept = cc.sessionCache().getTls12("server.test:443", System.currentTimeMillis());
        assertNotNull(kept, "the ticket is kept");
        assertNotNull(kept.ticket());

        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        for (TlsSession session : List.of(c.session(), s.session())) {
            assertTrue(session.resumed(), session.summary());
            assertEquals("TLSv1.2", session.protocol());
            assertEquals(suite, session.cipherSuite());
            assertTrue(session.extendedMasterSecret());
            assertEquals("h2", session.applicationProtocol());
        }
        assertEquals(first[0].session().peerCertificates(), c.session().peerCertificates());
        assertEquals(first[0].session().encryptThenMac(), c.session().encryptThenMac());
        assertEquals(0, store.ids.size(), "tickets keep no state on the server");
        byte[] data = new byte[20000];
        new Random(5).nextBytes(data);
        assertArrayEquals(data, pipe.transfer(c, s, data));
        assertArrayEquals(data, pipe.transfer(s, c, data));
        assertTrue(connect(cc, sc)[1].session().resumed(), "a TLS 1.2 session may be resumed again");
    }

    @Test
    void resumesBySessionIdWithoutTheMasterSecretInTheStore() throws Exception {
        RecordingStore store = new RecordingStore();
        List<String> keyLog = new ArrayList<>();
        TlsClientConfig cc = client().keyLog(keyLog::add).build();
        TlsServerConfig sc = server().sessionStore(store).tls12SessionTickets(false).build();
        connect(cc, sc);
        assertEquals(1, store.ids.size());
        assertEquals(32, store.ids.get(0).length);
        Tls12Session kept = cc.sessionCache().getTls12("server.test:443", System.currentTimeMillis());
        assertNull(kept.ticket());
        assertArrayEquals(store.ids.get(0), kept.sessionId());
        String master = keyLog.get(0).split(" ")[2];
        assertFalse(HexFormat.of().formatHex(store.states.get(0)).contains(master.substring(0, 16)),
                "the store holds the session sealed");
        for (int i = 0; i < 3; i++) {
            TlsConnection[] again = connect(cc, sc);
            assertTrue(again[0].session().resumed(), "connection " + i);
            assertTrue(again[1].session().resumed());
        }
        assertEquals(1, store.ids.size(), "a resumed session is not stored again");
        assertTrue(keyLog.stream().allMatch(l -> l.endsWith(master)), "every connection used the same master");
    }

    @Test
    void aClientOfferingTls13AndTls12ResumesATls12Server() throws Exception {
        TlsClientConfig cc = client().versions(ProtocolVersion.TLS13, ProtocolVersion.TLS12).build();
        TlsServerConfig sc = server().versions(ProtocolVersion.TLS12).build();
        connect(cc, sc);
        TlsConnection[] second = connect(cc, sc);
        assertEquals("TLSv1.2", second[0].session().protocol());
        assertTrue(second[0].session().resumed());
        TlsServerConfig ids = server().versions(ProtocolVersion.TLS12).tls12SessionTickets(false).build();
        connect(cc, ids);
        assertTrue(connect(cc, ids)[0].session().resumed(), "by session ID, which also serves as TLS 1.3's");
    }

    @Test
    void noExtendedMasterSecretMeansNoResumption() throws Exception {
        RecordingStore store = new RecordingStore();
        TlsClientConfig cc = client().extendedMasterSecret(false).build();
        TlsServerConfig sc = server().sessionStore(store).requireExtendedMasterSecret(false).build();
        connect(cc, sc);
        assertNull(cc.sessionCache().getTls12("server.test:443", System.currentTimeMillis()));
        assertFalse(connect(cc, sc)[1].session().resumed());
        assertEquals(0, store.ids.size(), "no session ID cached without EMS");

        // RFC 7627, 5.3: the server does not resume an EMS session for a ClientHello without EMS
        TlsClientConfig ems = client().build();
        TlsServerConfig plain = server().requireExtendedMasterSecret(false).build();
        connect(ems, plain);
        TlsConnection c = TlsConnection.client(ems, "server.test", 443);
        TlsConnection s = TlsConnection.server(plain);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.rewriteClientHello(ch -> new dev.parapet.tls.handshake.ClientHello(ch.legacyVersion(), ch.random(),
                ch.legacySessionId(), ch.cipherSuites(), ch.legacyCompressionMethods(), ch.extensions().stream()
                .filter(e -> e.type() != dev.parapet.tls.handshake.ExtensionType.EXTENDED_MASTER_SECRET).toList()));
        assertThrows(TlsException.class, pipe::handshake, "the rewrite breaks Finished, not resumption");
        assertFalse(s.session() != null && s.session().resumed());
    }

    @Test
    void serversSharingTicketKeysResumeEachOthersTickets(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("ticket.keys");
        byte[] secret = new byte[32];
        new Random(1).nextBytes(secret);
        Files.writeString(keys, HexFormat.of().formatHex(secret) + "\n");
        TlsServerConfig a = server().ticketKeys(TicketKeys.fromFile(keys)).build();
        TlsServerConfig b = server().ticketKeys(TicketKeys.fromFile(keys)).build();
        TlsClientConfig cc = client().build();
        connect(cc, a);
        assertTrue(connect(cc, b)[1].session().resumed(), "B opens A's ticket");
        assertFalse(connect(client().build(), server().build())[1].session().resumed());
    }

    @Test
    void serversSharingAStoreResumeEachOthersSessionIds() throws Exception {
        SessionStore store = SessionStore.inMemory();
        TlsServerConfig a = server().sessionStore(store).tls12SessionTickets(false).build();
        TlsServerConfig b = server().sessionStore(store).tls12SessionTickets(false).build();
        TlsClientConfig cc = client().build();
        connect(cc, a);
        assertTrue(connect(cc, b)[1].session().resumed());
    }

    @Test
    void aRotatedOutKeyFallsBackToAFullHandshake() throws Exception {
        InMemoryTicketKeys keys = TicketKeys.inMemory();
        TlsServerConfig tickets = server().ticketKeys(keys).build();
        TlsServerConfig ids = server().ticketKeys(keys).tls12SessionTickets(false).build();
        TlsClientConfig byTicket = client().build();
        TlsClientConfig byId = client().build();
        connect(byTicket, tickets);
        connect(byId, ids);
        keys.rotate();
        assertTrue(connect(byTicket, tickets)[1].session().resumed(), "a previous key still opens");
        assertTrue(connect(byId, ids)[1].session().resumed(), "a previous key still opens the stored state");
        keys.rotate();
        keys.rotate();
        keys.rotate();
        assertFalse(connect(byId, ids)[1].session().resumed(), "the stored state's key was rotated out");
        // the ticket renewed at the second connection is under the key of that time, now rotated out too
        assertFalse(connect(byTicket, tickets)[1].session().resumed());
        assertTrue(connect(byTicket, tickets)[1].session().resumed(), "the new ticket works");
    }

    @Test
    void expiredSessionsAreNotOffered() throws Exception {
        MovableClock clientClock = new MovableClock();
        TlsServerConfig sc = server().ticketLifetime(Duration.ofMinutes(10)).build();
        TlsClientConfig cc = client().clock(clientClock).build();
        connect(cc, sc);
        clientClock.advance(Duration.ofMinutes(9));
        assertTrue(connect(cc, sc)[1].session().resumed());
        // the renewed ticket (its hint from the server's clock, which did not move) counts from its arrival
        clientClock.advance(Duration.ofMinutes(9));
        assertNotNull(cc.sessionCache().getTls12("server.test:443", clientClock.millis()));
        clientClock.advance(Duration.ofMinutes(2));
        assertNull(cc.sessionCache().getTls12("server.test:443", clientClock.millis()), "expired: not offered");
        assertFalse(connect(cc, sc)[1].session().resumed());
    }

    @Test
    void theServerRefusesAnExpiredSession() throws Exception {
        MovableClock serverClock = new MovableClock();
        TlsServerConfig sc = server().clock(serverClock).ticketLifetime(Duration.ofMinutes(10)).build();
        TlsServerConfig ids = server().clock(serverClock).tls12SessionTickets(false)
                .ticketLifetime(Duration.ofMinutes(10)).build();
        TlsClientConfig byTicket = client().build();
        TlsClientConfig byId = client().build();
        connect(byTicket, sc);
        connect(byId, ids);
        serverClock.advance(Duration.ofMinutes(11));
        assertFalse(connect(byTicket, sc)[1].session().resumed());
        assertFalse(connect(byId, ids)[1].session().resumed());
    }

    @Test
    void aSuiteTheServerNoLongerTakesMeansAFullHandshake() throws Exception {
        InMemoryTicketKeys keys = TicketKeys.inMemory();
        CipherSuite a = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CipherSuite b = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
        TlsClientConfig cc = client().cipherSuites(a, b).build();
        connect(cc, server().ticketKeys(keys).cipherSuites(a).build());
        TlsConnection[] second = connect(cc, server().ticketKeys(keys).cipherSuites(b).build());
        assertFalse(second[1].session().resumed());
        assertEquals(b, second[0].session().cipherSuite());
        // and a client that no longer offers the session's suite does not offer the session
        SessionCache shared = SessionCache.inMemory();
        TlsServerConfig both = server().ticketKeys(keys).build();
        connect(client().sessionCache(shared).cipherSuites(a).build(), both);
        assertFalse(connect(client().sessionCache(shared).cipherSuites(b).build(), both)[1].session().resumed());
    }

    @Test
    void aGarbageTicketOrSessionIdMeansAFullHandshakeWithoutError() throws Exception {
        TlsServerConfig sc = server().build();
        Random r = new Random(7);
        for (boolean ticket : new boolean[] {true, false}) {
            SessionCache cache = SessionCache.inMemory();
            TlsClientConfig cc = client().sessionCache(cache).build();
            connect(cc, sc);
            Tls12Session real = cache.getTls12("server.test:443", System.currentTimeMillis());
            for (int length : new int[] {1, 60, 200, 2000}) {
                byte[] junk = new byte[ticket ? length : 32];
                r.nextBytes(junk);
                cache.putTls12("server.test:443", new Tls12Session(ticket ? new byte[0] : junk, ticket ? junk : null,
                        real.masterSecret(), real.cipherSuite(), real.serverName(), real.peerCertificates(),
                        real.encryptThenMac(), real.receivedMillis(), real.lifetimeSeconds()));
                TlsConnection[] again = connect(cc, sc);
                assertFalse(again[1].session().resumed());
                assertFalse(again[0].session().resumed());
            }
        }
    }

    @Test
    void aFatalAlertRemovesTheSession() throws Exception {
        RecordingStore store = new RecordingStore();
        TlsServerConfig sc = server().sessionStore(store).tls12SessionTickets(false).build();
        TlsClientConfig cc = client().build();
        connect(cc, sc);
        TlsConnection[] resumed = connect(cc, sc);
        assertTrue(resumed[1].session().resumed());
        byte[] forged = new byte[5 + 40];
        forged[0] = 23;
        forged[1] = 3;
        forged[2] = 3;
        forged[4] = 40;
        TlsException e = assertThrows(TlsException.class,
                () -> resumed[1].receiveFromNetwork(ByteBuffer.wrap(forged)));
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.alert());
        assertEquals(1, store.removed);
        assertNull(store.getSession(store.ids.get(0)));
        assertFalse(connect(cc, sc)[1].session().resumed(), "the session is gone");
    }

    @Test
    void mutualTlsKeepsTheClientChain() throws Exception {
        CertifiedKey clientKey = pki.issue(KeyType.ECDSA_P256, "client.test");
        TlsClientConfig cc = client().clientCertificate(clientKey).build();
        TlsServerConfig sc = server().clientAuthentication(ClientAuth.REQUIRED, pki.trustAnchors()).build();
        connect(cc, sc);
        TlsConnection[] again = connect(cc, sc);
        assertTrue(again[1].session().resumed());
        assertEquals(clientKey.leaf(), again[1].session().peerCertificates().get(0));
    }
}
