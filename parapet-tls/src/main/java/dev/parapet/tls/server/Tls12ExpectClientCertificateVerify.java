package dev.parapet.tls.server;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.CertificateVerifyCheck;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.engine.Tls12ExpectChangeCipherSpec;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.security.PublicKey;

/** Mutual TLS 1.2: the client's CertificateVerify, a signature over every handshake message before it (7.4.8). */
final class Tls12ExpectClientCertificateVerify implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final PublicKey clientKey;
    private final Tls12Keys keys;

    Tls12ExpectClientCertificateVerify(HandshakeContext ctx, TlsServerConfig config, PublicKey clientKey,
                                       Tls12Keys keys) {
        this.ctx = ctx;
        this.config = config;
        this.clientKey = clientKey;
        this.keys = keys;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        CertificateVerifyCheck.check(ctx.crypto(), CertificateVerify.decode(message), clientKey,
                ClientCertificateRequest.schemes(config, false), ctx.transcript.messages(), false, "client");
        ctx.received(message);
        return new Tls12ExpectChangeCipherSpec(ctx, keys);
    }
}
