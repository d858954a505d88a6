package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/**
 * RFC 5246, 7.4.1.1: HelloRequest (TLS 1.2 only), {@code struct { } HelloRequest;}. A server sends it to ask for
 * renegotiation; it is not part of the transcript (RFC 5246, 7.4.1.1; 7.4.9).
 */
public record HelloRequest() {

    public static HelloRequest decode(HandshakeMessage m) throws TlsException {
        m.reader().expectEnd();
        return new HelloRequest();
    }

    public HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.HELLO_REQUEST, new byte[0]);
    }
}
