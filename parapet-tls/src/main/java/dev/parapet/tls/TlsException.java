package dev.parapet.tls;

import java.io.IOException;

/**
 * A TLS failure: the alert that was sent (or received), the handshake state it happened in, and a one-line reason a
 * person can act on. Messages never contain key material.
 */
public class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;
    private final boolean receivedFromPeer;
    private boolean truncation;
    private String state;

    public TlsException(AlertDescription alert, String message) {
        this(alert, message, false, null);
    }

    public TlsException(AlertDescription alert, String message, Throwable cause) {
        this(alert, message, false, cause);
    }

    private TlsException(AlertDescription alert, String message, boolean receivedFromPeer, Throwable cause) {
        super(message, cause);
        this.alert = alert;
        this.receivedFromPeer = receivedFromPeer;
    }

    /** An alert the peer sent us. */
    public static TlsException receivedAlert(AlertDescription alert, String message) {
        return new TlsException(alert, message, true, null);
    }

    /**
     * The transport ended without close_notify (RFC 8446, 6.1): no alert was involved, and the data read so far may
     * have been cut short by an attacker or a crash.
     */
    public static TlsException truncation(String message) {
        TlsException e = new TlsException(null, message);
        e.truncation = true;
        return e;
    }

    public boolean isTruncation() {
        return truncation;
    }

    /**
     * The alert sent to the peer, or received from it when {@link #receivedFromPeer()}; null when no alert was
     * involved (a truncated transport, or an unknown alert code from the peer).
     */
    public AlertDescription alert() {
        return alert;
    }

    public boolean receivedFromPeer() {
        return receivedFromPeer;
    }

    /** The handshake state the failure happened in, or null when not known. */
    public String state() {
        return state;
    }

    /** Records the state once; the first one set wins. */
    public TlsException inState(String stateName) {
        if (this.state == null) {
            this.state = stateName;
        }
        return this;
    }

    // Shorthands for the alerts the decoders send most.
    public static TlsException decodeError(String message) {
        return new TlsException(AlertDescription.DECODE_ERROR, message);
    }

    public static TlsException illegalParameter(String message) {
        return new TlsException(AlertDescription.ILLEGAL_PARAMETER, message);
    }

    public static TlsException unexpectedMessage(String message) {
        return new TlsException(AlertDescription.UNEXPECTED_MESSAGE, message);
    }
}
