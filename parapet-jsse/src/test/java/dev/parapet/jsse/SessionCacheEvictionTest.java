package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.session.ResumptionTicket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a client context keeps for a peer (its tickets) goes with the session that the cache size evicts, so idle
 * contexts do not hold tickets for sessions they no longer have.
 */
class SessionCacheEvictionTest {

    private static ResumptionTicket ticket(long now) {
        return new ResumptionTicket(new byte[] {1, 2, 3}, new byte[32], CipherSuite.TLS_AES_128_GCM_SHA256, 3600, 7,
                now, "server.test", List.of(), 0, null);
    }

    private static ParapetSession session(ParapetSessionContext ctx, String peer) {
        ParapetSession s = ParapetSession.handshaking(ctx, "server.test", 443);
        s.complete(new TlsSession("TLSv1.3", CipherSuite.TLS_AES_128_GCM_SHA256, NamedGroup.X25519,
                SignatureScheme.ECDSA_SECP256R1_SHA256, null, "server.test", List.of(), List.of(), false, true,
                false)); // valid, and added to the context
        ctx.bind(peer, s);
        return s;
    }

    @Test
    void ticketsOfAnEvictedSessionAreDropped() {
        ParapetSessionContext ctx = new ParapetSessionContext();
        JsseSessionCache cache = new JsseSessionCache(ctx);
        ctx.setSessionCacheSize(1);
        long now = System.currentTimeMillis();
        session(ctx, "a:443");
        cache.put("a:443", ticket(now));
        session(ctx, "b:443"); // evicts a's session
        cache.put("b:443", ticket(now));
        session(ctx, "a:443"); // a live session for a again, evicting b's; a's old ticket must be gone
        assertNull(cache.take("a:443", now), "a ticket of an evicted session was kept");
        assertNull(cache.take("b:443", now));
    }

    @Test
    void ticketsOfALiveSessionStay() {
        ParapetSessionContext ctx = new ParapetSessionContext();
        JsseSessionCache cache = new JsseSessionCache(ctx);
        ctx.setSessionCacheSize(2);
        long now = System.currentTimeMillis();
        session(ctx, "a:443");
        cache.put("a:443", ticket(now));
        session(ctx, "b:443");
        assertNotNull(cache.take("a:443", now));
    }
}
