package dev.parapet.tls.engine;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;

/**
 * TLS 1.2 resumption as one side does it (RFC 5246, 7.4.1.2; RFC 5077): set on the {@link HandshakeContext} by the
 * role's handshake, called by the shared ChangeCipherSpec/Finished states and by the engine on failure.
 */
public interface Tls12SessionHooks {
    /** Server: the NewSessionTicket that goes right before our ChangeCipherSpec (RFC 5077, 3.3), or null. */
    default HandshakeMessage ticketBeforeChangeCipherSpec(Tls12Keys keys) throws TlsException {
        return null;
    }

    /** Both Finished messages checked out: keep the session for later resumption. */
    void completed(Tls12Keys keys);

    /** A fatal alert ended the connection: the session must not be resumed (RFC 5246, 7.2.2). */
    void failed();
}
