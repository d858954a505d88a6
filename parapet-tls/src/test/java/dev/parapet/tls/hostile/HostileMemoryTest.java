package dev.parapet.tls.hostile;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.record.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that never stops sending must not make Parapet hold more and more: every record is consumed, nothing
 * piles up to read, and (unless answering is due) nothing piles up to send.
 */
@Timeout(10)
class HostileMemoryTest {
    private static final int FLOOD = 10_000;

    private static ScriptedServer connected() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        return s;
    }

    /**
     * Connected, with the post-handshake message and KeyUpdate counts lifted (LimitsTest checks them), so that a
     * long flood shows what each message costs to hold.
     */
    private static ScriptedServer connectedWithoutCounts() throws Exception {
        dev.parapet.tls.Limits unbounded = dev.parapet.tls.Limits.builder().maxPostHandshakeMessages(Integer.MAX_VALUE)
                .maxKeyUpdates(Integer.MAX_VALUE).build();
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig().limits(unbounded).build(), Fixtures.NAME,
                Fixtures.LEAF);
        s.completeHandshake();
        return s;
    }

    /** Feeds {@code FLOOD} records in batches; returns the most output Parapet queued (never drained here). */
    private static int flood(ScriptedServer s, Supplier<byte[]> record) throws Exception {
        for (int sent = 0; sent < FLOOD; sent += 500) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                batch.writeBytes(record.get());
            }
            s.deliver(batch.toByteArray());
            assertEquals(0, s.unconsumed(), "every record is consumed");
            assertEquals(0, s.parapet.available());
        }
        assertNull(s.parapet.failure());
        ByteBuffer out = ByteBuffer.allocate(8 << 20);
        return s.parapet.sendToNetwork(out);
    }

    /**
     * RFC 8446, 5.4: zero-length application data is legal, and a few cost nothing to hold; an endless run of them
     * only burns CPU, so after 32 in a row (OpenSSL's limit too) the connection ends with unexpected_message.
     */
    @Test
    void emptyApplicationDataRecords() throws Exception {
        ScriptedServer s = connected();
        s.deliver(repeat(() -> s.seal(ContentType.APPLICATION_DATA, new byte[0]), 32));
        assertNull(s.parapet.failure(), "32 empty records in a row are still fine");
        assertEquals(0, s.applicationData().length);
        s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {7}));
        assertEquals(1, s.applicationData().length, "data resets the count");
        refusesAFlood(s, () -> s.seal(ContentType.APPLICATION_DATA, new byte[0]));
    }

    /** RFC 8446, 6.1: user_canceled at warning level is not fatal, but an endless run of them is refused too. */
    @Test
    void warningUserCanceledAlerts() throws Exception {
        ScriptedServer s = connected();
        byte[] alert = {1, (byte) AlertDescription.USER_CANCELED.code()};
        refusesAFlood(s, () -> s.seal(ContentType.ALERT, alert));
        assertTrue(s.parapet.isInboundDone());
    }

    private static byte[] repeat(Supplier<byte[]> record, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.writeBytes(record.get());
        }
        return out.toByteArray();
    }

    private static void refusesAFlood(ScriptedServer s, Supplier<byte[]> record) {
        byte[] flood = repeat(record, FLOOD);
        assertThrows(dev.parapet.tls.TlsException.class, () -> s.deliver(flood));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, s.parapet.failure().alert());
        assertTrue(s.parapet.failure().getMessage().contains("in a row"), s.parapet.failure().getMessage());
        assertTrue(s.parapet.sendToNetwork(ByteBuffer.allocate(1 << 16)) < 64, "only the alert is queued");
    }

    /** RFC 8446, 4.6.1: tickets Parapet does not use are parsed and dropped. */
    @Test
    void newSessionTickets() throws Exception {
        ScriptedServer s = connectedWithoutCounts();
        HandshakeMessage ticket = SampleMessages.of(HandshakeType.NEW_SESSION_TICKET);
        assertEquals(0, flood(s, () -> s.seal(ContentType.HANDSHAKE, ticket.encoded())));
    }

    /** RFC 8446, 4.6.3: KeyUpdates without a request need no answer. */
    @Test
    void keyUpdatesNotRequested() throws Exception {
        ScriptedServer s = connectedWithoutCounts();
        assertEquals(0, flood(s, () -> s.keyUpdate(false)));
        s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {9}));
        assertEquals(1, s.applicationData().length, "still in step with the peer's keys");
    }

    /**
     * RFC 8446, 4.6.3: update_requested asks for one KeyUpdate "prior to sending its next Application Data record";
     * answers to requests that arrive before we send anything can be one answer. Queuing one per request lets a
     * peer that does not read grow our output buffer without bound.
     */
    @Test
    void keyUpdatesRequestedWhileWeCannotSend() throws Exception {
        ScriptedServer s = connectedWithoutCounts();
        int queued = flood(s, () -> s.keyUpdate(true));
        assertTrue(queued < 4096, queued + " bytes of KeyUpdate answers queued for " + FLOOD + " requests");
    }
}
