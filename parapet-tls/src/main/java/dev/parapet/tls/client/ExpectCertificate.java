package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateRequest;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Waits for the server's Certificate, or a CertificateRequest before it (RFC 8446, 4.3.2 and 4.4.2). */
final class ExpectCertificate implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;

    ExpectCertificate(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CERTIFICATE
                || (type == HandshakeType.CERTIFICATE_REQUEST && hs.certificateRequestContext == null);
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        if (message.type() == HandshakeType.CERTIFICATE_REQUEST) {
            CertificateRequest cr = CertificateRequest.decode(message);
            if (cr.certificateRequestContext().length != 0) {
                // RFC 8446, 4.3.2: empty during the main handshake
                throw TlsException.illegalParameter("CertificateRequest context is not empty in the handshake");
            }
            hs.certificateRequestContext = cr.certificateRequestContext();
            hs.certificateRequestSchemes = Extensions.decodeU16List(
                    cr.extensions().stream().filter(e -> e.type() == ExtensionType.SIGNATURE_ALGORITHMS)
                            .findFirst().orElseThrow());
            Extension cas = Extension.find(cr.extensions(), ExtensionType.CERTIFICATE_AUTHORITIES);
            hs.certificateRequestAuthorities = cas == null ? List.of() : Extensions.decodeCertificateAuthorities(cas);
            ctx.received(message);
            return this;
        }
        CertificateMessage cm = CertificateMessage.decode(message);
        cm.checkLimits(ctx.limits());
        if (cm.certificateRequestContext().length != 0) {
            throw TlsException.illegalParameter("server Certificate has a non-empty request context");
        }
        if (cm.entries().isEmpty()) {
            // RFC 8446, 4.4.2.4: a server must send a certificate
            throw TlsException.decodeError("server sent an empty Certificate");
        }
        List<X509Certificate> chain = parse(cm.entries().stream().map(CertificateMessage.Entry::certData).toList(),
                ctx);
        hs.config.certificateVerifier().verify(chain, hs.verifyName);
        ctx.peerCertificates = chain;
        ctx.received(message);
        return new ExpectCertificateVerify(hs, chain.get(0).getPublicKey());
    }

    /** DER certificates as the peer sent them, leaf first; one that does not parse is bad_certificate. */
    static List<X509Certificate> parse(List<byte[]> certificates, HandshakeContext ctx) throws TlsException {
        ctx.limits().checkCertificateChain(certificates.size());
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : certificates) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE,
                    "certificate " + (chain.size() + 1) + " of the chain does not parse: " + e.getMessage());
        }
        return chain;
    }
}
