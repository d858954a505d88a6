package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.Connected;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;

/** Waits for the client's Finished (RFC 8446, 4.4.4); then application data flows both ways, and tickets go out. */
final class ExpectClientFinished implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final byte[] clientHandshakeSecret;
    private final byte[] clientApplicationSecret;

    ExpectClientFinished(HandshakeContext ctx, TlsServerConfig config, byte[] clientHandshakeSecret,
                         byte[] clientApplicationSecret) {
        this.ctx = ctx;
        this.config = config;
        this.clientHandshakeSecret = clientHandshakeSecret;
        this.clientApplicationSecret = clientApplicationSecret;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.FINISHED;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        Finished fin = Finished.decode(message, ctx.cipherSuite.hashLength());
        if (!ctx.keySchedule.verifyFinished(clientHandshakeSecret, ctx.transcript.current(), fin.verifyData())) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR, "client Finished does not verify");
        }
        ctx.received(message);
        ctx.installReadKeys(clientApplicationSecret, "client application traffic");
        ctx.complete();
        ServerTickets.send(ctx, config); // RFC 8446, 4.6.1
        ctx.forgetResumptionMasterSecret(); // every ticket went out with the handshake
        return new Connected(ctx);
    }
}
