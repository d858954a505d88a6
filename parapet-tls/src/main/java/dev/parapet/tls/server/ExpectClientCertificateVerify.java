package dev.parapet.tls.server;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.engine.CertificateVerifyCheck;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.security.PublicKey;

/** Mutual TLS 1.3: the client's CertificateVerify (RFC 8446, 4.4.3), over the transcript through its Certificate. */
final class ExpectClientCertificateVerify implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final PublicKey clientKey;
    private final ExpectClientFinished finished;

    ExpectClientCertificateVerify(HandshakeContext ctx, TlsServerConfig config, PublicKey clientKey,
                                  ExpectClientFinished finished) {
        this.ctx = ctx;
        this.config = config;
        this.clientKey = clientKey;
        this.finished = finished;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        byte[] content = Signatures.certificateVerifyContent(false, ctx.transcript.current());
        CertificateVerifyCheck.check(ctx.crypto(), CertificateVerify.decode(message), clientKey,
                ClientCertificateRequest.schemes(config, true), content, true, "client");
        ctx.received(message);
        return finished;
    }
}
