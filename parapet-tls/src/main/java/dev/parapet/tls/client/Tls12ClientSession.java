package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.engine.Tls12ExpectChangeCipherSpec;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.engine.Tls12SessionHooks;
import dev.parapet.tls.session.Tls12Session;

/**
 * The client's side of TLS 1.2 resumption (RFC 5246, 7.4.1.2 and 7.3; RFC 5077, 3.4): which cached session to
 * offer, how to tell the server accepted it, and what to keep once a handshake completes. Only sessions with the
 * extended master secret are offered or kept (RFC 7627, 5.3); a TLS 1.2 session stays cached for reuse.
 */
final class Tls12ClientSession implements Tls12SessionHooks {
    /** Kept this long when the server gives no ticket lifetime hint (RFC 5246, F.1.4 suggests at most a day). */
    private static final long DEFAULT_LIFETIME_SECONDS = 7200;
    private final ClientHandshake hs;

    Tls12ClientSession(ClientHandshake hs) {
        this.hs = hs;
    }

    /** The cached session for this peer, if it fits this connection: same SNI, its suite still offered, EMS on. */
    static Tls12Session toOffer(ClientHandshake hs) {
        if (hs.cachePeer == null || !hs.offers12() || !hs.config.extendedMasterSecret()) {
            return null;
        }
        Tls12Session s = hs.config.sessionCache().getTls12(hs.cachePeer, hs.config.clock().millis());
        if (s == null || !java.util.Objects.equals(s.serverName(), hs.sni) || !hs.offeredSuite(s.cipherSuite().id())) {
            return null;
        }
        return s;
    }

    /**
     * The ClientHello's session ID: the cached session's ID; with a ticket a fresh random one, which the server
     * echoes when it accepts the ticket (RFC 5077, 3.4); else random for TLS 1.3 middlebox compatibility (RFC 8446,
     * D.4) or empty.
     */
    static byte[] legacySessionId(ClientHandshake hs) {
        Tls12Session s = hs.offered12;
        if (s != null && s.ticket() == null && s.sessionId().length > 0) {
            return s.sessionId().clone();
        }
        boolean random = s != null || (hs.config.middleboxCompatibility() && hs.offers13());
        return random ? hs.context.randomBytes(32) : new byte[0];
    }

    /** RFC 5246, 7.4.1.3: the server echoed our session ID: it resumes the offered session. */
    static State resume(ClientHandshake hs) throws TlsException {
        HandshakeContext ctx = hs.context;
        Tls12Session s = hs.offered12;
        CipherSuite suite = ctx.cipherSuite;
        if (suite != s.cipherSuite()) {
            throw TlsException.illegalParameter("server resumed our " + s.cipherSuite() + " session with " + suite);
        }
        if (!ctx.extendedMasterSecret) {
            // RFC 7627, 5.3: a session with the extended master secret resumes only with it
            throw new TlsException(AlertDescription.HANDSHAKE_FAILURE,
                    "server resumed a session without extended_master_secret");
        }
        if (ctx.encryptThenMac != s.encryptThenMac()) {
            throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "server resumed a session "
                    + (s.encryptThenMac() ? "without" : "with") + " encrypt_then_mac, unlike the original");
        }
        ctx.resumed = true;
        ctx.peerCertificates = s.peerCertificates(); // verified in the full handshake
        Tls12Keys keys = Tls12Keys.resume(ctx, s.masterSecret());
        return hs.ticketPromised ? new Tls12ExpectNewSessionTicket(hs, keys)
                : new Tls12ExpectChangeCipherSpec(ctx, keys);
    }

    @Override
    public void completed(Tls12Keys keys) {
        HandshakeContext ctx = hs.context;
        if (!ctx.extendedMasterSecret) {
            return; // RFC 7627, 5.3: not resumable
        }
        long now = hs.config.clock().millis();
        byte[] ticket = hs.ticket12 != null && hs.ticket12.ticket().length > 0 ? hs.ticket12.ticket() : null;
        Tls12Session s = hs.offered12;
        if (ctx.resumed && ticket == null) {
            return; // the offered session stays cached as it was
        }
        if (!ctx.resumed && ticket == null && hs.serverSessionId.length == 0) {
            return; // the server cannot resume this session
        }
        long lifetime = hs.ticket12 != null && hs.ticket12.lifetimeHint() > 0 ? hs.ticket12.lifetimeHint()
                : DEFAULT_LIFETIME_SECONDS;
        byte[] id = ticket != null ? new byte[0] : hs.serverSessionId;
        hs.config.sessionCache().putTls12(hs.cachePeer, ctx.resumed
                ? new Tls12Session(id, ticket, s.masterSecret(), s.cipherSuite(), s.serverName(), s.peerCertificates(),
                        s.encryptThenMac(), now, lifetime)
                : new Tls12Session(id, ticket, keys.masterSecret(), ctx.cipherSuite, hs.sni, ctx.peerCertificates,
                        ctx.encryptThenMac, now, lifetime));
    }

    @Override
    public void failed() {
        hs.config.sessionCache().removeTls12(hs.cachePeer);
    }
}
