package dev.parapet.tls.hostile;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.util.Locale;
import org.junit.jupiter.api.function.Executable;

/**
 * What every hostile test checks when Parapet refuses: the exception carries the RFC's alert and one readable line
 * naming the problem, the connection remembers it, and the same alert is on the wire as a fatal alert.
 */
final class Refusal {
    private Refusal() {
    }

    /** Runs {@code action}, which must make Parapet refuse with {@code alert}; {@code mention} must be in the text. */
    static TlsException expect(ScriptedPeer peer, AlertDescription alert, String mention, Executable action) {
        TlsException e = assertThrows(TlsException.class, action, "Parapet accepted it; expected " + alert);
        assertEquals(alert, e.alert(), "wrong alert; message: " + e.getMessage());
        assertFalse(e.receivedFromPeer(), "the alert is ours, not the peer's");
        assertOneLine(e.getMessage(), mention);
        assertSame(e, peer.parapet.failure(), "the connection remembers its failure");
        assertEquals(alert, peer.sentAlert(), "the alert Parapet put on the wire");
        return e;
    }

    static void assertOneLine(String message, String mention) {
        assertTrue(message != null && !message.isBlank(), "empty message");
        assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
        assertTrue(message.toLowerCase(Locale.ROOT).contains(mention.toLowerCase(Locale.ROOT)),
                "message should mention '" + mention + "': " + message);
    }
}
