package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/** RFC 8446, 4.5: EndOfEarlyData, an empty message that ends the client's 0-RTT data. */
public final class EndOfEarlyData {
    private EndOfEarlyData() {
    }

    public static HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.END_OF_EARLY_DATA, new byte[0]);
    }

    public static void decode(HandshakeMessage m) throws TlsException {
        if (m.body().length != 0) {
            throw TlsException.decodeError("EndOfEarlyData of " + m.body().length + " bytes, expected none");
        }
    }
}
