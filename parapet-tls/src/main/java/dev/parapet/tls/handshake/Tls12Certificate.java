package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5246, 7.4.2: the TLS 1.2 Certificate, a bare chain of DER certificates (sender's first) without the TLS 1.3
 * request context and per-entry extensions. It shares the type code with {@link CertificateMessage}; the negotiated
 * version decides which codec applies.
 * <pre>
 * opaque ASN.1Cert&lt;1..2^24-1&gt;;
 * struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
 * </pre>
 */
public record Tls12Certificate(List<byte[]> certificates) {

    public static Tls12Certificate decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        TlsReader list = r.sub(3);
        r.expectEnd();
        List<byte[]> out = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] cert = list.vector24();
            if (cert.length == 0) {
                throw TlsException.decodeError("Certificate has an empty ASN.1Cert");
            }
            out.add(cert);
        }
        return new Tls12Certificate(List.copyOf(out));
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(3);
        certificates.forEach(w::vector24);
        w.endLength(m);
        return HandshakeMessage.of(HandshakeType.CERTIFICATE, w.toByteArray());
    }
}
