package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionRules;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.ServerHello;
import java.security.MessageDigest;
import java.util.Set;

/** A ServerHello that chose TLS 1.2 (RFC 5246, 7.4.1.3): checks it and moves to the server's Certificate. */
final class Tls12ServerHello {
    /** Extensions a TLS 1.2 ServerHello may answer with. */
    private static final Set<Integer> ALLOWED = Set.of(ExtensionType.RENEGOTIATION_INFO,
            ExtensionType.EXTENDED_MASTER_SECRET, ExtensionType.EC_POINT_FORMATS, ExtensionType.ALPN,
            ExtensionType.SERVER_NAME, ExtensionType.ENCRYPT_THEN_MAC, ExtensionType.SESSION_TICKET);

    private Tls12ServerHello() {
    }

    static State handle(ClientHandshake hs, ServerHello sh, HandshakeMessage message) throws TlsException {
        HandshakeContext ctx = hs.context;
        CipherSuite suite = CipherSuite.fromId(sh.cipherSuite());
        if (suite == null || suite.isTls13() || !hs.offeredSuite(sh.cipherSuite())
                || sh.legacyCompressionMethod() != 0) {
            throw TlsException.illegalParameter(String.format(
                    "server chose cipher suite 0x%04x or compression %d, which we did not offer for TLS 1.2",
                    sh.cipherSuite(), sh.legacyCompressionMethod()));
        }
        boolean resumed = hs.legacySessionId.length > 0
                && MessageDigest.isEqual(sh.legacySessionIdEcho(), hs.legacySessionId);
        if (resumed && hs.offered12 == null) {
            // RFC 8446, D.4: our session id was random; echoing it would resume a session we never had
            throw TlsException.illegalParameter("server resumed a TLS 1.2 session we never offered");
        }
        ExtensionRules.checkResponse(sh.extensions(), hs.offeredExtensions, ALLOWED, "TLS 1.2 ServerHello");
        ctx.version = ProtocolVersion.TLS12;
        ctx.cipherSuite = suite;
        ctx.serverRandom = sh.random();
        ctx.negotiated();
        checkExtensions(hs, sh, suite);
        ctx.transcript.start(suite.hashAlgorithm());
        ctx.received(message);
        hs.serverSessionId = sh.legacySessionIdEcho();
        Extension ticket = sh.extension(ExtensionType.SESSION_TICKET);
        if (ticket != null) {
            Extensions.checkEmpty(ticket); // RFC 5077, 3.2: a NewSessionTicket follows
        }
        hs.ticketPromised = ticket != null;
        return resumed ? Tls12ClientSession.resume(hs) : new Tls12ExpectCertificate(hs);
    }

    private static void checkExtensions(ClientHandshake hs, ServerHello sh, CipherSuite suite) throws TlsException {
        HandshakeContext ctx = hs.context;
        Extension ri = sh.extension(ExtensionType.RENEGOTIATION_INFO);
        if (ri != null && Extensions.decodeRenegotiationInfo(ri).length != 0) {
            // RFC 5746, 3.4: empty on the initial handshake
            throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "renegotiation_info is not empty");
        }
        Extension ems = sh.extension(ExtensionType.EXTENDED_MASTER_SECRET);
        if (ems != null) {
            Extensions.checkEmpty(ems);
        }
        ctx.extendedMasterSecret = ems != null;
        if (ems == null && hs.config.requireExtendedMasterSecret()) {
            throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "server does not support "
                    + "extended_master_secret (RFC 7627), which this client requires");
        }
        Extension etm = sh.extension(ExtensionType.ENCRYPT_THEN_MAC);
        if (etm != null) {
            Extensions.checkEmpty(etm);
            if (suite.cipher().isAead()) {
                // RFC 7366, 3: never with an AEAD suite
                throw TlsException.illegalParameter("server sent encrypt_then_mac with AEAD suite " + suite);
            }
        }
        ctx.encryptThenMac = etm != null;
        Extension pf = sh.extension(ExtensionType.EC_POINT_FORMATS);
        if (pf != null) {
            Extensions.decodeEcPointFormats(pf);
        }
        Extension alpn = sh.extension(ExtensionType.ALPN);
        if (alpn != null) {
            ctx.applicationProtocol = hs.chosenProtocol(Extensions.decodeAlpn(alpn));
        }
    }
}
