package dev.parapet.tls.server;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.engine.Tls12SessionHooks;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.Tls12NewSessionTicket;
import dev.parapet.tls.session.TicketSealer;
import dev.parapet.tls.session.Tls12SessionState;
import java.time.Duration;

/**
 * The server's side of TLS 1.2 resumption for one connection: a NewSessionTicket before its ChangeCipherSpec (RFC
 * 5077, 3.3), or the session sealed under the current ticket key and kept in the session store under its session
 * ID (RFC 5246, 7.4.1.2), so the store never holds a master secret in the clear; forgotten after a fatal alert.
 */
final class Tls12ServerSession implements Tls12SessionHooks {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    /** The session ID under which the session is (or will be) kept; null for ticket-only sessions. */
    private final byte[] sessionId;
    private final boolean storeOnCompletion;
    private final boolean issueTicket;
    /** When the session's full handshake happened: a resumption does not extend its life. */
    private final long createdMillis;

    Tls12ServerSession(HandshakeContext ctx, TlsServerConfig config, byte[] sessionId, boolean storeOnCompletion,
                       boolean issueTicket, long createdMillis) {
        this.ctx = ctx;
        this.config = config;
        this.sessionId = sessionId;
        this.storeOnCompletion = storeOnCompletion;
        this.issueTicket = issueTicket;
        this.createdMillis = createdMillis;
    }

    private Tls12SessionState state(Tls12Keys keys) throws TlsException {
        return new Tls12SessionState(ctx.cipherSuite.id(), keys.masterSecret(), createdMillis,
                config.ticketLifetime().getSeconds(), ctx.serverName, ctx.extendedMasterSecret, ctx.encryptThenMac,
                Tls12Resumption.der(ctx.peerCertificates));
    }

    @Override
    public HandshakeMessage ticketBeforeChangeCipherSpec(Tls12Keys keys) throws TlsException {
        if (!issueTicket) {
            return null;
        }
        byte[] ticket = TicketSealer.seal(config.ticketKeys(), state(keys), ctx.random());
        long age = Math.max(0, config.clock().millis() - createdMillis) / 1000;
        long hint = Math.max(1, config.ticketLifetime().getSeconds() - age);
        return new Tls12NewSessionTicket(hint, ticket).encode();
    }

    @Override
    public void completed(Tls12Keys keys) {
        if (!storeOnCompletion) {
            return;
        }
        try {
            byte[] sealed = TicketSealer.seal(config.ticketKeys(), state(keys), ctx.random());
            config.sessionStore().putSession(sessionId, sealed,
                    Duration.ofSeconds(config.ticketLifetime().getSeconds()));
        } catch (TlsException | RuntimeException e) {
            // a session that cannot be kept is simply not resumed later
        }
    }

    @Override
    public void failed() {
        if (sessionId != null) {
            try {
                config.sessionStore().removeSession(sessionId);
            } catch (RuntimeException e) {
                // a store that cannot be reached forgets by expiry
            }
        }
    }
}
