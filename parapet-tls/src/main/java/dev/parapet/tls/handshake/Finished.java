package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/** RFC 8446, 4.4.4: Finished; verify_data is exactly the hash length. */
public record Finished(byte[] verifyData) {

    public static Finished decode(HandshakeMessage m, int hashLength) throws TlsException {
        if (m.body().length != hashLength) {
            throw TlsException.decodeError("Finished is " + m.body().length + " bytes, expected " + hashLength);
        }
        return new Finished(m.body().clone());
    }

    public HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.FINISHED, verifyData.clone());
    }
}
