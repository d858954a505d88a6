package dev.parapet.tls.engine;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.NewSessionTicket;

/**
 * After the handshake. TLS 1.3 (RFC 8446, 4.6): KeyUpdate both ways; NewSessionTicket to clients (kept in the
 * session cache); a CertificateRequest to a client that offered post_handshake_auth. TLS 1.2: renegotiation is refused with a no_renegotiation warning, to a HelloRequest (RFC 5246, 7.4.1.1)
 * and to a renegotiating ClientHello (RFC 5746, 4.4).
 */
public final class Connected implements State {
    private final Engine engine;
    private final HandshakeContext ctx;
    private final boolean client;
    private final boolean tls13;

    public Connected(HandshakeContext context) {
        this.engine = context.engine();
        this.ctx = context;
        this.client = context.isClient();
        this.tls13 = context.version == ProtocolVersion.TLS13;
    }

    @Override
    public boolean expects(HandshakeType type) {
        if (!tls13) {
            return type == (client ? HandshakeType.HELLO_REQUEST : HandshakeType.CLIENT_HELLO);
        }
        return type == HandshakeType.KEY_UPDATE || (client && type == HandshakeType.NEW_SESSION_TICKET)
                || (client && type == HandshakeType.CERTIFICATE_REQUEST && ctx.postHandshakeAuthOffered);
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        switch (message.type()) {
            case KEY_UPDATE -> engine.receivedKeyUpdate(KeyUpdate.decode(message).updateRequested());
            case NEW_SESSION_TICKET -> receivedTicket(NewSessionTicket.decode(message));
            case CERTIFICATE_REQUEST -> ctx.postHandshakeAuth.answer(message); // RFC 8446, 4.6.2
            default -> refuseRenegotiation(message);
        }
        return this;
    }

    /** RFC 8446, 4.6.1: kept for resumption when the client handshake wants tickets. */
    private void receivedTicket(NewSessionTicket ticket) throws TlsException {
        if (ctx.ticketReceiver != null) {
            ctx.ticketReceiver.received(ticket);
        }
    }

    private void refuseRenegotiation(HandshakeMessage message) throws TlsException {
        if (message.type() == HandshakeType.HELLO_REQUEST && message.body().length != 0) {
            throw TlsException.decodeError("HelloRequest is not empty");
        }
        ctx.sendWarning(AlertDescription.NO_RENEGOTIATION);
    }

    @Override
    public boolean isConnected() {
        return true;
    }
}
