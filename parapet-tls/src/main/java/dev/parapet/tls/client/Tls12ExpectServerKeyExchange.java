package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.ServerKeyExchange;

/** TLS 1.2: the server's signed ECDHE parameters (RFC 8422, 5.4). */
final class Tls12ExpectServerKeyExchange implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;

    Tls12ExpectServerKeyExchange(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.SERVER_KEY_EXCHANGE;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        ServerKeyExchange ske = ServerKeyExchange.decode(message);
        NamedGroup group = NamedGroup.fromId(ske.namedGroup());
        if (group == null || !hs.config.namedGroups().contains(group)) {
            throw TlsException.illegalParameter(String.format(
                    "ServerKeyExchange uses group 0x%04x, which we did not offer", ske.namedGroup()));
        }
        SignatureScheme scheme = SignatureScheme.fromId(ske.signatureScheme());
        if (scheme == null || !hs.offeredSchemes().contains(ske.signatureScheme())) {
            throw TlsException.illegalParameter(String.format(
                    "server signed with scheme 0x%04x, which we did not offer", ske.signatureScheme()));
        }
        boolean ecdsaSuite = ctx.cipherSuite.keyExchange() == KeyExchangeAlgorithm.ECDHE_ECDSA;
        if (!Signatures.keyMatchesTls12(scheme, hs.serverKey) || ecdsaSuite != scheme.rfcName().startsWith("ecdsa")) {
            throw TlsException.illegalParameter("server signed with " + scheme + ", which does not fit its "
                    + hs.serverKey.getAlgorithm() + " key and " + ctx.cipherSuite);
        }
        byte[] content = ServerKeyExchange.signedContent(ctx.clientRandom, ctx.serverRandom, ske.params());
        if (!ctx.crypto().verify(scheme, hs.serverKey, content, ske.signature())) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR,
                    "ServerKeyExchange signature (" + scheme + ") does not verify");
        }
        ctx.namedGroup = group;
        ctx.signatureScheme = scheme;
        hs.serverKeyExchange = ske;
        ctx.received(message);
        return new Tls12ExpectServerHelloDone(hs);
    }
}
