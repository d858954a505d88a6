package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.session.InMemoryTicketKeys;
import dev.parapet.tls.session.ResumptionTicket;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.TicketKeys;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.MovableClock;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TLS 1.3 resumption with tickets (RFC 8446, 2.2, 4.2.11, 4.6.1), Parapet to Parapet in memory. */
class ResumptionTest {
    private static TestPki pki;
    private static CertifiedKey leaf;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        leaf = pki.issue(KeyType.ECDSA_P256, "server.test");
    }

    /** A clock tests move by hand. */
    static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    static TlsServerConfig.Builder server() {
        return TlsServerConfig.builder().certificate(leaf);
    }

    /** One connection over a fresh pipe, handshake done and tickets delivered. */
    static TlsConnection[] connect(TlsClientConfig cc, TlsServerConfig sc) throws TlsException {
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        return new TlsConnection[] {c, s};
    }

    static Stream<Arguments> suites() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.tls13()) {
            for (boolean hrr : new boolean[] {false, true}) {
                out.add(Arguments.of(suite, hrr));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} hrr={1}")
    @MethodSource("suites")
    void resumesWithATicket(CipherSuite suite, boolean hrr) throws Exception {
        TlsClientConfig cc = client().cipherSuites(suite).applicationProtocols("h2")
                .namedGroups(hrr ? new NamedGroup[] {NamedGroup.X25519, NamedGroup.SECP256R1}
                        : new NamedGroup[] {NamedGroup.SECP256R1}).build();
        TlsServerConfig sc = server().namedGroups(NamedGroup.SECP256R1).applicationProtocols("h2").build();
        TlsConnection[] first = connect(cc, sc);
        assertFalse(first[0].session().resumed());
        assertFalse(first[1].session().resumed());

        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        for (TlsSession session : List.of(c.session(), s.session())) {
            assertTrue(session.resumed(), session.summary());
            assertEquals(suite, session.cipherSuite());
            assertEquals(hrr, session.helloRetryRequest());
            assertEquals("h2", session.applicationProtocol());
            assertEquals("server.test", session.serverName());
            assertNull(session.signatureScheme());
        }
        assertEquals(leaf.leaf(), c.session().peerCertificates().get(0), "the original session's chain");
        byte[] data = new byte[20000];
        new Random(2).nextBytes(data);
        assertArrayEquals(data, pipe.transfer(c, s, data));
        assertArrayEquals(data, pipe.transfer(s, c, data));
    }

    @Test
    void ticketsAreSingleUseAndReplenished() throws Exception {
        CountingCache cache = new CountingCache();
        TlsClientConfig cc = client().sessionCache(cache).build();
        TlsServerConfig sc = server().ticketsPerConnection(3).build();
        connect(cc, sc);
        assertEquals(3, cache.puts);
        for (int i = 0; i < 5; i++) {
            assertTrue(connect(cc, sc)[0].session().resumed(), "connection " + i);
        }
        assertEquals(3 + 5 * 3, cache.puts, "each resumed connection brings new tickets");
        assertEquals(5, cache.taken, "a ticket is taken out of the cache when offered");
    }

    @Test
    void noTicketsMeansNoResumption() throws Exception {
        CountingCache cache = new CountingCache();
        TlsClientConfig cc = client().sessionCache(cache).build();
        TlsServerConfig sc = server().ticketsPerConnection(0).build();
        connect(cc, sc);
        assertEquals(0, cache.puts);
        assertFalse(connect(cc, sc)[0].session().resumed());
    }

    @Test
    void serversSharingKeysResumeEachOthersTickets(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("ticket.keys");
        Files.writeString(keys, "# current first\n" + randomKeyHex() + "\n");
        TlsServerConfig a = server().ticketKeys(TicketKeys.fromFile(keys)).build();
        TlsServerConfig b = server().ticketKeys(TicketKeys.fromFile(keys)).build();
        TlsClientConfig cc = client().build();
        connect(cc, a);
        TlsConnection[] onB = connect(cc, b);
        assertTrue(onB[0].session().resumed());
        assertTrue(onB[1].session().resumed());
    }

    @Test
    void aServerWithOtherKeysMakesAFullHandshake() throws Exception {
        TlsClientConfig cc = client().build();
        connect(cc, server().build());
        TlsConnection[] other = connect(cc, server().build()); // the identity does not decrypt: no error
        assertFalse(other[0].session().resumed());
        assertFalse(other[1].session().resumed());
        assertEquals(leaf.leaf(), other[0].session().peerCertificates().get(0));
    }

    @Test
    void aRotatedOutKeyFallsBackToAFullHandshake() throws Exception {
        InMemoryTicketKeys keys = TicketKeys.inMemory(Duration.ofHours(1));
        TlsServerConfig sc = server().ticketKeys(keys).ticketsPerConnection(1).build();
        TlsClientConfig cc = client().build();
        connect(cc, sc);
        keys.rotate();
        keys.rotate();
        assertTrue(connect(cc, sc)[0].session().resumed(), "two previous keys still open tickets");
        keys.rotate();
        keys.rotate();
        keys.rotate();
        assertFalse(connect(cc, sc)[0].session().resumed(), "the sealing key was rotated out");
    }

    @Test
    void aFileRotationIsPickedUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ticket.keys");
        String oldKey = randomKeyHex();
        Files.writeString(file, oldKey + "\n");
        var keys = TicketKeys.fromFile(file);
        TlsServerConfig sc = server().ticketKeys(keys).ticketsPerConnection(1).build();
        TlsClientConfig cc = client().build();
        connect(cc, sc);
        Files.writeString(file, randomKeyHex() + "\n" + oldKey + "\n");
        keys.reload();
        TlsConnection[] second = connect(cc, sc);
        assertTrue(second[0].session().resumed(), "the old key still opens");
        Files.writeString(file, randomKeyHex() + "\n");
        keys.reload();
        assertFalse(connect(cc, sc)[0].session().resumed(), "the old keys are gone");
    }

    @Test
    void expiredTicketsAreNotOffered() throws Exception {
        MovableClock clock = new MovableClock();
        TlsServerConfig sc = server().clock(clock).ticketLifetime(Duration.ofMinutes(10)).build();
        TlsClientConfig cc = client().clock(clock).build();
        connect(cc, sc);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        List<ClientHello> seen = new ArrayList<>();
        pipe.rewriteClientHello(ch -> {
            seen.add(ch);
            return ch;
        });
        pipe.handshake();
        assertNull(seen.get(0).extension(ExtensionType.PRE_SHARED_KEY));
        assertFalse(c.session().resumed());
    }

    @Test
    void aTicketStillLivingResumesAfterTime() throws Exception {
        MovableClock clock = new MovableClock();
        TlsServerConfig sc = server().clock(clock).ticketLifetime(Duration.ofMinutes(10)).build();
        TlsClientConfig cc = client().clock(clock).build();
        connect(cc, sc);
        clock.advance(Duration.ofMinutes(9));
        assertTrue(connect(cc, sc)[0].session().resumed());
    }

    @Test
    void aWrongTicketAgeFallsBackToAFullHandshake() throws Exception {
        MovableClock clientClock = new MovableClock();
        TlsServerConfig sc = server().build(); // the system clock: the client's reported age is off by a minute
        TlsClientConfig cc = client().clock(clientClock).build();
        connect(cc, sc);
        clientClock.advance(Duration.ofMinutes(1));
        TlsConnection[] second = connect(cc, sc);
        assertFalse(second[0].session().resumed());
        assertFalse(second[1].session().resumed());
    }

    @Test
    void aBadBinderIsDecryptError() throws Exception {
        TlsClientConfig cc = client().build();
        TlsServerConfig sc = server().build();
        connect(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.rewriteClientHello(ch -> {
            List<Extension> ext = new ArrayList<>(ch.extensions());
            Extension psk = ext.get(ext.size() - 1);
            assertEquals(ExtensionType.PRE_SHARED_KEY, psk.type());
            byte[] data = psk.data().clone();
            data[data.length - 1] ^= 1; // the last byte of the binder
            ext.set(ext.size() - 1, new Extension(psk.type(), data));
            return new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), ch.cipherSuites(),
                    ch.legacyCompressionMethods(), ext);
        });
        TlsException e = assertThrows(TlsException.class, pipe::handshake);
        assertEquals(AlertDescription.DECRYPT_ERROR, e.alert());
        assertEquals(AlertDescription.DECRYPT_ERROR, s.failure().alert());
        assertFalse(s.failure().getMessage().matches(".*[0-9a-f]{32}.*"), "no secrets in the message");
    }

    @Test
    void ticketsAreKeptPerServerName() throws Exception {
        CertifiedKey other = pki.issue(KeyType.ECDSA_P256, "other.test");
        TlsServerConfig sc = TlsServerConfig.builder().certificate(leaf).certificate(other).build();
        TlsClientConfig cc = client().build();
        connect(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "other.test");
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        assertFalse(c.session().resumed(), "no ticket for other.test yet");
        assertEquals(other.leaf(), c.session().peerCertificates().get(0));
        assertTrue(connect(cc, sc)[0].session().resumed());
    }

    @Test
    void mutualTlsKeepsTheClientChainOnResumption() throws Exception {
        CertifiedKey clientKey = pki.issue(KeyType.ECDSA_P256, "client.test");
        TlsServerConfig sc = server().clientAuthentication(ClientAuth.REQUIRED, pki.trustAnchors()).build();
        TlsClientConfig cc = client().clientCertificate(clientKey).build();
        connect(cc, sc);
        TlsConnection[] second = connect(cc, sc);
        assertTrue(second[1].session().resumed());
        assertEquals(clientKey.leaf(), second[1].session().peerCertificates().get(0));
    }

    private static String randomKeyHex() {
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        return HexFormat.of().formatHex(k);
    }

    /** Counts what goes in and out of an in-memory cache. */
    static final class CountingCache implements SessionCache {
        private final SessionCache inner = SessionCache.inMemory();
        int puts;
        int taken;

        @Override
        public void put(String peer, ResumptionTicket ticket) {
            puts++;
            inner.put(peer, ticket);
        }

        @Override
        public ResumptionTicket take(String peer, long nowMillis) {
            ResumptionTicket t = inner.take(peer, nowMillis);
            taken += t == null ? 0 : 1;
            return t;
        }
    }
}
