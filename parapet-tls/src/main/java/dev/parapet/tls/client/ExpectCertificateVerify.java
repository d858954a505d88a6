package dev.parapet.tls.client;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.engine.CertificateVerifyCheck;
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
        byte[] content = Signatures.certificateVerifyContent(true, ctx.transcript.current());
        ctx.signatureScheme = CertificateVerifyCheck.check(ctx.crypto(), CertificateVerify.decode(message), serverKey,
                hs.handshakeSchemes(), content, true, "server");
        ctx.received(message);
        return new ExpectServerFinished(hs);
    }
}
