package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8446, 4.1.2: ClientHello. Cipher suites are kept as wire values so that unknown ones survive decoding.
 */
public record ClientHello(int legacyVersion, byte[] random, byte[] legacySessionId, List<Integer> cipherSuites,
                          byte[] legacyCompressionMethods, List<Extension> extensions) {

    public static ClientHello decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw TlsException.illegalParameter("ClientHello legacy_session_id is longer than 32 bytes");
        }
        TlsReader suites = r.sub(2);
        if (suites.remaining() < 2 || suites.remaining() % 2 != 0) {
            throw TlsException.decodeError("ClientHello cipher_suites has a bad length");
        }
        List<Integer> suiteList = new ArrayList<>();
        while (suites.hasRemaining()) {
            suiteList.add(suites.u16());
        }
        byte[] compression = r.vector8();
        if (compression.length == 0) {
            throw TlsException.decodeError("ClientHello legacy_compression_methods is empty");
        }
        // RFC 8446, 4.1.2: a ClientHello may omit extensions only in pre-TLS 1.3 versions
        List<Extension> extensions = r.hasRemaining() ? Extension.decodeList(r, "ClientHello") : List.of();
        r.expectEnd();
        return new ClientHello(version, random, sessionId, List.copyOf(suiteList), compression, extensions);
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter().u16(legacyVersion).bytes(random).vector8(legacySessionId);
        int m = w.beginLength(2);
        cipherSuites.forEach(w::u16);
        w.endLength(m).vector8(legacyCompressionMethods);
        Extension.encodeList(w, extensions);
        return HandshakeMessage.of(HandshakeType.CLIENT_HELLO, w.toByteArray());
    }

    public Extension extension(int type) {
        return Extension.find(extensions, type);
    }
}
