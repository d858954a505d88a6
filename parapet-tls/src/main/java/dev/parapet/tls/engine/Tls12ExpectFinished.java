package dev.parapet.tls.engine;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;

/**
 * TLS 1.2 (RFC 5246, 7.4.9): the peer's Finished, right after its ChangeCipherSpec. Whoever has not sent its own
 * ChangeCipherSpec and Finished yet answers with them: the server in a full handshake, the client in an abbreviated
 * one (RFC 5246, 7.3).
 */
public final class Tls12ExpectFinished implements State {
    private static final int VERIFY_DATA_LENGTH = 12;
    private final HandshakeContext ctx;
    private final Tls12Keys keys;

    Tls12ExpectFinished(HandshakeContext ctx, Tls12Keys keys) {
        this.ctx = ctx;
        this.keys = keys;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.FINISHED;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        Finished fin = Finished.decode(message, VERIFY_DATA_LENGTH);
        boolean peerIsClient = !ctx.isClient();
        // With RSA key transport a bad pre-master secret surfaces here and only here (RFC 5246, 7.4.7.1)
        if (!keys.verifyPeerFinished(peerIsClient, fin.verifyData())) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR,
                    (peerIsClient ? "client" : "server") + " Finished does not verify");
        }
        ctx.received(message);
        // full handshake: the server answers; abbreviated (RFC 5246, 7.3): the client answers the server's Finished
        if (!keys.finishedSent()) {
            sendChangeCipherSpecAndFinished(ctx, keys);
        }
        ctx.complete();
        if (ctx.tls12Session != null) {
            ctx.tls12Session.completed(keys);
        }
        return new Connected(ctx);
    }

    /** Our ChangeCipherSpec, the switch to our pending write keys, and our Finished. */
    public static void sendChangeCipherSpecAndFinished(HandshakeContext ctx, Tls12Keys keys) throws TlsException {
        HandshakeMessage ticket = ctx.tls12Session == null ? null : ctx.tls12Session.ticketBeforeChangeCipherSpec(keys);
        if (ticket != null) {
            ctx.send(ticket); // RFC 5077, 3.3: in the transcript, before ChangeCipherSpec
        }
        keys.markFinishedSent();
        ctx.sendChangeCipherSpec();
        boolean client = ctx.isClient();
        ctx.installWriteProtection(keys.protection(client), (client ? "client" : "server") + " write keys");
        ctx.send(new Finished(keys.verifyData(client)).encode());
    }
}
