package dev.parapet.tls.engine;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.NewSessionTicket;

/** The client's handling of a NewSessionTicket after the handshake (RFC 8446, 4.6.1). */
public interface TicketReceiver {
    void received(NewSessionTicket ticket) throws TlsException;
}
