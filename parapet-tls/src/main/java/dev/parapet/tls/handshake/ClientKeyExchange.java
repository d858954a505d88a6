package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/**
 * RFC 5246, 7.4.7: ClientKeyExchange (TLS 1.2 only). Its form depends on the negotiated key exchange, so the caller
 * picks the codec:
 * <ul>
 *   <li>ECDHE (RFC 8422, 5.7): {@code opaque point <1..2^8-1>}, the client's ephemeral public key;</li>
 *   <li>RSA (RFC 5246, 7.4.7.1): {@code opaque EncryptedPreMasterSecret<0..2^16-1>} (a non-empty one here).</li>
 * </ul>
 * Only the framing is checked here; for RSA, the decryption and every check of its result belong to the key
 * exchange, which must not tell failures apart (RFC 5246, 7.4.7.1).
 */
public record ClientKeyExchange(byte[] exchangeKeys) {

    public static ClientKeyExchange decodeEcdhe(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        byte[] point = r.vector8();
        r.expectEnd();
        if (point.length == 0) {
            throw TlsException.decodeError("ClientKeyExchange public point is empty");
        }
        return new ClientKeyExchange(point);
    }

    public static ClientKeyExchange decodeRsa(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        byte[] encrypted = r.vector16();
        r.expectEnd();
        if (encrypted.length == 0) {
            throw TlsException.decodeError("ClientKeyExchange EncryptedPreMasterSecret is empty");
        }
        return new ClientKeyExchange(encrypted);
    }

    public HandshakeMessage encodeEcdhe() {
        return HandshakeMessage.of(HandshakeType.CLIENT_KEY_EXCHANGE, new TlsWriter().vector8(exchangeKeys)
                .toByteArray());
    }

    public HandshakeMessage encodeRsa() {
        return HandshakeMessage.of(HandshakeType.CLIENT_KEY_EXCHANGE, new TlsWriter().vector16(exchangeKeys)
                .toByteArray());
    }
}
