package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/**
 * RFC 5077, 3.3: the TLS 1.2 NewSessionTicket, sent by the server before its ChangeCipherSpec: a lifetime hint in
 * seconds (0: unspecified) and the opaque ticket (empty: the server issues none after all).
 */
public record Tls12NewSessionTicket(long lifetimeHint, byte[] ticket) {
    public static Tls12NewSessionTicket decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        long hint = r.u32();
        byte[] ticket = r.vector16();
        r.expectEnd();
        return new Tls12NewSessionTicket(hint, ticket);
    }

    public HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.NEW_SESSION_TICKET,
                new TlsWriter().u32(lifetimeHint).vector16(ticket).toByteArray());
    }
}
