package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.security.cert.X509Certificate;
import java.util.List;

/** Mutual TLS 1.3: the client's Certificate (RFC 8446, 4.4.2), checked for trust as a client certificate. */
final class ExpectClientCertificate implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final ExpectClientFinished finished;

    ExpectClientCertificate(HandshakeContext ctx, TlsServerConfig config, ExpectClientFinished finished) {
        this.ctx = ctx;
        this.config = config;
        this.finished = finished;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CERTIFICATE;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        CertificateMessage cm = CertificateMessage.decode(message);
        cm.checkLimits(ctx.limits());
        if (cm.certificateRequestContext().length != 0) {
            throw TlsException.illegalParameter("client Certificate has a request context we did not send");
        }
        List<byte[]> der = cm.entries().stream().map(CertificateMessage.Entry::certData).toList();
        List<X509Certificate> chain = ClientChain.verify(ctx, config, der, AlertDescription.CERTIFICATE_REQUIRED);
        ctx.received(message);
        if (chain.isEmpty()) {
            return finished;
        }
        return new ExpectClientCertificateVerify(ctx, config, chain.get(0).getPublicKey(), finished);
    }
}
