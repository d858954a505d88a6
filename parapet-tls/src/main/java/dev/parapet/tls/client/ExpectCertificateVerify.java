package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.security.PublicKey;

/** Waits for the server's CertificateVerify and checks it against the leaf's key (RFC 8446, 4.4.3). */
final class ExpectCertificateVerify implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;
    private final PublicKey serverKey;

    ExpectCertificateVerify(ClientHandshake hs, PublicKey serverKey) {
        this.hs = hs;
        this.ctx = hs.context;
        this.serverKey = serverKey;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        CertificateVerify cv = CertificateVerify.decode(message);
        SignatureScheme scheme = SignatureScheme.fromId(cv.algorithm());
        if (scheme == null || !hs.handshakeSchemes().contains(cv.algorithm())) {
            throw TlsException.illegalParameter(String.format(
                    "server signed with scheme 0x%04x, which we did not offer", cv.algorithm()));
        }
        if (!Signatures.keyMatches(scheme, serverKey)) {
            throw TlsException.illegalParameter("server signed with " + scheme + ", which does not fit its "
                    + serverKey.getAlgorithm() + " certificate key");
        }
        byte[] content = Signatures.certificateVerifyContent(true, ctx.transcript.current());
        if (!Signatures.verify(scheme, serverKey, content, cv.signature())) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR,
                    "server CertificateVerify signature (" + scheme + ") does not verify");
        }
        ctx.signatureScheme = scheme;
        ctx.received(message);
        return new ExpectServerFinished(hs);
    }
}
