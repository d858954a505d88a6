package dev.parapet.tls;

/**
 * Sees a connection's handshake as it happens: each message sent and received, key-schedule milestones (never the
 * secrets), the negotiated parameters and alerts. All methods default to doing nothing. Called on the thread that
 * drives the connection.
 */
public interface TlsListener {
    /**
     * A handshake message we sent ({@code sent}) or received.
     *
     * @param type    the RFC name, e.g. {@code ClientHello}
     * @param length  the encoded length of the message body in bytes
     * @param details key fields in a short human-readable form, e.g. {@code cipher_suites=[...] groups=[...]}
     */
    default void handshakeMessage(boolean sent, String type, int length, String details) {
    }

    /**
     * The version and cipher suite are settled (the ServerHello was sent or received); called once per handshake,
     * before the peer's certificate is checked.
     */
    default void negotiated(ProtocolVersion version, dev.parapet.tls.crypto.CipherSuite suite) {
    }

    /** A key-schedule milestone, e.g. "handshake traffic keys installed"; never carries secrets. */
    default void keyScheduleEvent(String milestone) {
    }

    /** The handshake completed with these parameters. */
    default void handshakeComplete(TlsSession session) {
    }

    /** An alert we sent ({@code sent}) or received. */
    default void alert(boolean sent, AlertDescription alert) {
    }

    /** Does nothing. */
    TlsListener NONE = new TlsListener() {
    };
}
