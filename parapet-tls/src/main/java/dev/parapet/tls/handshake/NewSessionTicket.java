package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.List;

/** RFC 8446, 4.6.1: NewSessionTicket (lifetime, age_add, nonce, opaque ticket, extensions). */
public record NewSessionTicket(long ticketLifetime, long ticketAgeAdd, byte[] ticketNonce, byte[] ticket,
                               List<Extension> extensions) {

    public static NewSessionTicket decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        long lifetime = r.u32();
        long ageAdd = r.u32();
        byte[] nonce = r.vector8();
        byte[] ticket = r.vector16();
        if (ticket.length == 0) {
            throw TlsException.decodeError("NewSessionTicket ticket is empty");
        }
        List<Extension> ext = Extension.decodeList(r, "NewSessionTicket");
        r.expectEnd();
        // RFC 8446, 4.6.1: lifetime at most seven days
        if (lifetime > 604800) {
            throw TlsException.illegalParameter("NewSessionTicket lifetime exceeds seven days");
        }
        return new NewSessionTicket(lifetime, ageAdd, nonce, ticket, ext);
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter().u32(ticketLifetime).u32(ticketAgeAdd).vector8(ticketNonce).vector16(ticket);
        Extension.encodeList(w, extensions);
        return HandshakeMessage.of(HandshakeType.NEW_SESSION_TICKET, w.toByteArray());
    }
}
