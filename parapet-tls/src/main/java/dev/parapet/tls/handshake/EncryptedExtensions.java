package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.List;

/** RFC 8446, 4.3.1: EncryptedExtensions. */
public record EncryptedExtensions(List<Extension> extensions) {

    public static EncryptedExtensions decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        List<Extension> ext = Extension.decodeList(r, "EncryptedExtensions");
        r.expectEnd();
        return new EncryptedExtensions(ext);
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter();
        Extension.encodeList(w, extensions);
        return HandshakeMessage.of(HandshakeType.ENCRYPTED_EXTENSIONS, w.toByteArray());
    }

    public Extension extension(int type) {
        return Extension.find(extensions, type);
    }
}
