package dev.parapet.tls.client;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.RsaKeyTransport;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.engine.Tls12ExpectChangeCipherSpec;
import dev.parapet.tls.engine.Tls12ExpectFinished;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.handshake.ClientKeyExchange;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.ServerHelloDone;
import dev.parapet.tls.handshake.Tls12Certificate;
import dev.parapet.tls.handshake.Tls12CertificateRequest;
import java.util.List;

/**
 * TLS 1.2: an optional CertificateRequest, then ServerHelloDone (RFC 5246, 7.4.4-7.4.5); the client answers with
 * ClientKeyExchange, ChangeCipherSpec and Finished.
 */
final class Tls12ExpectServerHelloDone implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;
    private boolean certificateRequested;

    Tls12ExpectServerHelloDone(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.SERVER_HELLO_DONE
                || (type == HandshakeType.CERTIFICATE_REQUEST && !certificateRequested);
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        if (message.type() == HandshakeType.CERTIFICATE_REQUEST) {
            Tls12CertificateRequest.decode(message);
            certificateRequested = true;
            ctx.received(message);
            return this;
        }
        ServerHelloDone.decode(message);
        ctx.received(message);
        if (certificateRequested) {
            // RFC 5246, 7.4.6: no certificate to offer, so an empty one
            ctx.send(new Tls12Certificate(List.of()).encode());
        }
        Tls12Keys keys = Tls12Keys.derive(ctx, sendClientKeyExchange());
        Tls12ExpectFinished.sendChangeCipherSpecAndFinished(ctx, keys);
        return new Tls12ExpectChangeCipherSpec(ctx, keys);
    }

    /** RFC 8422, 5.7 (ECDHE) or RFC 5246, 7.4.7.1 (RSA); returns the pre-master secret. */
    private byte[] sendClientKeyExchange() throws TlsException {
        if (hs.serverKeyExchange != null) {
            KeyExchange mine = KeyExchange.generate(ctx.namedGroup, ctx.random());
            byte[] preMasterSecret = mine.sharedSecret(hs.serverKeyExchange.publicKey());
            ctx.send(new ClientKeyExchange(mine.publicKeyShare()).encodeEcdhe());
            return preMasterSecret;
        }
        // the version is ClientHello.legacy_version, so a server can detect a version rollback
        byte[] preMasterSecret = RsaKeyTransport.newPreMasterSecret(Extensions.TLS12, ctx.random());
        byte[] encrypted = RsaKeyTransport.encryptPreMasterSecret(hs.serverKey, preMasterSecret, ctx.random());
        ctx.send(new ClientKeyExchange(encrypted).encodeRsa());
        return preMasterSecret;
    }
}
