package dev.parapet.tls.client;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.engine.Tls12ExpectChangeCipherSpec;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.Tls12NewSessionTicket;

/**
 * TLS 1.2 (RFC 5077, 3.3): a server that answered session_ticket sends a NewSessionTicket (possibly empty) before
 * its ChangeCipherSpec, in a full or an abbreviated handshake; it enters the transcript.
 */
final class Tls12ExpectNewSessionTicket implements State {
    private final ClientHandshake hs;
    private final Tls12Keys keys;

    Tls12ExpectNewSessionTicket(ClientHandshake hs, Tls12Keys keys) {
        this.hs = hs;
        this.keys = keys;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.NEW_SESSION_TICKET;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        hs.ticket12 = Tls12NewSessionTicket.decode(message);
        hs.context.received(message);
        return new Tls12ExpectChangeCipherSpec(hs.context, keys);
    }
}
