package dev.parapet.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.record.ContentType;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.Tls12Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scripted TLS 1.2 server answering a Parapet client that offers a cached session (RFC 5246, 7.4.1.2 and 7.3;
 * RFC 5077; RFC 7627, 5.3): every way to resume wrongly is refused with the RFC's alert, and the session is then
 * forgotten.
 */
class HostileTls12ResumptionTest {
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    /** A TLS 1.2 client whose cache holds a session for the scripted server, by ID or by ticket. */
    private static ScriptedServer offering(SessionCache cache, boolean ticket) {
        cache.putTls12(Fixtures.NAME, new Tls12Session(ticket ? new byte[0] : new byte[32],
                ticket ? new byte[] {1, 2, 3} : null, new byte[48], SUITE, Fixtures.NAME, List.of(Fixtures.LEAF.leaf()),
                false, System.currentTimeMillis(), 3600));
        TlsClientConfig config = Fixtures.clientConfig().versions(ProtocolVersion.TLS12)
                .cipherSuites(SUITE, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384).sessionCache(cache).build();
        return ScriptedServer.start(config, Fixtures.NAME, Fixtures.LEAF);
    }

    private static List<Extension> tls12Answers(boolean ems, boolean ticket) {
        List<Extension> ext = new ArrayList<>(List.of(Extensions.renegotiationInfo(new byte[0])));
        if (ems) {
            ext.add(Extensions.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        }
        if (ticket) {
            ext.add(Extensions.empty(ExtensionType.SESSION_TICKET));
        }
        return ext;
    }

    @Test
    void theClientOffersItsSessionIdAndTicket() {
        SessionCache cache = SessionCache.inMemory();
        ScriptedServer byId = offering(cache, false);
        assertArrayEquals(new byte[32], byId.hello.legacySessionId());
        assertArrayEquals(new byte[0], byId.hello.extension(ExtensionType.SESSION_TICKET).data());
        ScriptedServer byTicket = offering(SessionCache.inMemory(), true);
        assertArrayEquals(new byte[] {1, 2, 3}, byTicket.hello.extension(ExtensionType.SESSION_TICKET).data());
    }

    /** RFC 5246, 7.4.1.3: a resumed session keeps its cipher suite. */
    @Test
    void resumingWithAnotherSuite() {
        SessionCache cache = SessionCache.inMemory();
        ScriptedServer s = offering(cache, false);
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER, "resumed", () -> s.deliverHello(s.serverHello(
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384.id(), s.hello.legacySessionId(),
                tls12Answers(true, false))));
        assertNull(cache.getTls12(Fixtures.NAME, System.currentTimeMillis()), "the session is forgotten");
    }

    /** RFC 7627, 5.3: a session with the extended master secret does not resume without it. */
    @Test
    void resumingWithoutExtendedMasterSecret() {
        SessionCache cache = SessionCache.inMemory();
        ScriptedServer s = offering(cache, true);
        Refusal.expect(s, AlertDescription.HANDSHAKE_FAILURE, "extended", () -> s.deliverHello(s.serverHello(
                SUITE.id(), s.hello.legacySessionId(), tls12Answers(false, false))));
        assertNull(cache.getTls12(Fixtures.NAME, System.currentTimeMillis()));
    }

    /** RFC 5077, 3.2: session_ticket in a ServerHello is empty. */
    @Test
    void aNonEmptySessionTicketAnswer() {
        ScriptedServer s = offering(SessionCache.inMemory(), true);
        List<Extension> ext = tls12Answers(true, false);
        ext.add(new Extension(ExtensionType.SESSION_TICKET, new byte[] {0}));
        Refusal.expect(s, AlertDescription.DECODE_ERROR, "session_ticket", () -> s.deliverHello(s.serverHello(
                SUITE.id(), s.hello.legacySessionId(), ext)));
    }

    /** RFC 5077, 3.3: a promised NewSessionTicket that does not parse is decode_error. */
    @Test
    void aTruncatedNewSessionTicket() throws Exception {
        ScriptedServer s = offering(SessionCache.inMemory(), true);
        s.deliverHello(s.serverHello(SUITE.id(), s.hello.legacySessionId(), tls12Answers(true, true)));
        HandshakeMessage bad = HandshakeMessage.of(HandshakeType.NEW_SESSION_TICKET, new byte[] {0, 0, 1, 0, 0, 9});
        Refusal.expect(s, AlertDescription.DECODE_ERROR, "", () -> s.deliver(
                WireRecords.record(ContentType.HANDSHAKE, bad.encoded())));
    }

    /** RFC 5077, 3.3: after promising a ticket the server must send NewSessionTicket before ChangeCipherSpec. */
    @Test
    void aPromisedTicketThatNeverComes() {
        ScriptedServer s = offering(SessionCache.inMemory(), true);
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "", () -> {
            s.deliverHello(s.serverHello(SUITE.id(), s.hello.legacySessionId(), tls12Answers(true, true)));
            s.deliver(WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1}));
        });
    }

    /** An abbreviated handshake's server Finished made with another master secret: decrypt_error, session gone. */
    @Test
    void aServerThatDoesNotKnowTheMasterSecret() {
        SessionCache cache = SessionCache.inMemory();
        ScriptedServer s = offering(cache, false);
        Refusal.expect(s, AlertDescription.BAD_RECORD_MAC, "", () -> {
            s.deliverHello(s.serverHello(SUITE.id(), s.hello.legacySessionId(), tls12Answers(true, false)));
            s.deliver(WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1}));
            byte[] junk = new byte[40]; // an encrypted Finished under keys the client does not share
            s.deliver(WireRecords.record(ContentType.HANDSHAKE, junk));
        });
        assertNull(cache.getTls12(Fixtures.NAME, System.currentTimeMillis()));
    }
}
