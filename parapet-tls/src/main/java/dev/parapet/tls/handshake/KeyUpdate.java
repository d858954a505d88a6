package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/** RFC 8446, 4.6.3: KeyUpdate. */
public record KeyUpdate(boolean updateRequested) {

    public static KeyUpdate decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        int v = r.u8();
        r.expectEnd();
        if (v > 1) {
            // RFC 8446, 4.6.3: any other value is illegal_parameter
            throw TlsException.illegalParameter("KeyUpdate request_update is " + v + ", expected 0 or 1");
        }
        return new KeyUpdate(v == 1);
    }

    public HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.KEY_UPDATE, new byte[] {(byte) (updateRequested ? 1 : 0)});
    }
}
