package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/**
 * RFC 8422, 5.4: ServerKeyExchange for the ECDHE key exchanges (TLS 1.2 only), with a TLS 1.2 digitally-signed
 * struct (RFC 5246, 4.7: SignatureAndHashAlgorithm, read as a SignatureScheme, then the signature).
 * <pre>
 * struct { ECCurveType curve_type; NamedCurve namedcurve; } ECParameters;   -- curve_type named_curve(3) only
 * struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;  -- opaque point &lt;1..2^8-1&gt;
 * struct { ServerECDHParams params; digitally-signed Signature signed_params; } ServerKeyExchange;
 * </pre>
 */
public record ServerKeyExchange(int namedGroup, byte[] publicKey, int signatureScheme, byte[] signature) {

    /** RFC 8422, 5.4: ECCurveType named_curve; explicit_prime(1) and explicit_char2(2) are deprecated. */
    public static final int NAMED_CURVE = 3;

    public static ServerKeyExchange decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        int curveType = r.u8();
        if (curveType != NAMED_CURVE) {
            // RFC 8422, 5.4 and 5.1.1: only named curves may be used
            throw TlsException.illegalParameter("ServerKeyExchange curve_type is " + curveType
                    + ": explicit curves are not supported");
        }
        int group = r.u16();
        byte[] point = r.vector8();
        if (point.length == 0) {
            throw TlsException.decodeError("ServerKeyExchange public point is empty");
        }
        int scheme = r.u16();
        byte[] signature = r.vector16();
        r.expectEnd();
        return new ServerKeyExchange(group, point, scheme, signature);
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter().bytes(params()).u16(signatureScheme).vector16(signature);
        return HandshakeMessage.of(HandshakeType.SERVER_KEY_EXCHANGE, w.toByteArray());
    }

    /** The encoded ServerECDHParams, which the signature covers (see {@link #signedContent}). */
    public byte[] params() {
        return new TlsWriter().u8(NAMED_CURVE).u16(namedGroup).vector8(publicKey).toByteArray();
    }

    /**
     * RFC 8422, 5.4 (RFC 5246, 7.4.3): what signed_params signs, {@code client_random || server_random || params}.
     */
    public static byte[] signedContent(byte[] clientRandom, byte[] serverRandom, byte[] params) {
        if (clientRandom.length != 32 || serverRandom.length != 32) {
            throw new IllegalArgumentException("randoms must be 32 bytes");
        }
        return new TlsWriter().bytes(clientRandom).bytes(serverRandom).bytes(params).toByteArray();
    }
}
