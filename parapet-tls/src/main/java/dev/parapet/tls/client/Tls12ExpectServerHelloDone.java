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
import dev.parapet.tls.handshake.CertificateVerify;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS 1.2: an optional CertificateRequest, then ServerHelloDone (RFC 5246, 7.4.4-7.4.5); the client answers with
 * ClientKeyExchange, ChangeCipherSpec and Finished.
 */
final class Tls12ExpectServerHelloDone implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;
    private Tls12CertificateRequest certificateRequest;

    Tls12ExpectServerHelloDone(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.SERVER_HELLO_DONE
                || (type == HandshakeType.CERTIFICATE_REQUEST && certificateRequest == null);
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return false;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        if (message.type() == HandshakeType.CERTIFICATE_REQUEST) {
            certificateRequest = Tls12CertificateRequest.decode(message);
            ctx.received(message);
            return this;
        }
        ServerHelloDone.decode(message);
        ctx.received(message);
        ClientCredentials.Choice credential = certificateRequest == null ? null : sendClientCertificate();
        // RFC 7627, 4: the session hash ends with ClientKeyExchange, so the keys come before CertificateVerify
        Tls12Keys keys = Tls12Keys.derive(ctx, sendClientKeyExchange());
        if (credential != null) {
            sendCertificateVerify(credential);
        }
        Tls12ExpectFinished.sendChangeCipherSpecAndFinished(ctx, keys);
        return hs.ticketPromised ? new Tls12ExpectNewSessionTicket(hs, keys)
                : new Tls12ExpectChangeCipherSpec(ctx, keys);
    }

    /** RFC 5246, 7.4.6: our chain, or an empty Certificate when none fits the request. */
    private ClientCredentials.Choice sendClientCertificate() throws TlsException {
        ClientCredentials.Choice choice = ClientCredentials.choose(hs.config,
                certificateRequest.signatureAlgorithms(), certificateRequest.certificateAuthorities(), false);
        List<byte[]> chain = new ArrayList<>();
        if (choice != null) {
            for (X509Certificate c : choice.key().chain()) {
                chain.add(ExpectServerFinished.encoded(c));
            }
            ctx.localCertificates = choice.key().chain();
        }
        ctx.send(new Tls12Certificate(chain).encode());
        return choice;
    }

    /** RFC 5246, 7.4.8: a signature over every handshake message so far. */
    private void sendCertificateVerify(ClientCredentials.Choice choice) throws TlsException {
        byte[] signature = ctx.crypto().sign(choice.scheme(), choice.key().privateKey(), ctx.transcript.messages(),
                ctx.random());
        ctx.send(new CertificateVerify(choice.scheme().id(), signature).encode());
    }

    /** RFC 8422, 5.7 (ECDHE) or RFC 5246, 7.4.7.1 (RSA); returns the pre-master secret. */
    private byte[] sendClientKeyExchange() throws TlsException {
        if (hs.serverKeyExchange != null) {
            KeyExchange mine = ctx.crypto().generateKeyExchange(ctx.namedGroup, ctx.random());
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
