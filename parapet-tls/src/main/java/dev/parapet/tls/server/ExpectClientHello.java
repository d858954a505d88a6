package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.EarlyDataStatus;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CipherSuiteValues;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.handshake.ServerHello;
import java.util.List;

/**
 * Waits for a ClientHello (RFC 8446, 4.1.2), checks it, and either asks for another key share with a
 * HelloRetryRequest (4.1.4) or answers with the whole server flight.
 */
final class ExpectClientHello implements State {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    /** After a HelloRetryRequest: the suite and group it fixed; null for the first ClientHello. */
    private final Retry retry;

    record Retry(CipherSuite suite, NamedGroup group, byte[] sessionId) {
    }

    ExpectClientHello(HandshakeContext ctx, TlsServerConfig config, Retry retry) {
        this.ctx = ctx;
        this.config = config;
        this.retry = retry;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.CLIENT_HELLO;
    }

    @Override
    public boolean acceptsChangeCipherSpec() {
        return retry != null; // RFC 8446, 5: only after the first ClientHello
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        ClientHello ch = ClientHello.decode(message);
        ctx.limits().checkExtensions(ch.extensions(), "ClientHello");
        if (chooseVersion(ch) == ProtocolVersion.TLS12) {
            if (retry != null) {
                throw TlsException.illegalParameter("second ClientHello no longer offers TLS 1.3");
            }
            return new Tls12ServerFlight(ctx, config, ch).send(message);
        }
        ctx.version = ProtocolVersion.TLS13;
        if (ch.legacyCompressionMethods().length != 1 || ch.legacyCompressionMethods()[0] != 0) {
            throw TlsException.illegalParameter("ClientHello offers compression; TLS 1.3 allows only null");
        }
        checkPreSharedKeyIsLast(ch);
        CipherSuite suite = Negotiation.cipherSuite(config, ch);
        List<Integer> groups = Extensions.decodeU16List(require(ch, ExtensionType.SUPPORTED_GROUPS));
        List<KeyShareEntry> shares = Extensions.decodeClientKeyShares(require(ch, ExtensionType.KEY_SHARE));
        ctx.limits().checkKeyShares(shares.size());
        for (KeyShareEntry k : shares) {
            if (!groups.contains(k.group())) {
                throw TlsException.illegalParameter(String.format(
                        "key_share for group 0x%04x, which supported_groups does not list", k.group()));
            }
        }
        if (retry != null) {
            checkRetry(ch, suite, shares);
        }
        NamedGroup group = Negotiation.group(config, groups, shares);
        KeyShareEntry share = shares.stream().filter(k -> k.group() == group.id()).findFirst().orElse(null);
        ctx.pskModeOffered = !Resumption.commonModes(config, ch).isEmpty();
        boolean earlyOffered = earlyDataOffered(ch);
        // RFC 8446, 4.2.11: with an HRR, the PSK is judged on the second ClientHello, whose binder covers the HRR
        Resumption.Accepted resumed = Resumption.choose(ctx, config, ch, message, suite, share != null);
        if (share == null && resumed == null) {
            if (earlyOffered) {
                ctx.earlyDataStatus = EarlyDataStatus.REJECTED;
                ctx.skipEarlyData(skipLimit()); // RFC 8446, 4.2.10: an HRR refuses 0-RTT
            }
            return helloRetryRequest(ch, message, suite, group);
        }
        boolean acceptEarly = earlyOffered && Resumption.acceptsEarlyData(config, resumed, suite,
                Negotiation.applicationProtocol(config, ch), retry != null);
        if (earlyOffered) {
            ctx.earlyDataStatus = acceptEarly ? EarlyDataStatus.ACCEPTED : EarlyDataStatus.REJECTED;
            if (!acceptEarly) {
                ctx.skipEarlyData(skipLimit());
            }
        }
        return new ServerFlight(ctx, config, ch, suite, resumed != null && !resumed.withKeyExchange() ? null : group,
                resumed != null && !resumed.withKeyExchange() ? null : share, resumed, acceptEarly).send(message);
    }

    /** RFC 8446, 4.2.10: early_data in a ClientHello is empty, and never in the one answering an HRR (4.1.2). */
    private boolean earlyDataOffered(ClientHello ch) throws TlsException {
        Extension early = ch.extension(ExtensionType.EARLY_DATA);
        if (early == null) {
            return false;
        }
        Extensions.checkEmptyEarlyData(early);
        if (retry != null) {
            throw TlsException.illegalParameter("second ClientHello offers early_data after a HelloRetryRequest");
        }
        return true;
    }

    /** How much refused 0-RTT to skip: what our tickets allow, and at least one full record's worth. */
    private int skipLimit() {
        return Math.max(config.maxEarlyData(), 1 << 14);
    }

    /**
     * RFC 8446, 4.2.1 and D.2: the highest version both speak; supported_versions when present, else the legacy
     * version field. RFC 7507: a fallback SCSV from a client that could have offered more is a downgrade.
     */
    private ProtocolVersion chooseVersion(ClientHello ch) throws TlsException {
        Extension sv = ch.extension(ExtensionType.SUPPORTED_VERSIONS);
        List<Integer> offered = sv != null ? Extensions.decodeClientSupportedVersions(sv) : List.of();
        boolean client13 = offered.contains(Extensions.TLS13);
        boolean client12 = sv != null ? offered.contains(Extensions.TLS12) : ch.legacyVersion() >= Extensions.TLS12;
        ProtocolVersion chosen = config.speaks(ProtocolVersion.TLS13) && client13 ? ProtocolVersion.TLS13
                : config.speaks(ProtocolVersion.TLS12) && client12 ? ProtocolVersion.TLS12 : null;
        if (chosen == null) {
            String theirs = sv != null ? offered.stream().map(v -> String.format("0x%04x", v)).toList().toString()
                    : String.format("0x%04x (no supported_versions)", ch.legacyVersion());
            throw new TlsException(AlertDescription.PROTOCOL_VERSION,
                    "client offers " + theirs + "; this server speaks " + config.versions());
        }
        if (ch.cipherSuites().contains(CipherSuiteValues.TLS_FALLBACK_SCSV) && !client13 && config.speaks(ProtocolVersion.TLS13)) {
            throw new TlsException(AlertDescription.INAPPROPRIATE_FALLBACK,
                    "client fell back to " + chosen + " although both speak TLS 1.3 (RFC 7507)");
        }
        return chosen;
    }

    /** RFC 8446, 4.2.11: pre_shared_key must be the last extension (its binders end the message). */
    private static void checkPreSharedKeyIsLast(ClientHello ch) throws TlsException {
        List<Extension> ext = ch.extensions();
        for (int i = 0; i < ext.size() - 1; i++) {
            if (ext.get(i).type() == ExtensionType.PRE_SHARED_KEY) {
                throw TlsException.illegalParameter("pre_shared_key is not the last ClientHello extension");
            }
        }
    }

    private static Extension require(ClientHello ch, int type) throws TlsException {
        Extension e = ch.extension(type);
        if (e == null) {
            // RFC 8446, 9.2: a TLS 1.3 ClientHello without PSK must carry these
            throw new TlsException(AlertDescription.MISSING_EXTENSION,
                    "ClientHello lacks " + ExtensionType.name(type));
        }
        return e;
    }

    /** RFC 8446, 4.1.2: the second ClientHello answers the HelloRetryRequest and changes nothing else. */
    private void checkRetry(ClientHello ch, CipherSuite suite, List<KeyShareEntry> shares) throws TlsException {
        if (suite != retry.suite()) {
            throw TlsException.illegalParameter("second ClientHello no longer offers " + retry.suite());
        }
        if (shares.size() != 1 || shares.get(0).group() != retry.group().id()) {
            throw TlsException.illegalParameter("second ClientHello does not send the one key share for "
                    + retry.group() + " that the HelloRetryRequest asked for");
        }
        if (!java.security.MessageDigest.isEqual(ch.legacySessionId(), retry.sessionId())) {
            throw TlsException.illegalParameter("second ClientHello changed legacy_session_id");
        }
    }

    private State helloRetryRequest(ClientHello ch, HandshakeMessage message, CipherSuite suite, NamedGroup group)
            throws TlsException {
        if (retry != null) {
            throw TlsException.illegalParameter("second ClientHello still has no usable key share");
        }
        ctx.helloRetryRequest = true;
        ctx.transcript.start(suite.hashAlgorithm());
        ctx.received(message);
        ctx.transcript.replaceWithMessageHash(); // RFC 8446, 4.4.1
        ServerHello hrr = new ServerHello(Extensions.TLS12, ServerHello.HELLO_RETRY_REQUEST_RANDOM,
                ch.legacySessionId(), suite.id(), 0, List.of(
                Extensions.serverSupportedVersion(Extensions.TLS13), Extensions.helloRetryKeyShare(group.id())));
        ctx.send(hrr.encode());
        if (ch.legacySessionId().length > 0) {
            ctx.sendChangeCipherSpec(); // RFC 8446, D.4: after the server's first handshake message
        }
        return new ExpectClientHello(ctx, config, new Retry(suite, group, ch.legacySessionId()));
    }
}
