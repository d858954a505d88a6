package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/** RFC 8446, 4.4.3: CertificateVerify. */
public record CertificateVerify(int algorithm, byte[] signature) {

    public static CertificateVerify decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        int alg = r.u16();
        byte[] sig = r.vector16();
        r.expectEnd();
        if (sig.length == 0) {
            throw TlsException.decodeError("CertificateVerify signature is empty");
        }
        return new CertificateVerify(alg, sig);
    }

    public HandshakeMessage encode() {
        return HandshakeMessage.of(HandshakeType.CERTIFICATE_VERIFY,
                new TlsWriter().u16(algorithm).vector16(signature).toByteArray());
    }
}
