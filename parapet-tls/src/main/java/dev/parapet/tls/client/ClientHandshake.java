package dev.parapet.tls.client;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.handshake.PreSharedKey;
import dev.parapet.tls.handshake.Tls12NewSessionTicket;
import dev.parapet.tls.session.PskBinder;
import dev.parapet.tls.session.ResumptionTicket;
import dev.parapet.tls.session.Tls12Session;
import dev.parapet.tls.x509.HostnameMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The client side of a TLS 1.3 handshake (RFC 8446, 2 and 4): what the client offered, shared by its states.
 * {@link #start} sends the ClientHello and returns the first state.
 */
public final class ClientHandshake {
    final HandshakeContext context;
    final TlsClientConfig config;
    /** The name to verify the certificate against (DNS name or IP literal), or null. */
    final String verifyName;
    /** The SNI we sent, or null (never an IP address: RFC 6066, 3). */
    final String sni;
    final byte[] legacySessionId;
    /** Where this peer's tickets are kept (server name, with ":port" when given), or null: no resumption. */
    final String cachePeer;
    /** TLS 1.2: the session offered by session ID or ticket (RFC 5246, 7.4.1.2; RFC 5077, 3.4), or null. */
    final Tls12Session offered12;
    /** TLS 1.2: what the ServerHello said about the session (its ID, a NewSessionTicket to come) and the ticket. */
    byte[] serverSessionId = new byte[0];
    boolean ticketPromised;
    Tls12NewSessionTicket ticket12;
    /** The ticket offered in pre_shared_key (RFC 8446, 4.2.11), or null. */
    ResumptionTicket offeredTicket;
    /** The server selected our ticket: no certificate messages, the PSK key schedule. */
    boolean resuming;
    /** RFC 8446, 4.2.10: the first ClientHello carries early_data and 0-RTT data follows it. */
    boolean earlyDataOffered;
    List<KeyExchange> keyShares = new ArrayList<>();
    byte[] cookie;
    Set<Integer> offeredExtensions = new HashSet<>();
    boolean changeCipherSpecSent;
    byte[] clientHandshakeSecret;
    byte[] serverHandshakeSecret;
    byte[] certificateRequestContext;
    /** What the server's CertificateRequest accepts: signature schemes, and CA names as DER (may be empty). */
    List<Integer> certificateRequestSchemes = List.of();
    List<byte[]> certificateRequestAuthorities = List.of();
    // TLS 1.2 (RFC 5246, 7.3): what the server said before ServerHelloDone
    byte[] serverRandom;
    java.security.PublicKey serverKey;
    dev.parapet.tls.handshake.ServerKeyExchange serverKeyExchange;

    private ClientHandshake(HandshakeContext context, TlsClientConfig config, String serverName, String cachePeer) {
        this.context = context;
        this.cachePeer = cachePeer;
        this.config = config;
        this.verifyName = serverName;
        this.sni = serverName == null || HostnameMatcher.isIpLiteral(serverName) ? null : serverName;
        this.offered12 = Tls12ClientSession.toOffer(this);
        this.legacySessionId = Tls12ClientSession.legacySessionId(this);
        context.serverName = sni;
        context.postHandshakeAuthOffered = offers13() && !config.clientCertificates().isEmpty();
        context.postHandshakeAuth = new PostHandshakeClientAuth(this);
        if (cachePeer != null && offers13()) {
            context.ticketReceiver = ticket -> { }; // replaced by a TicketKeeper when the handshake completes
        }
        if (cachePeer != null && offers12()) {
            context.tls12Session = new Tls12ClientSession(this);
        }
        context.onComplete = this::dropHandshakeState;
    }

    /**
     * The handshake completed: key shares (private keys included) and handshake secrets go (the latter wiped), and
     * the ticket receiver keeps only what tickets need, not this object.
     */
    private void dropHandshakeState() {
        if (context.ticketReceiver != null && context.resumptionMasterSecret != null) {
            context.ticketReceiver = new TicketKeeper(config.sessionCache(), cachePeer, config.clock(), sni,
                    context.cipherSuite, context.peerCertificates, context.applicationProtocol,
                    context.resumptionMasterSecret);
        } else {
            context.ticketReceiver = null;
        }
        context.resumptionMasterSecret = null; // the keeper holds it now
        keyShares = List.of();
        wipe(clientHandshakeSecret);
        wipe(serverHandshakeSecret);
        clientHandshakeSecret = null;
        serverHandshakeSecret = null;
        cookie = null;
        serverKeyExchange = null;
        offeredExtensions = Set.of();
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** Sends the first ClientHello; tickets are kept under the server name. */
    public static State start(HandshakeContext context, TlsClientConfig config, String serverName)
            throws TlsException {
        return start(context, config, serverName, serverName);
    }

    /**
     * Sends the first ClientHello, offering the newest ticket kept under {@code cachePeer} (null: none, and new
     * tickets are not kept).
     */
    public static State start(HandshakeContext context, TlsClientConfig config, String serverName, String cachePeer)
            throws TlsException {
        return start(context, config, serverName, cachePeer, null);
    }

    /**
     * As {@link #start(HandshakeContext, TlsClientConfig, String, String)}, sending {@code earlyData} as 0-RTT data
     * (RFC 8446, 2.3) when the ticket offered allows that much, for the ALPN protocols we offer; otherwise it is
     * not sent, and {@link HandshakeContext#earlyDataStatus} stays NOT_OFFERED.
     */
    public static State start(HandshakeContext context, TlsClientConfig config, String serverName, String cachePeer,
                              java.nio.ByteBuffer earlyData) throws TlsException {
        ClientHandshake hs = new ClientHandshake(context, config, serverName, cachePeer);
        context.clientRandom = context.randomBytes(32);
        hs.offeredTicket = hs.ticketToOffer();
        if (hs.offers13()) {
            for (NamedGroup g : config.keyShareGroups()) {
                hs.keyShares.add(context.crypto().generateKeyExchange(g, context.random()));
            }
        }
        hs.earlyDataOffered = earlyData != null && earlyData.hasRemaining() && hs.earlyDataFits(earlyData.remaining());
        dev.parapet.tls.handshake.HandshakeMessage hello = hs.clientHello().encode();
        context.send(hello);
        if (hs.earlyDataOffered) {
            hs.sendEarlyData(hello, earlyData);
        }
        return new ExpectServerHello(hs);
    }

    /** RFC 8446, 4.2.10: 0-RTT needs a ticket that allows this much, whose ALPN protocol we offer again. */
    private boolean earlyDataFits(int length) {
        ResumptionTicket t = offeredTicket;
        return t != null && t.maxEarlyData() >= length && (t.applicationProtocol() == null
                ? config.applicationProtocols().isEmpty()
                : config.applicationProtocols().contains(t.applicationProtocol()));
    }

    /** RFC 8446, 2.3 and D.4: the dummy change_cipher_spec, then the early data under the early keys. */
    private void sendEarlyData(dev.parapet.tls.handshake.HandshakeMessage hello, java.nio.ByteBuffer data)
            throws TlsException {
        if (legacySessionId.length > 0) {
            context.sendChangeCipherSpec(); // RFC 8446, D.4: right after the first ClientHello when sending 0-RTT
            changeCipherSpecSent = true;
        }
        CipherSuite suite = offeredTicket.cipherSuite();
        context.startEarlyWriteTraffic(suite, offeredTicket.psk(),
                PskBinder.transcriptHash(context.transcript, suite, hello.encoded()));
        context.sendEarlyData(data);
        context.earlyDataStatus = dev.parapet.tls.EarlyDataStatus.OFFERED;
    }

    /** The newest unexpired ticket for this peer whose suite hash we still offer (taken: tickets are single-use). */
    private ResumptionTicket ticketToOffer() {
        if (cachePeer == null || !offers13()) {
            return null;
        }
        ResumptionTicket t = config.sessionCache().take(cachePeer, config.clock().millis());
        if (t == null || !java.util.Objects.equals(t.serverName(), sni) || offeredSuites().stream()
                .noneMatch(s -> s.isTls13() && s.hashAlgorithm().equals(t.cipherSuite().hashAlgorithm()))) {
            return null;
        }
        return t;
    }

    boolean offers13() {
        return config.speaks(ProtocolVersion.TLS13);
    }

    boolean offers12() {
        return config.speaks(ProtocolVersion.TLS12);
    }

    /** Builds the ClientHello from the current offer (RFC 8446, 4.1.2; RFC 5246, 7.4.1.2). */
    ClientHello clientHello() {
        List<Extension> ext = new ArrayList<>();
        if (sni != null) {
            ext.add(Extensions.serverName(sni));
        }
        if (offers13()) {
            ext.add(Extensions.clientSupportedVersions(offers12() ? List.of(Extensions.TLS13, Extensions.TLS12)
                    : List.of(Extensions.TLS13)));
        }
        ext.add(Extensions.u16List(ExtensionType.SUPPORTED_GROUPS,
                config.namedGroups().stream().map(NamedGroup::id).toList()));
        ext.add(Extensions.u16List(ExtensionType.SIGNATURE_ALGORITHMS, offeredSchemes()));
        ext.add(Extensions.u16List(ExtensionType.SIGNATURE_ALGORITHMS_CERT,
                config.signatureSchemes().stream().map(SignatureScheme::id).toList()));
        if (offers13()) {
            ext.add(Extensions.clientKeyShares(keyShares.stream()
                    .map(k -> new KeyShareEntry(k.group().id(), k.publicKeyShare())).toList()));
        }
        if (!config.applicationProtocols().isEmpty()) {
            ext.add(Extensions.alpn(config.applicationProtocols()));
        }
        if (offers12()) {
            ext.addAll(tls12Extensions());
        }
        if (offers13()) {
            ext.add(Extensions.pskKeyExchangeModes(config.pskModes()));
        }
        if (earlyDataOffered && !context.helloRetryRequest) {
            ext.add(Extensions.earlyData()); // RFC 8446, 4.2.10; dropped from a retried hello (4.1.2)
        }
        if (offers13() && !config.clientCertificates().isEmpty()) {
            ext.add(Extensions.empty(ExtensionType.POST_HANDSHAKE_AUTH)); // RFC 8446, 4.2.6
        }
        if (cookie != null) {
            ext.add(Extensions.cookie(cookie));
        }
        PreSharedKey.OfferedPsks psk = offeredTicket == null ? null : placeholderPsk();
        if (psk != null) {
            ext.add(psk.encode()); // RFC 8446, 4.2.11: the last extension
        }
        ext.forEach(e -> offeredExtensions.add(e.type()));
        ClientHello hello = new ClientHello(Extensions.TLS12, context.clientRandom, legacySessionId,
                offeredSuites().stream().map(CipherSuite::id).toList(), new byte[] {0}, ext);
        return psk == null ? hello : withBinder(hello, psk);
    }

    /** Our one identity with its obfuscated age (4.2.11.1), and a zero binder of the right length. */
    private PreSharedKey.OfferedPsks placeholderPsk() {
        long age = offeredTicket.obfuscatedAge(config.clock().millis());
        return new PreSharedKey.OfferedPsks(List.of(new PreSharedKey.Identity(offeredTicket.ticket(), age)),
                List.of(new byte[offeredTicket.cipherSuite().hashLength()]));
    }

    /** RFC 8446, 4.2.11.2: the binder covers the ClientHello up to the binders list (and an HRR before it). */
    private ClientHello withBinder(ClientHello hello, PreSharedKey.OfferedPsks placeholder) {
        List<Extension> ext = new ArrayList<>(hello.extensions());
        byte[] encoded = hello.encode().encoded();
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - placeholder.bindersLength());
        CipherSuite suite = offeredTicket.cipherSuite();
        byte[] binder = PskBinder.compute(suite, offeredTicket.psk(),
                PskBinder.transcriptHash(context.transcript, suite, truncated));
        ext.set(ext.size() - 1, new PreSharedKey.OfferedPsks(placeholder.identities(), List.of(binder)).encode());
        return new ClientHello(hello.legacyVersion(), hello.random(), hello.legacySessionId(), hello.cipherSuites(),
                hello.legacyCompressionMethods(), ext);
    }

    /** RFC 8422 5.1.2, RFC 7627, RFC 5746, RFC 7366: what a TLS 1.2 server looks for. */
    private List<Extension> tls12Extensions() {
        List<Extension> ext = new ArrayList<>();
        ext.add(Extensions.ecPointFormats());
        if (config.extendedMasterSecret()) {
            ext.add(Extensions.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        }
        ext.add(Extensions.renegotiationInfo(new byte[0]));
        if (cachePeer != null && config.extendedMasterSecret()) {
            // RFC 5077, 3.2: empty asks for a ticket; RFC 7627, 5.3: never resumed without the EMS
            ext.add(new Extension(ExtensionType.SESSION_TICKET,
                    offered12 != null && offered12.ticket() != null ? offered12.ticket() : new byte[0]));
        }
        if (config.encryptThenMac() && offeredSuites().stream().anyMatch(s -> !s.isTls13() && !s.cipher().isAead())) {
            ext.add(Extensions.empty(ExtensionType.ENCRYPT_THEN_MAC));
        }
        return ext;
    }

    /** The configured suites of the versions we speak. */
    List<CipherSuite> offeredSuites() {
        return config.cipherSuites().stream().filter(s -> config.speaks(s.version())).toList();
    }

    /**
     * signature_algorithms: RFC 8446, 4.2.3 keeps PKCS#1 v1.5 (and SHA-1) out of TLS 1.3 handshakes, but a client
     * that also offers TLS 1.2 lists them for that version's ServerKeyExchange.
     */
    List<Integer> offeredSchemes() {
        return config.signatureSchemes().stream().filter(s -> offers12() || s.allowedInTls13Handshake())
                .map(SignatureScheme::id).toList();
    }

    /** The schemes a TLS 1.3 server may sign its CertificateVerify with. */
    List<Integer> handshakeSchemes() {
        return config.signatureSchemes().stream().filter(SignatureScheme::allowedInTls13Handshake)
                .map(SignatureScheme::id).toList();
    }

    /** RFC 7301, 3.1: the server names exactly one protocol, one of those we offered. */
    String chosenProtocol(List<String> names) throws TlsException {
        if (names.size() != 1 || !config.applicationProtocols().contains(names.get(0))) {
            throw TlsException.illegalParameter("server chose ALPN " + names + ", not one protocol of our "
                    + config.applicationProtocols());
        }
        return names.get(0);
    }

    KeyExchange keyShareFor(int group) {
        for (KeyExchange k : keyShares) {
            if (k.group().id() == group) {
                return k;
            }
        }
        return null;
    }

    boolean offeredSuite(int id) {
        return offeredSuites().stream().anyMatch(s -> s.id() == id);
    }
}
