package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CipherSuiteValues;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.handshake.ServerHelloDone;
import dev.parapet.tls.handshake.ServerKeyExchange;
import dev.parapet.tls.handshake.Tls12Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's answer to a ClientHello that settles on TLS 1.2 (RFC 5246, 7.3): ServerHello, Certificate,
 * ServerKeyExchange (ECDHE only) and ServerHelloDone; or, when it brings a session we can resume, the abbreviated
 * handshake of {@link Tls12ResumedFlight}.
 */
final class Tls12ServerFlight {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final ClientHello ch;
    private final List<Extension> answers = new ArrayList<>();

    Tls12ServerFlight(HandshakeContext ctx, TlsServerConfig config, ClientHello ch) {
        this.ctx = ctx;
        this.config = config;
        this.ch = ch;
    }

    State send(HandshakeMessage clientHello) throws TlsException {
        checkClientHello();
        Extension sni = ch.extension(ExtensionType.SERVER_NAME);
        ctx.serverName = sni == null ? null : Extensions.decodeServerName(sni);
        Tls12Resumption.Found found = Tls12Resumption.find(config, ch, ctx.serverName);
        if (found != null) {
            return new Tls12ResumedFlight(ctx, config, ch, found).send(clientHello);
        }
        Tls12Negotiation.Choice choice = Tls12Negotiation.choose(config, ch, ctx.serverName);
        ctx.version = ProtocolVersion.TLS12;
        ctx.cipherSuite = choice.suite();
        ctx.negotiated();
        ctx.namedGroup = choice.group();
        ctx.signatureScheme = choice.scheme();
        ctx.applicationProtocol = Negotiation.applicationProtocol(config, ch);
        ctx.clientRandom = ch.random();
        ctx.serverRandom = serverRandom(ctx, config);
        negotiateExtensions(choice);
        byte[] sessionId = offerResumption();
        ctx.transcript.start(choice.suite().hashAlgorithm());
        ctx.received(clientHello);
        ctx.send(new ServerHello(Extensions.TLS12, ctx.serverRandom, sessionId, choice.suite().id(), 0, answers)
                .encode());
        ctx.localCertificates = choice.key().chain();
        ctx.send(certificate(choice.key().chain()));
        KeyExchange mine = choice.group() == null ? null : sendServerKeyExchange(choice);
        boolean requested = config.clientAuth() == ClientAuth.OPTIONAL || config.clientAuth() == ClientAuth.REQUIRED;
        if (requested) {
            ctx.send(ClientCertificateRequest.tls12(config));
        }
        ctx.send(new ServerHelloDone().encode());
        Tls12ExpectClientKeyExchange kx = new Tls12ExpectClientKeyExchange(ctx, config, choice, mine,
                ch.legacyVersion());
        return requested ? new Tls12ExpectClientCertificate(ctx, config, kx) : kx;
    }

    private void checkClientHello() throws TlsException {
        boolean nullCompression = false;
        for (byte m : ch.legacyCompressionMethods()) {
            nullCompression |= m == 0;
        }
        if (!nullCompression) {
            // RFC 5246, 7.4.1.2: the null method must be offered
            throw TlsException.illegalParameter("ClientHello does not offer null compression");
        }
        Extension ri = ch.extension(ExtensionType.RENEGOTIATION_INFO);
        if (ri != null && Extensions.decodeRenegotiationInfo(ri).length != 0) {
            // RFC 5746, 3.6: empty on the initial handshake
            throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "renegotiation_info is not empty");
        }
        Extension pf = ch.extension(ExtensionType.EC_POINT_FORMATS);
        if (pf != null) {
            Extensions.decodeEcPointFormats(pf);
        }
    }

    /**
     * How this session may be resumed: with a ticket when the client takes them (RFC 5077, 3.2; the session ID is
     * then empty), else under a new random session ID (RFC 5246, 7.4.1.3). Only with the extended master secret
     * (RFC 7627, 5.3); otherwise the empty session ID says the session cannot be resumed.
     */
    private byte[] offerResumption() {
        if (!ctx.extendedMasterSecret) {
            return new byte[0];
        }
        long now = config.clock().millis();
        if (Tls12Resumption.ticketsWanted(config, ch)) {
            answers.add(Extensions.empty(ExtensionType.SESSION_TICKET));
            ctx.tls12Session = new Tls12ServerSession(ctx, config, null, false, true, now);
            return new byte[0];
        }
        if (!config.tls12SessionIds()) {
            return new byte[0];
        }
        byte[] id = ctx.randomBytes(Tls12Resumption.SESSION_ID_LENGTH);
        ctx.tls12Session = new Tls12ServerSession(ctx, config, id, true, false, now);
        return id;
    }

    /** RFC 8446, 4.1.3: a server that speaks TLS 1.3 marks a TLS 1.2 ServerHello so a 1.3 client sees the downgrade. */
    static byte[] serverRandom(HandshakeContext ctx, TlsServerConfig config) {
        byte[] random = ctx.randomBytes(32);
        if (config.speaks(ProtocolVersion.TLS13)) {
            System.arraycopy(ServerHello.DOWNGRADE_TLS12, 0, random, 24, 8);
        }
        return random;
    }

    private void negotiateExtensions(Tls12Negotiation.Choice choice) throws TlsException {
        if (ch.extension(ExtensionType.RENEGOTIATION_INFO) != null
                || ch.cipherSuites().contains(CipherSuiteValues.TLS_EMPTY_RENEGOTIATION_INFO_SCSV)) {
            answers.add(Extensions.renegotiationInfo(new byte[0])); // RFC 5746, 3.6
        }
        Extension ems = config.extendedMasterSecret() ? ch.extension(ExtensionType.EXTENDED_MASTER_SECRET) : null;
        if (ems != null) {
            Extensions.checkEmpty(ems);
            answers.add(Extensions.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        } else if (config.requireExtendedMasterSecret()) {
            throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "client does not support "
                    + "extended_master_secret (RFC 7627), which this server requires");
        }
        ctx.extendedMasterSecret = ems != null;
        Extension etm = ch.extension(ExtensionType.ENCRYPT_THEN_MAC);
        ctx.encryptThenMac = config.encryptThenMac() && etm != null && !choice.suite().cipher().isAead(); // RFC 7366
        if (ctx.encryptThenMac) {
            Extensions.checkEmpty(etm);
            answers.add(Extensions.empty(ExtensionType.ENCRYPT_THEN_MAC));
        }
        if (choice.group() != null && ch.extension(ExtensionType.EC_POINT_FORMATS) != null) {
            answers.add(Extensions.ecPointFormats()); // RFC 8422, 5.2
        }
        if (ctx.applicationProtocol != null) {
            answers.add(Extensions.alpn(List.of(ctx.applicationProtocol)));
        }
        if (ctx.serverName != null) {
            answers.add(new Extension(ExtensionType.SERVER_NAME, new byte[0])); // RFC 6066, 3
        }
    }

    private KeyExchange sendServerKeyExchange(Tls12Negotiation.Choice choice) throws TlsException {
        KeyExchange mine = ctx.crypto().generateKeyExchange(choice.group(), ctx.random());
        ServerKeyExchange unsigned = new ServerKeyExchange(choice.group().id(), mine.publicKeyShare(),
                choice.scheme().id(), new byte[0]);
        byte[] content = ServerKeyExchange.signedContent(ctx.clientRandom, ctx.serverRandom, unsigned.params());
        byte[] signature = ctx.crypto().sign(choice.scheme(), choice.key().privateKey(), content, ctx.random());
        ctx.send(new ServerKeyExchange(choice.group().id(), mine.publicKeyShare(), choice.scheme().id(), signature)
                .encode());
        return mine;
    }

    private static HandshakeMessage certificate(List<X509Certificate> chain) throws TlsException {
        List<byte[]> der = new ArrayList<>();
        try {
            for (X509Certificate c : chain) {
                der.add(c.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "our certificate does not encode", e);
        }
        return new Tls12Certificate(der).encode();
    }
}
