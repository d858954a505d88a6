package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.session.ResumptionTicket;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.SessionStore;
import dev.parapet.tls.session.TicketKeys;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 0-RTT early data (RFC 8446, 2.3, 4.2.10, 8) and psk_ke resumption (4.2.9), Parapet to Parapet in memory. */
class EarlyDataTest {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: server.test\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static TestPki pki;
    private static CertifiedKey leaf;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(TestPki.KeyType.ECDSA_P256);
        leaf = pki.issue(TestPki.KeyType.ECDSA_P256, "server.test");
    }

    private static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    private static TlsServerConfig.Builder server() {
        return TlsServerConfig.builder().certificate(leaf);
    }

    /** A resumed connection that offers {@code early} as 0-RTT data; handshake done. */
    private static TlsConnection[] resume(TlsClientConfig cc, TlsServerConfig sc, byte[] early) throws TlsException {
        TlsConnection c = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(early));
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        return new TlsConnection[] {c, s};
    }

    private static void firstConnection(TlsClientConfig cc, TlsServerConfig sc) throws TlsException {
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
    }

    private static byte[] readAll(TlsConnection conn) {
        ByteBuffer got = ByteBuffer.allocate(1 << 20);
        while (conn.read(got) > 0) {
            // drain
        }
        byte[] out = new byte[got.position()];
        got.flip().get(out);
        return out;
    }

    @ParameterizedTest(name = "middlebox compatibility {0}")
    @ValueSource(booleans = {true, false})
    void earlyDataIsAcceptedOnAResumedConnection(boolean middlebox) throws Exception {
        TlsClientConfig cc = client().middleboxCompatibility(middlebox).build();
        TlsServerConfig sc = server().maxEarlyData(4096).build();
        firstConnection(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(REQUEST));
        assertEquals(EarlyDataStatus.OFFERED, c.earlyDataStatus());
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        assertEquals(EarlyDataStatus.ACCEPTED, c.earlyDataStatus());
        assertEquals(EarlyDataStatus.ACCEPTED, s.earlyDataStatus());
        assertTrue(s.session().resumed());
        assertEquals(REQUEST.length, s.available());
        assertArrayEquals(REQUEST, readAll(s));
        byte[] more = new byte[30000];
        new Random(3).nextBytes(more);
        assertArrayEquals(more, pipe.transfer(c, s, more), "1-RTT data follows under the application keys");
        assertArrayEquals(more, pipe.transfer(s, c, more));
    }

    @Test
    void theServerCanReadEarlyDataBeforeTheHandshakeCompletes() throws Exception {
        TlsClientConfig cc = client().build();
        TlsServerConfig sc = server().maxEarlyData(4096).build();
        firstConnection(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(REQUEST));
        TlsConnection s = TlsConnection.server(sc);
        ByteBuffer wire = ByteBuffer.allocate(1 << 16);
        c.sendToNetwork(wire);
        wire.flip();
        s.receiveFromNetwork(wire);
        assertTrue(s.isHandshaking(), "the client's Finished has not come yet");
        assertEquals(0, s.available(), "early data is not counted while handshaking");
        assertArrayEquals(REQUEST, readAll(s), "but it can be read at 0.5-RTT");
    }

    @Test
    void earlyDataTooLargeForTheTicketIsNotSent() throws Exception {
        TlsClientConfig cc = client().build();
        TlsServerConfig sc = server().maxEarlyData(16).build();
        firstConnection(cc, sc);
        TlsConnection[] cs = resume(cc, sc, REQUEST);
        assertEquals(EarlyDataStatus.NOT_OFFERED, cs[0].earlyDataStatus());
        assertEquals(EarlyDataStatus.NOT_OFFERED, cs[1].earlyDataStatus());
        assertTrue(cs[0].session().resumed());
    }

    @Test
    void aServerWithout0RttSkipsTheEarlyDataAndCompletes() throws Exception {
        TicketKeys keys = TicketKeys.inMemory();
        TlsClientConfig cc = client().build();
        firstConnection(cc, server().ticketKeys(keys).maxEarlyData(1 << 16).build());
        byte[] big = new byte[40000]; // three records the server cannot open and must skip
        new Random(4).nextBytes(big);
        TlsServerConfig refusing = server().ticketKeys(keys).maxEarlyData(0).build();
        TlsConnection c = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(big));
        TlsConnection s = TlsConnection.server(refusing);
        MemoryPipe pipe = new MemoryPipe(c, s);
        assertThrows(TlsException.class, pipe::handshake, "more than 16 KiB of refused early data");

        TlsConnection c2 = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(REQUEST));
        TlsConnection s2 = TlsConnection.server(server().ticketKeys(keys).maxEarlyData(0).build());
        MemoryPipe pipe2 = new MemoryPipe(c2, s2);
        pipe2.handshake();
        assertEquals(EarlyDataStatus.REJECTED, c2.earlyDataStatus());
        assertEquals(EarlyDataStatus.REJECTED, s2.earlyDataStatus());
        assertTrue(c2.session().resumed(), "the ticket still resumes; only the 0-RTT data is refused");
        assertEquals(0, s2.available());
        assertArrayEquals(REQUEST, pipe2.transfer(c2, s2, REQUEST), "the client sends it again after");
    }

    @Test
    void aHelloRetryRequestRefusesEarlyData() throws Exception {
        TlsClientConfig cc = client().namedGroups(NamedGroup.X25519, NamedGroup.SECP256R1).build();
        TlsServerConfig sc = server().namedGroups(NamedGroup.SECP256R1).maxEarlyData(4096).build();
        firstConnection(cc, sc);
        byte[] big = new byte[20000];
        TlsConnection[] cs = resume(cc, sc, java.util.Arrays.copyOf(big, 4000));
        assertTrue(cs[0].session().helloRetryRequest());
        assertTrue(cs[0].session().resumed());
        assertEquals(EarlyDataStatus.REJECTED, cs[0].earlyDataStatus());
        assertEquals(EarlyDataStatus.REJECTED, cs[1].earlyDataStatus());
        assertEquals(0, cs[1].available());
    }

    /** A client cache that hands out the same ticket again: what an attacker replaying a ClientHello achieves. */
    private static final class ReplayingCache implements SessionCache {
        ResumptionTicket kept;
        UnaryOperator<ResumptionTicket> change = t -> t;

        @Override
        public void put(String peer, ResumptionTicket ticket) {
            if (kept == null) {
                kept = ticket;
            }
        }

        @Override
        public ResumptionTicket take(String peer, long nowMillis) {
            return kept == null ? null : change.apply(kept);
        }
    }

    @Test
    void aReplayedTicketGetsNoSecond0Rtt() throws Exception {
        ReplayingCache cache = new ReplayingCache();
        TlsClientConfig cc = client().sessionCache(cache).build();
        SessionStore store = SessionStore.inMemory();
        TlsServerConfig a = server().sessionStore(store).maxEarlyData(4096).build();
        TlsServerConfig b = server().sessionStore(store).maxEarlyData(4096).build();
        firstConnection(cc, a);
        TlsConnection[] first = resume(cc, a, REQUEST);
        assertEquals(EarlyDataStatus.ACCEPTED, first[1].earlyDataStatus());
        TlsConnection[] replay = resume(cc, b, REQUEST); // another server of the fleet, same store
        assertEquals(EarlyDataStatus.REJECTED, replay[1].earlyDataStatus());
        assertEquals(EarlyDataStatus.REJECTED, replay[0].earlyDataStatus());
        assertTrue(replay[1].session().resumed(), "the handshake completes");
        assertEquals(0, replay[1].available(), "nothing replayed reaches the application");
    }

    @Test
    void earlyDataBeyondTheLimitIsUnexpectedMessage() throws Exception {
        ReplayingCache cache = new ReplayingCache();
        TlsClientConfig cc = client().sessionCache(cache).build();
        TlsServerConfig sc = server().maxEarlyData(100).build();
        firstConnection(cc, sc);
        ResumptionTicket t = cache.kept;
        cache.change = k -> new ResumptionTicket(k.ticket(), k.psk(), k.cipherSuite(), k.lifetimeSeconds(),
                k.ageAdd(), k.receivedMillis(), k.serverName(), k.peerCertificates(), 1 << 20,
                k.applicationProtocol()); // a client that ignores the ticket's max_early_data_size
        assertEquals(100, t.maxEarlyData());
        TlsConnection c = TlsConnection.client(cc, "server.test", 443, ByteBuffer.wrap(new byte[500]));
        TlsConnection s = TlsConnection.server(sc);
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, s.failure().alert());
        assertTrue(s.failure().getMessage().contains("maxEarlyData"), e.getMessage());
    }

    @Test
    void earlyDataNeedsTheTicketsAlpn() throws Exception {
        TlsServerConfig sc = server().applicationProtocols("h2", "http/1.1").maxEarlyData(4096).build();
        SessionCache shared = SessionCache.inMemory();
        firstConnection(client().sessionCache(shared).applicationProtocols("h2").build(), sc);
        TlsConnection[] cs = resume(client().sessionCache(shared).applicationProtocols("http/1.1").build(), sc,
                REQUEST);
        assertEquals(EarlyDataStatus.NOT_OFFERED, cs[0].earlyDataStatus(), "the ticket's protocol is not offered");
        assertTrue(cs[0].session().resumed());
    }

    @Test
    void pskKeResumesWithoutKeyExchange() throws Exception {
        TlsClientConfig cc = client().pskModes(PskMode.PSK_KE).build();
        TlsServerConfig sc = server().pskModes(PskMode.PSK_KE, PskMode.PSK_DHE_KE).build();
        firstConnection(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        assertTrue(c.session().resumed());
        assertTrue(s.session().resumed());
        assertNull(c.session().namedGroup(), "no (EC)DHE group in psk_ke");
        assertNull(s.session().namedGroup());
        assertArrayEquals(REQUEST, pipe.transfer(c, s, REQUEST));
    }

    @Test
    void pskKeNeedsNoKeyShareSoNoHelloRetryRequest() throws Exception {
        TlsClientConfig cc = client().namedGroups(NamedGroup.X25519, NamedGroup.SECP256R1)
                .pskModes(PskMode.PSK_KE, PskMode.PSK_DHE_KE).build();
        TlsServerConfig sc = server().namedGroups(NamedGroup.SECP256R1)
                .pskModes(PskMode.PSK_DHE_KE, PskMode.PSK_KE).build();
        firstConnection(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        assertTrue(c.session().resumed());
        assertFalse(c.session().helloRetryRequest());
        assertNull(c.session().namedGroup());
    }

    @Test
    void pskDheKeIsPreferredWhenTheServerSaysSo() throws Exception {
        TlsClientConfig cc = client().pskModes(PskMode.PSK_KE, PskMode.PSK_DHE_KE).build();
        TlsServerConfig sc = server().pskModes(PskMode.PSK_DHE_KE, PskMode.PSK_KE).build();
        firstConnection(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        assertTrue(c.session().resumed());
        assertEquals(NamedGroup.X25519, c.session().namedGroup());
    }

    @Test
    void aServerWithoutPskKeMakesAFullHandshakeForAPskKeOnlyClient() throws Exception {
        TlsClientConfig cc = client().pskModes(PskMode.PSK_KE).build();
        TlsServerConfig sc = server().build(); // psk_dhe_ke only
        firstConnection(cc, sc);
        TlsConnection c = TlsConnection.client(cc, "server.test", 443);
        TlsConnection s = TlsConnection.server(sc);
        new MemoryPipe(c, s).handshake();
        assertFalse(c.session().resumed());
        assertFalse(s.session().resumed());
    }
}
