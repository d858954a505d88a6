package dev.parapet.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.record.ContentType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The peer's fatal alert ends the connection (RFC 8446, 6.2): Parapet reports it as received, names it and the state,
 * and sends nothing back.
 */
@Timeout(10)
class HostilePeerAlertTest {
    private static final int WARNING = 1;
    private static final int FATAL = 2;

    private static byte[] alert(int level, AlertDescription a) {
        return new byte[] {(byte) level, (byte) a.code()};
    }

    /** Runs {@code action}; Parapet must report {@code alert} as received, in {@code where}, and stay silent. */
    private static TlsException expectReceived(ScriptedPeer peer, AlertDescription alert, String where,
                                               Executable action) {
        TlsException e = assertThrows(TlsException.class, action);
        assertTrue(e.receivedFromPeer(), "marked as the peer's alert");
        assertEquals(alert, e.alert());
        Refusal.assertOneLine(e.getMessage(), "");
        assertEquals("peer sent alert " + alert.rfcName() + " (" + alert.code() + ") " + where, e.getMessage());
        assertSame(e, peer.parapet.failure());
        assertTrue(peer.pull().isEmpty(), "no alert is sent in answer to a fatal alert");
        return e;
    }

    @Test
    void clientGetsPlaintextAlertInExpectServerHello() {
        ScriptedServer s = Fixtures.scriptedServer();
        expectReceived(s, AlertDescription.HANDSHAKE_FAILURE, "in state ExpectServerHello",
                () -> s.deliver(WireRecords.record(ContentType.ALERT, alert(FATAL, AlertDescription.HANDSHAKE_FAILURE))));
    }

    @Test
    void clientGetsProtectedAlertInExpectEncryptedExtensions() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        expectReceived(s, AlertDescription.INTERNAL_ERROR, "in state ExpectEncryptedExtensions",
                () -> s.deliver(s.seal(ContentType.ALERT, alert(FATAL, AlertDescription.INTERNAL_ERROR))));
    }

    /** RFC 8446, 6.2: error alerts are fatal whatever their level says. */
    @Test
    void warningLevelErrorAlertIsStillFatal() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        s.send(s.flight().subList(0, 2));
        expectReceived(s, AlertDescription.BAD_CERTIFICATE, "in state ExpectCertificateVerify",
                () -> s.deliver(s.seal(ContentType.ALERT, alert(WARNING, AlertDescription.BAD_CERTIFICATE))));
    }

    @Test
    void serverGetsAlertInExpectClientHello() {
        ScriptedClient c = Fixtures.scriptedClient();
        expectReceived(c, AlertDescription.PROTOCOL_VERSION, "in state ExpectClientHello",
                () -> c.deliver(WireRecords.record(ContentType.ALERT, alert(FATAL, AlertDescription.PROTOCOL_VERSION))));
    }

    @Test
    void serverGetsAlertInExpectClientFinished() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        expectReceived(c, AlertDescription.BAD_CERTIFICATE, "in state ExpectClientFinished",
                () -> c.deliver(c.seal(ContentType.ALERT, alert(FATAL, AlertDescription.BAD_CERTIFICATE))));
    }

    @Test
    void alertAfterTheHandshake() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.completeHandshake();
        expectReceived(c, AlertDescription.DECRYPT_ERROR, "after the handshake",
                () -> c.deliver(c.seal(ContentType.ALERT, alert(FATAL, AlertDescription.DECRYPT_ERROR))));
    }

    /** RFC 8446, 6: an alert code we do not know is still an error alert that ends the connection. */
    @Test
    void unknownAlertCode() {
        ScriptedServer s = Fixtures.scriptedServer();
        TlsException e = assertThrows(TlsException.class,
                () -> s.deliver(WireRecords.record(ContentType.ALERT, new byte[] {FATAL, (byte) 200})));
        assertTrue(e.receivedFromPeer());
        Refusal.assertOneLine(e.getMessage(), "unknown (200)");
        assertTrue(s.pull().isEmpty());
    }

    /** RFC 8446, 6.1: close_notify ends the peer's writing; reads then report end of stream. */
    @Test
    void closeNotifyAfterTheHandshake() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        s.deliver(s.seal(ContentType.ALERT, alert(WARNING, AlertDescription.CLOSE_NOTIFY)));
        assertTrue(s.parapet.isInboundDone());
        assertEquals(-1, s.parapet.read(ByteBuffer.allocate(8)));
    }
}
