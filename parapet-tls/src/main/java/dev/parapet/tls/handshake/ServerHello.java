package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** RFC 8446, 4.1.3: ServerHello, and HelloRetryRequest, which is a ServerHello with a special random. */
public record ServerHello(int legacyVersion, byte[] random, byte[] legacySessionIdEcho, int cipherSuite,
                          int legacyCompressionMethod, List<Extension> extensions) {

    /** RFC 8446, 4.1.3: SHA-256("HelloRetryRequest"). */
    public static final byte[] HELLO_RETRY_REQUEST_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    /** RFC 8446, 4.1.3: downgrade sentinels in the last 8 bytes of ServerHello.random. */
    public static final byte[] DOWNGRADE_TLS12 = HexFormat.of().parseHex("444f574e47524401");
    public static final byte[] DOWNGRADE_TLS11 = HexFormat.of().parseHex("444f574e47524400");

    public static ServerHello decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw TlsException.illegalParameter("ServerHello legacy_session_id_echo is longer than 32 bytes");
        }
        int suite = r.u16();
        int compression = r.u8();
        List<Extension> extensions = r.hasRemaining() ? Extension.decodeList(r, "ServerHello") : List.of();
        r.expectEnd();
        return new ServerHello(version, random, sessionId, suite, compression, extensions);
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter().u16(legacyVersion).bytes(random).vector8(legacySessionIdEcho)
                .u16(cipherSuite).u8(legacyCompressionMethod);
        Extension.encodeList(w, extensions);
        return HandshakeMessage.of(HandshakeType.SERVER_HELLO, w.toByteArray());
    }

    public boolean isHelloRetryRequest() {
        return MessageDigest.isEqual(random, HELLO_RETRY_REQUEST_RANDOM);
    }

    public Extension extension(int type) {
        return Extension.find(extensions, type);
    }
}
