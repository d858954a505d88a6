package dev.parapet.tls.engine;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.NewSessionTicket;

/** After the handshake (RFC 8446, 4.6): KeyUpdate both ways; NewSessionTicket to clients (parsed, not used yet). */
public final class Connected implements State {
    private final Engine engine;
    private final boolean client;

    public Connected(HandshakeContext context) {
        this.engine = context.engine();
        this.client = context.isClient();
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.KEY_UPDATE || (client && type == HandshakeType.NEW_SESSION_TICKET);
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        if (message.type() == HandshakeType.KEY_UPDATE) {
            engine.receivedKeyUpdate(KeyUpdate.decode(message).updateRequested());
        } else {
            NewSessionTicket.decode(message); // checked for well-formedness; resumption is a later feature
        }
        return this;
    }

    @Override
    public boolean isConnected() {
        return true;
    }
}
