package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.PskMode;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionRules;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.handshake.PreSharedKey;
import dev.parapet.tls.handshake.ServerHello;
import java.security.MessageDigest;
import java.util.Arrays;

/** Waits for ServerHello or HelloRetryRequest (RFC 8446, 4.1.3 and 4.1.4). */
final class ExpectServerHello implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;
    private final CipherSuite retrySuite;

    ExpectServerHello(ClientHandshake hs) {
        this(hs, null);
    }

    private ExpectServerHello(ClientHandshake hs, CipherSuite retrySuite) {
        this.hs = hs;
        this.ctx = hs.context;
        this.retrySuite = retrySuite;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.SERVER_HELLO;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        ServerHello sh = ServerHello.decode(message);
        ctx.limits().checkExtensions(sh.extensions(), "ServerHello");
        if (negotiatedVersion(sh) == ProtocolVersion.TLS12) {
            if (retrySuite != null) {
                throw TlsException.illegalParameter("server chose TLS 1.2 after a HelloRetryRequest");
            }
            return Tls12ServerHello.handle(hs, sh, message);
        }
        ctx.version = ProtocolVersion.TLS13;
        if (!MessageDigest.isEqual(sh.legacySessionIdEcho(), hs.legacySessionId)) {
            throw TlsException.illegalParameter("ServerHello legacy_session_id_echo does not match ours");
        }
        CipherSuite suite = CipherSuite.fromId(sh.cipherSuite());
        if (!hs.offeredSuite(sh.cipherSuite()) || !suite.isTls13() || sh.legacyCompressionMethod() != 0) {
            throw TlsException.illegalParameter(String.format(
                    "server chose cipher suite 0x%04x or compression %d, which we did not offer for TLS 1.3",
                    sh.cipherSuite(), sh.legacyCompressionMethod()));
        }
        if (retrySuite != null && suite != retrySuite) {
            // RFC 8446, 4.1.4: the ServerHello must keep the suite of the HelloRetryRequest
            throw TlsException.illegalParameter("ServerHello cipher suite differs from the HelloRetryRequest's");
        }
        return sh.isHelloRetryRequest() ? helloRetryRequest(sh, suite, message) : serverHello(sh, suite, message);
    }

    /** RFC 8446, 4.2.1 and 4.1.3: the version the server chose, and the downgrade sentinel. */
    private ProtocolVersion negotiatedVersion(ServerHello sh) throws TlsException {
        Extension sv = sh.extension(ExtensionType.SUPPORTED_VERSIONS);
        if (sv != null) {
            int version = Extensions.decodeServerSupportedVersion(sv);
            if (version != Extensions.TLS13 || !hs.config.speaks(ProtocolVersion.TLS13)
                    || sh.legacyVersion() != Extensions.TLS12) {
                throw TlsException.illegalParameter(String.format(
                        "server selected version 0x%04x, which we did not offer", version));
            }
            return ProtocolVersion.TLS13;
        }
        if (sh.isHelloRetryRequest()) {
            throw new TlsException(AlertDescription.MISSING_EXTENSION, "HelloRetryRequest lacks supported_versions");
        }
        if (hs.config.speaks(ProtocolVersion.TLS13)) {
            byte[] tail = Arrays.copyOfRange(sh.random(), 24, 32);
            if (MessageDigest.isEqual(tail, ServerHello.DOWNGRADE_TLS12)
                    || MessageDigest.isEqual(tail, ServerHello.DOWNGRADE_TLS11)) {
                // RFC 8446, 4.1.3: a TLS 1.3 server was made to negotiate an older version
                throw TlsException.illegalParameter("downgrade detected: the server speaks TLS 1.3 but the "
                        + "ServerHello chose an older version");
            }
        }
        if (sh.legacyVersion() == Extensions.TLS12 && hs.config.speaks(ProtocolVersion.TLS12)) {
            return ProtocolVersion.TLS12;
        }
        throw new TlsException(AlertDescription.PROTOCOL_VERSION, String.format(
                "server chose version 0x%04x; this client speaks %s", sh.legacyVersion(), hs.config.versions()));
    }

    private State helloRetryRequest(ServerHello hrr, CipherSuite suite, HandshakeMessage message)
            throws TlsException {
        if (retrySuite != null) {
            // RFC 8446, 4.1.4: a second HelloRetryRequest is unexpected_message
            throw TlsException.unexpectedMessage("second HelloRetryRequest");
        }
        ExtensionRules.checkResponse(hrr.extensions(), hs.offeredExtensions, ExtensionRules.HELLO_RETRY_REQUEST,
                "HelloRetryRequest");
        boolean changed = false;
        Extension ks = hrr.extension(ExtensionType.KEY_SHARE);
        if (ks != null) {
            hs.keyShares = java.util.List.of(ctx.crypto().generateKeyExchange(retryGroup(ks), ctx.random()));
            changed = true;
        }
        Extension cookie = hrr.extension(ExtensionType.COOKIE);
        if (cookie != null) {
            hs.cookie = Extensions.decodeCookie(cookie);
            changed = true;
        }
        if (!changed) {
            throw TlsException.illegalParameter("HelloRetryRequest would not change the ClientHello");
        }
        if (hs.offeredTicket != null
                && !hs.offeredTicket.cipherSuite().hashAlgorithm().equals(suite.hashAlgorithm())) {
            hs.offeredTicket = null; // RFC 8446, 4.1.2: a PSK incompatible with the server's suite may be dropped
        }
        if (ctx.earlyTrafficActive) {
            rejectEarlyData(); // RFC 8446, 4.2.10: an HRR refuses 0-RTT; the second hello goes in the clear
            ctx.clearWriteProtection();
        }
        ctx.helloRetryRequest = true;
        ctx.transcript.start(suite.hashAlgorithm());
        ctx.transcript.replaceWithMessageHash(); // RFC 8446, 4.4.1
        ctx.received(message);
        if (hs.legacySessionId.length > 0 && !hs.changeCipherSpecSent) {
            ctx.sendChangeCipherSpec(); // RFC 8446, D.4: before the second flight
            hs.changeCipherSpecSent = true;
        }
        ctx.send(hs.clientHello().encode());
        return new ExpectServerHello(hs, suite);
    }

    /** RFC 8446, 4.2.11: the server chose our one PSK; its hash must be the suite's. */
    private void acceptResumption(int selected, CipherSuite suite) throws TlsException {
        if (hs.offeredTicket == null) {
            throw TlsException.illegalParameter("server accepted a PSK we did not offer");
        }
        if (selected != 0) {
            throw TlsException.illegalParameter("server selected PSK identity " + selected + "; we offered one");
        }
        if (!hs.offeredTicket.cipherSuite().hashAlgorithm().equals(suite.hashAlgorithm())) {
            throw TlsException.illegalParameter("server resumed our " + hs.offeredTicket.cipherSuite()
                    + " ticket with " + suite + ", whose hash differs");
        }
        hs.resuming = true;
        ctx.resumed = true;
        ctx.peerCertificates = hs.offeredTicket.peerCertificates(); // verified in the original handshake
    }

    private void rejectEarlyData() {
        ctx.earlyTrafficActive = false;
        ctx.earlyDataStatus = dev.parapet.tls.EarlyDataStatus.REJECTED;
    }

    private NamedGroup retryGroup(Extension ks) throws TlsException {
        int id = Extensions.decodeHelloRetryKeyShare(ks);
        NamedGroup g = NamedGroup.fromId(id);
        // RFC 8446, 4.2.8: a group we support, and not one we already sent a share for
        if (g == null || !hs.config.namedGroups().contains(g) || hs.keyShareFor(id) != null) {
            throw TlsException.illegalParameter(String.format(
                    "HelloRetryRequest asks for group 0x%04x, which is not a new group we offered", id));
        }
        return g;
    }

    private State serverHello(ServerHello sh, CipherSuite suite, HandshakeMessage message) throws TlsException {
        ExtensionRules.checkResponse(sh.extensions(), hs.offeredExtensions, ExtensionRules.SERVER_HELLO,
                "ServerHello");
        Extension psk = sh.extension(ExtensionType.PRE_SHARED_KEY);
        if (psk != null) {
            acceptResumption(PreSharedKey.decodeSelected(psk), suite);
        }
        if (!hs.resuming && ctx.earlyTrafficActive) {
            rejectEarlyData(); // a full handshake: the server refused our ticket, and the 0-RTT data with it
        }
        Extension ks = sh.extension(ExtensionType.KEY_SHARE);
        KeyExchange mine = null;
        byte[] shared;
        if (ks != null) {
            KeyShareEntry share = Extensions.decodeServerKeyShare(ks);
            mine = hs.keyShareFor(share.group());
            if (mine == null) {
                throw TlsException.illegalParameter(String.format(
                        "server key_share is for group 0x%04x, for which we sent no share", share.group()));
            }
            shared = mine.sharedSecret(share.keyExchange());
        } else if (hs.resuming && hs.config.pskModes().contains(PskMode.PSK_KE)) {
            shared = new byte[suite.hashLength()]; // RFC 8446, 4.2.9 and 7.1: psk_ke, no (EC)DHE
        } else {
            throw new TlsException(AlertDescription.MISSING_EXTENSION, "ServerHello has no key_share");
        }
        ctx.cipherSuite = suite;
        ctx.namedGroup = mine == null ? null : mine.group();
        ctx.negotiated();
        if (!ctx.transcript.started()) {
            ctx.transcript.start(suite.hashAlgorithm());
        }
        ctx.received(message);
        HandshakeContext.Secrets secrets = ctx.deriveHandshakeSecrets(hs.resuming ? hs.offeredTicket.psk() : null,
                shared);
        hs.clientHandshakeSecret = secrets.client();
        hs.serverHandshakeSecret = secrets.server();
        return new ExpectEncryptedExtensions(hs);
    }
}
