package dev.parapet.tls.hostile;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.record.ContentType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Post-handshake messages (RFC 8446, 4.6) and what may share a record with them. */
@Timeout(10)
class HostilePostHandshakeTest {

    /** RFC 8446, 4.6.3: request_update other than 0 or 1 is illegal_parameter. */
    @Test
    void keyUpdateWithRequestTwo() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        HandshakeMessage ku = HandshakeMessage.of(HandshakeType.KEY_UPDATE, new byte[] {2});
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER, "request_update", () -> s.send(ku));
    }

    /** RFC 8446, 5.1: a KeyUpdate and a message after it in one record span a key change. */
    @Test
    void keyUpdateAndTicketInOneRecord() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "key change", () -> s.sendCoalesced(
                SampleMessages.of(HandshakeType.KEY_UPDATE), SampleMessages.of(HandshakeType.NEW_SESSION_TICKET)));
    }

    /** RFC 8446, 5.1: the client Finished and a KeyUpdate in one record span the server's key change. */
    @Test
    void clientFinishedAndKeyUpdateInOneRecord() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        Refusal.expect(c, AlertDescription.UNEXPECTED_MESSAGE, "key change",
                () -> c.sendCoalesced(c.finished(), SampleMessages.of(HandshakeType.KEY_UPDATE)));
    }

    /** RFC 8446, 4: an unknown handshake type is unexpected_message. */
    @Test
    void unknownHandshakeType() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "99",
                () -> s.deliver(s.seal(ContentType.HANDSHAKE, new byte[] {99, 0, 0, 1, 0})));
    }

    /** RFC 8446, 5.1: no record of another type between the fragments of a handshake message, alerts included. */
    @Test
    void warningAlertBetweenHandshakeFragments() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        byte[] ticket = SampleMessages.of(HandshakeType.NEW_SESSION_TICKET).encoded();
        s.deliver(s.seal(ContentType.HANDSHAKE, Arrays.copyOf(ticket, 6)));
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "alert", () -> s.deliver(
                s.seal(ContentType.ALERT, new byte[] {1, (byte) AlertDescription.USER_CANCELED.code()})));
    }
}
