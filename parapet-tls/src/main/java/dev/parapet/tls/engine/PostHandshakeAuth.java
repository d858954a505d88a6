package dev.parapet.tls.engine;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;

/**
 * TLS 1.3 post-handshake client authentication (RFC 8446, 4.6.2), the role-specific part: the client answers a
 * CertificateRequest; the server sends one and returns the states that take the client's answer.
 */
public interface PostHandshakeAuth {
    /** Client: answer this CertificateRequest with Certificate, CertificateVerify and Finished. */
    default void answer(HandshakeMessage certificateRequest) throws TlsException {
        throw TlsException.unexpectedMessage("CertificateRequest after the handshake, which this side cannot answer");
    }

    /** Server: sends a CertificateRequest and returns the state expecting the client's Certificate. */
    default State request(State connected) throws TlsException {
        throw new IllegalStateException("only a server asks for a client certificate");
    }
}
