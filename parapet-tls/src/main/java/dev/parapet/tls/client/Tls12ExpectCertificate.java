package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.Tls12Certificate;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** TLS 1.2: the server's Certificate (RFC 5246, 7.4.2), checked for trust, name, key type and key size. */
final class Tls12ExpectCertificate implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;

    Tls12ExpectCertificate(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
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
        Tls12Certificate cm = Tls12Certificate.decode(message);
        if (cm.certificates().isEmpty()) {
            throw TlsException.decodeError("server sent an empty Certificate");
        }
        List<X509Certificate> chain = ExpectCertificate.parse(cm.certificates(), ctx);
        if (ctx.cipherSuite.keyExchange() == KeyExchangeAlgorithm.RSA) {
            hs.config.certificateVerifier().verifyForKeyEncipherment(chain, hs.verifyName);
        } else {
            hs.config.certificateVerifier().verify(chain, hs.verifyName);
        }
        PublicKey key = chain.get(0).getPublicKey();
        checkKey(key);
        hs.serverKey = key;
        ctx.peerCertificates = chain;
        ctx.received(message);
        return ctx.cipherSuite.keyExchange() == KeyExchangeAlgorithm.RSA
                ? new Tls12ExpectServerHelloDone(hs) : new Tls12ExpectServerKeyExchange(hs);
    }

    /** The key must fit the suite (RFC 5246, 7.4.2; RFC 8422, 5.3), and RSA keys must be long enough. */
    private void checkKey(PublicKey key) throws TlsException {
        KeyExchangeAlgorithm kx = ctx.cipherSuite.keyExchange();
        boolean ec = key.getAlgorithm().equals("EC");
        boolean rsa = key.getAlgorithm().equals("RSA") || key.getAlgorithm().equals("RSASSA-PSS");
        boolean fits = kx == KeyExchangeAlgorithm.ECDHE_ECDSA ? ec
                : kx == KeyExchangeAlgorithm.RSA ? key.getAlgorithm().equals("RSA") : rsa;
        if (!fits) {
            throw new TlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, "server certificate has a "
                    + key.getAlgorithm() + " key, which does not fit " + ctx.cipherSuite);
        }
        if (key instanceof RSAPublicKey r && r.getModulus().bitLength() < hs.config.minimumRsaKeyBits()) {
            throw new TlsException(AlertDescription.INSUFFICIENT_SECURITY, "server RSA key has "
                    + r.getModulus().bitLength() + " bits; this client requires at least "
                    + hs.config.minimumRsaKeyBits());
        }
    }
}
