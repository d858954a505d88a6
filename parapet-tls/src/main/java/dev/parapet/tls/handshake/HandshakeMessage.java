package dev.parapet.tls.handshake;

/**
 * One reassembled handshake message: its type and body. {@link #encoded()} is the full message with its 4-byte
 * header, as it goes into the transcript hash.
 */
public record HandshakeMessage(HandshakeType type, byte[] body) {

    /** Type (1 byte) and length (3 bytes), then the body (RFC 8446, 4). */
    public byte[] encoded() {
        return new TlsWriter().u8(type.code()).vector24(body).toByteArray();
    }

    public static HandshakeMessage of(HandshakeType type, byte[] body) {
        return new HandshakeMessage(type, body);
    }

    /** A reader over the body that names the message in its errors. */
    public TlsReader reader() {
        return new TlsReader(body, type.rfcName());
    }
}
