package dev.parapet.tls.handshake;

import dev.parapet.tls.Limits;
import dev.parapet.tls.TlsException;
import java.util.ArrayList;
import java.util.List;

/** RFC 8446, 4.4.2: Certificate, with X.509 entries (cert_data is DER). */
public record CertificateMessage(byte[] certificateRequestContext, List<Entry> entries) {

    /** One CertificateEntry: the DER certificate and its extensions. */
    public record Entry(byte[] certData, List<Extension> extensions) {
    }

    public static CertificateMessage decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        byte[] context = r.vector8();
        TlsReader list = r.sub(3);
        r.expectEnd();
        List<Entry> entries = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] cert = list.vector24();
            if (cert.length == 0) {
                throw TlsException.decodeError("Certificate has an empty cert_data");
            }
            entries.add(new Entry(cert, Extension.decodeList(list, "CertificateEntry")));
        }
        return new CertificateMessage(context, List.copyOf(entries));
    }

    /** Applies {@link Limits#maxCertificateChainLength()} and, per entry, {@link Limits#maxExtensions()}. */
    public void checkLimits(Limits limits) throws TlsException {
        limits.checkCertificateChain(entries.size());
        for (Entry e : entries) {
            limits.checkExtensions(e.extensions(), "CertificateEntry");
        }
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter().vector8(certificateRequestContext);
        int m = w.beginLength(3);
        for (Entry e : entries) {
            w.vector24(e.certData());
            Extension.encodeList(w, e.extensions());
        }
        w.endLength(m);
        return HandshakeMessage.of(HandshakeType.CERTIFICATE, w.toByteArray());
    }
}
