package dev.parapet.tls.server;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.RsaKeyTransport;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.engine.Tls12ExpectChangeCipherSpec;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.handshake.ClientKeyExchange;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.security.PublicKey;

/**
 * TLS 1.2: the client's key exchange (RFC 5246, 7.4.7). With RSA key transport a bad encrypted pre-master secret is
 * never reported here: a random one takes its place and the handshake fails at Finished, alike for every kind of
 * error (7.4.7.1), so the server is no padding oracle.
 */
final class Tls12ExpectClientKeyExchange implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final Tls12Negotiation.Choice choice;
    private final KeyExchange mine;
    private final int clientHelloVersion;
    /** The client certificate's key (mutual TLS), set once its Certificate arrived; null otherwise. */
    PublicKey clientKey;

    Tls12ExpectClientKeyExchange(HandshakeContext ctx, TlsServerConfig config, Tls12Negotiation.Choice choice,
                                 KeyExchange mine, int clientHelloVersion) {
        this.ctx = ctx;
        this.config = config;
        this.choice = choice;
        this.mine = mine;
        this.clientHelloVersion = clientHelloVersion;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        byte[] preMasterSecret;
        if (mine != null) {
            preMasterSecret = mine.sharedSecret(ClientKeyExchange.decodeEcdhe(message).exchangeKeys());
        } else {
            byte[] encrypted = ClientKeyExchange.decodeRsa(message).exchangeKeys();
            preMasterSecret = RsaKeyTransport.decryptPreMasterSecret(choice.key().privateKey(), encrypted,
                    clientHelloVersion, ctx.random());
        }
        ctx.received(message);
        Tls12Keys keys = Tls12Keys.derive(ctx, preMasterSecret); // RFC 7627: the session hash ends here
        return clientKey == null ? new Tls12ExpectChangeCipherSpec(ctx, keys)
                : new Tls12ExpectClientCertificateVerify(ctx, config, clientKey, keys);
    }
}
