package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5246, 7.4.4: the TLS 1.2 CertificateRequest. It shares the type code with {@link CertificateRequest}; the
 * negotiated version decides which codec applies. Signature algorithms are kept as SignatureScheme wire values.
 * <pre>
 * struct {
 *     ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
 *     SignatureAndHashAlgorithm supported_signature_algorithms&lt;2..2^16-2&gt;;
 *     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;   -- opaque DistinguishedName&lt;1..2^16-1&gt;
 * } CertificateRequest;
 * </pre>
 */
public record Tls12CertificateRequest(List<Integer> certificateTypes, List<Integer> signatureAlgorithms,
                                      List<byte[]> certificateAuthorities) {

    /** RFC 5246, 7.4.4: ClientCertificateType rsa_sign. */
    public static final int RSA_SIGN = 1;
    /** RFC 8422, 5.5: ClientCertificateType ecdsa_sign. */
    public static final int ECDSA_SIGN = 64;

    public static Tls12CertificateRequest decode(HandshakeMessage m) throws TlsException {
        TlsReader r = m.reader();
        TlsReader types = r.sub(1);
        if (!types.hasRemaining()) {
            throw TlsException.decodeError("CertificateRequest certificate_types is empty");
        }
        List<Integer> typeList = new ArrayList<>();
        while (types.hasRemaining()) {
            typeList.add(types.u8());
        }
        TlsReader algs = r.sub(2);
        if (algs.remaining() < 2 || algs.remaining() % 2 != 0) {
            throw TlsException.decodeError("CertificateRequest supported_signature_algorithms has a bad length");
        }
        List<Integer> algList = new ArrayList<>();
        while (algs.hasRemaining()) {
            algList.add(algs.u16());
        }
        TlsReader cas = r.sub(2);
        r.expectEnd();
        List<byte[]> caList = new ArrayList<>();
        while (cas.hasRemaining()) {
            byte[] dn = cas.vector16();
            if (dn.length == 0) {
                throw TlsException.decodeError("CertificateRequest has an empty DistinguishedName");
            }
            caList.add(dn);
        }
        return new Tls12CertificateRequest(List.copyOf(typeList), List.copyOf(algList), List.copyOf(caList));
    }

    public HandshakeMessage encode() {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(1);
        certificateTypes.forEach(w::u8);
        w.endLength(m);
        m = w.beginLength(2);
        signatureAlgorithms.forEach(w::u16);
        w.endLength(m);
        m = w.beginLength(2);
        certificateAuthorities.forEach(w::vector16);
        w.endLength(m);
        return HandshakeMessage.of(HandshakeType.CERTIFICATE_REQUEST, w.toByteArray());
    }
}
