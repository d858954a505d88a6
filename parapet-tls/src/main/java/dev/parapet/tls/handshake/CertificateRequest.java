package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.List;

/** RFC 8446, 4.3.2: CertificateRequest. */
public record CertificateRequest(byte[] certificateRequestContext, List<Extension> extensions) {

    public static CertificateRequest decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        byte[] context = r.vector8();
        List<Extension> ext = Extension.decodeList(r, "CertificateRequest");
        r.expectEnd();
        // RFC 8446, 4.3.2: signature_algorithms MUST be present
        if (Extension.find(ext, ExtensionType.SIGNATURE_ALGORITHMS) == null) {
            throw new TlsException(dev.parapet.tls.AlertDescription.MISSING_EXTENSION,
                    "CertificateRequest lacks signature_algorithms");
        }
        return new CertificateRequest(context, ext);
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter().vector8(certificateRequestContext);
        Extension.encodeList(w, extensions);
        return HandshakeMessage.of(HandshakeType.CERTIFICATE_REQUEST, w.toByteArray());
    }
}
