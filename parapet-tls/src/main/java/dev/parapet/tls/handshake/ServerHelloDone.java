package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/** RFC 5246, 7.4.5: ServerHelloDone (TLS 1.2 only), {@code struct { } ServerHelloDone;}. */
public record ServerHelloDone() {

    public static ServerHelloDone decode(HandshakeMessage m) throws TlsException {
        m.reader().expectEnd();
        return new ServerHelloDone();
    }

    public HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.SERVER_HELLO_DONE, new byte[0]);
    }
}
