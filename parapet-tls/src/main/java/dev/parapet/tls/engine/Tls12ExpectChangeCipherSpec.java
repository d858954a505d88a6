package dev.parapet.tls.engine;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;

/** TLS 1.2 (RFC 5246, 7.1): waits for the peer's ChangeCipherSpec; no handshake message may come first. */
public final class Tls12ExpectChangeCipherSpec implements State {
    private final HandshakeContext ctx;
    private final Tls12Keys keys;

    public Tls12ExpectChangeCipherSpec(HandshakeContext ctx, Tls12Keys keys) {
        this.ctx = ctx;
        this.keys = keys;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        throw new IllegalStateException("expects no handshake message");
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State changeCipherSpec() throws TlsException {
        boolean peerIsClient = !ctx.isClient();
        ctx.installReadProtection(keys.protection(peerIsClient), (peerIsClient ? "client" : "server") + " write keys");
        return new Tls12ExpectFinished(ctx, keys);
    }
}
