package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.Tls12Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** Mutual TLS 1.2: the client's Certificate, first of its flight (RFC 5246, 7.4.6). */
final class Tls12ExpectClientCertificate implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final Tls12ExpectClientKeyExchange next;

    Tls12ExpectClientCertificate(HandshakeContext ctx, TlsServerConfig config, Tls12ExpectClientKeyExchange next) {
        this.ctx = ctx;
        this.config = config;
        this.next = next;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CERTIFICATE;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        List<X509Certificate> chain = ClientChain.verify(ctx, config, Tls12Certificate.decode(message).certificates(),
                AlertDescription.HANDSHAKE_FAILURE);
        ctx.received(message);
        next.clientKey = chain.isEmpty() ? null : chain.get(0).getPublicKey();
        return next;
    }
}
