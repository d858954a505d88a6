package dev.parapet.tls.server;

import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.handshake.PreSharedKey;
import dev.parapet.tls.handshake.ServerHello;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's answer to an acceptable ClientHello (RFC 8446, 2): ServerHello, then under handshake keys
 * EncryptedExtensions, Certificate, CertificateVerify and Finished; when resuming a ticket (2.2), ServerHello with
 * pre_shared_key, then EncryptedExtensions and Finished.
 */
final class ServerFlight {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final ClientHello ch;
    private final CipherSuite suite;
    private final NamedGroup group;
    private final KeyShareEntry clientShare;
    /** The ticket being resumed (psk_dhe_ke, RFC 8446, 2.2), or null for a certificate handshake. */
    private final Resumption.Accepted resumed;
    /** RFC 8446, 4.2.10: the client's 0-RTT data is taken. */
    private final boolean acceptEarly;

    /** {@code group} and {@code clientShare} are null when resuming with psk_ke (no (EC)DHE, RFC 8446 4.2.9). */
    ServerFlight(HandshakeContext ctx, TlsServerConfig config, ClientHello ch, CipherSuite suite, NamedGroup group,
                 KeyShareEntry clientShare, Resumption.Accepted resumed, boolean acceptEarly) {
        this.resumed = resumed;
        this.acceptEarly = acceptEarly;
        this.ctx = ctx;
        this.config = config;
        this.ch = ch;
        this.suite = suite;
        this.group = group;
        this.clientShare = clientShare;
    }

    State send(HandshakeMessage clientHelloMessage) throws TlsException {
        Extension sni = ch.extension(ExtensionType.SERVER_NAME);
        ctx.serverName = sni == null ? null : Extensions.decodeServerName(sni);
        Negotiation.Credential credential = resumed != null ? null : credential();
        String alpn = Negotiation.applicationProtocol(config, ch);
        KeyExchange mine = clientShare == null ? null : KeyExchange.generate(group, ctx.random());
        // RFC 8446, 7.1: without (EC)DHE the Handshake Secret is extracted from HashLen zeros
        byte[] shared = mine == null ? new byte[suite.hashLength()] : mine.sharedSecret(clientShare.keyExchange());

        ctx.cipherSuite = suite;
        ctx.namedGroup = group;
        ctx.negotiated();
        ctx.signatureScheme = credential == null ? null : credential.scheme();
        ctx.applicationProtocol = alpn;
        ctx.clientRandom = ch.random();
        if (!ctx.transcript.started()) {
            ctx.transcript.start(suite.hashAlgorithm());
        }
        ctx.received(clientHelloMessage);
        if (acceptEarly) {
            ctx.startEarlyTraffic(resumed.psk());
            ctx.acceptEarlyData((int) Math.min(config.maxEarlyData(), resumed.state().maxEarlyData()));
        }
        sendServerHello(mine);
        HandshakeContext.Secrets secrets = ctx.deriveHandshakeSecrets(resumed == null ? null : resumed.psk(), shared);
        sendEncryptedFlight(credential, alpn, secrets.server());
        HandshakeContext.Secrets app = ctx.deriveApplicationSecrets();
        ctx.installWriteKeys(app.server(), "server application traffic");
        ExpectClientFinished finished = new ExpectClientFinished(ctx, config, secrets.client(), app.client());
        if (acceptEarly) {
            return new ExpectEndOfEarlyData(ctx, secrets.client(), finished);
        }
        if (resumed != null) {
            return finished; // RFC 8446, 4.3.2: no CertificateRequest in a PSK handshake
        }
        boolean requested = config.clientAuth() == ClientAuth.OPTIONAL || config.clientAuth() == ClientAuth.REQUIRED;
        return requested ? new ExpectClientCertificate(ctx, config, finished) : finished;
    }

    private Negotiation.Credential credential() throws TlsException {
        Extension sigAlgs = ch.extension(ExtensionType.SIGNATURE_ALGORITHMS);
        if (sigAlgs == null) {
            throw new TlsException(dev.parapet.tls.AlertDescription.MISSING_EXTENSION,
                    "ClientHello lacks signature_algorithms");
        }
        return Negotiation.credential(config, ctx.serverName, Extensions.decodeU16List(sigAlgs));
    }

    private void sendServerHello(KeyExchange mine) throws TlsException {
        List<Extension> ext = new ArrayList<>(List.of(Extensions.serverSupportedVersion(Extensions.TLS13)));
        if (mine != null) {
            ext.add(Extensions.serverKeyShare(new KeyShareEntry(group.id(), mine.publicKeyShare())));
        }
        if (resumed != null) {
            ext.add(PreSharedKey.selected(resumed.index())); // RFC 8446, 4.2.11
        }
        ServerHello sh = new ServerHello(Extensions.TLS12, ctx.randomBytes(32), ch.legacySessionId(), suite.id(), 0,
                ext);
        ctx.send(sh.encode());
        if (ch.legacySessionId().length > 0 && !ctx.helloRetryRequest) {
            ctx.sendChangeCipherSpec(); // RFC 8446, D.4
        }
    }

    private void sendEncryptedFlight(Negotiation.Credential credential, String alpn, byte[] serverSecret)
            throws TlsException {
        List<Extension> ee = new ArrayList<>();
        if (alpn != null) {
            ee.add(Extensions.alpn(List.of(alpn)));
        }
        if (ctx.serverName != null) {
            ee.add(new Extension(ExtensionType.SERVER_NAME, new byte[0])); // RFC 6066, 3: name was used
        }
        if (acceptEarly) {
            ee.add(Extensions.earlyData()); // RFC 8446, 4.2.10
        }
        ctx.send(new EncryptedExtensions(ee).encode());
        if (resumed != null) {
            // RFC 8446, 2.2: the PSK authenticates; the client's chain is the original session's
            ctx.resumed = true;
            ctx.peerCertificates = resumed.peerCertificates();
            if (config.clientAuth() == ClientAuth.POST_HANDSHAKE) {
                ctx.postHandshakeAuthOffered = ch.extension(ExtensionType.POST_HANDSHAKE_AUTH) != null;
                ctx.postHandshakeAuth = new PostHandshakeServerAuth(ctx, config);
            }
            ctx.send(new Finished(ctx.keySchedule.finishedVerifyData(serverSecret, ctx.transcript.current()))
                    .encode());
            return;
        }
        if (config.clientAuth() == ClientAuth.POST_HANDSHAKE) {
            // RFC 8446, 4.2.6: only a client that offered post_handshake_auth may be asked later
            ctx.postHandshakeAuthOffered = ch.extension(ExtensionType.POST_HANDSHAKE_AUTH) != null;
            ctx.postHandshakeAuth = new PostHandshakeServerAuth(ctx, config);
        } else if (config.clientAuth() != ClientAuth.NONE) {
            ctx.send(ClientCertificateRequest.tls13(config));
        }
        ctx.localCertificates = credential.key().chain();
        ctx.send(certificateMessage(credential.key().chain()));
        byte[] content = Signatures.certificateVerifyContent(true, ctx.transcript.current());
        byte[] signature = Signatures.sign(credential.scheme(), credential.key().privateKey(), content, ctx.random());
        ctx.send(new CertificateVerify(credential.scheme().id(), signature).encode());
        ctx.send(new Finished(ctx.keySchedule.finishedVerifyData(serverSecret, ctx.transcript.current())).encode());
    }

    private static HandshakeMessage certificateMessage(List<X509Certificate> chain) throws TlsException {
        List<CertificateMessage.Entry> entries = new ArrayList<>();
        try {
            for (X509Certificate c : chain) {
                entries.add(new CertificateMessage.Entry(c.getEncoded(), List.of()));
            }
        } catch (CertificateEncodingException e) {
            throw new TlsException(dev.parapet.tls.AlertDescription.INTERNAL_ERROR,
                    "our certificate does not encode: " + e.getMessage(), e);
        }
        return new CertificateMessage(new byte[0], entries).encode();
    }
}
