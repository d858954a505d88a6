package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.session.Tls12Session;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session contexts' bounds as they govern resumption: cache size, timeout, invalidate. */
class SessionContextResumptionTest {
    private static Tls12Session session() {
        return new Tls12Session(new byte[32], null, new byte[48], CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                "localhost", List.of(), false, System.currentTimeMillis(), 3600);
    }

    private static ParapetSession completed(ParapetSessionContext context) {
        ParapetSession s = ParapetSession.handshaking(context, "localhost", 443);
        s.complete(new dev.parapet.tls.TlsSession("TLSv1.2", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                null, null, null, "localhost", List.of(), List.of(), false, true, false));
        return s;
    }

    @Test
    void serverSessionIdsAreBoundedByTheCacheSize() {
        ParapetSessionContext context = new ParapetSessionContext();
        JsseSessionStore store = new JsseSessionStore(context);
        context.onResize(store::trim);
        context.setSessionCacheSize(2);
        for (int i = 1; i <= 3; i++) {
            store.putSession(new byte[] {(byte) i}, new byte[] {(byte) i}, Duration.ofHours(1));
        }
        assertNull(store.getSession(new byte[] {1}), "the oldest went first");
        assertArrayEquals(new byte[] {3}, store.getSession(new byte[] {3}));
        context.setSessionCacheSize(1);
        assertNull(store.getSession(new byte[] {2}));
        assertNotNull(store.getSession(new byte[] {3}));
        store.removeSession(new byte[] {3});
        assertNull(store.getSession(new byte[] {3}));
    }

    @Test
    void serverSessionIdsLiveNoLongerThanTheTimeout() throws Exception {
        ParapetSessionContext context = new ParapetSessionContext();
        JsseSessionStore store = new JsseSessionStore(context);
        context.setSessionTimeout(1);
        store.putSession(new byte[] {1}, new byte[] {1}, Duration.ofHours(1));
        assertNotNull(store.getSession(new byte[] {1}));
        Thread.sleep(1100);
        assertNull(store.getSession(new byte[] {1}));
        assertEquals(Duration.ofDays(7), ConfigFactory.ticketLifetime(0));
        assertEquals(Duration.ofSeconds(60), ConfigFactory.ticketLifetime(60));
    }

    @Test
    void aClientOffersAPeersSessionOnlyWhileItsSSLSessionIsLive() {
        ParapetSessionContext context = new ParapetSessionContext();
        JsseSessionCache cache = new JsseSessionCache(context);
        long now = System.currentTimeMillis();
        cache.putTls12("localhost:443", session());
        assertNull(cache.getTls12("localhost:443", now), "no SSLSession bound to the peer yet");

        cache.putTls12("localhost:443", session());
        ParapetSession s = completed(context);
        context.bind("localhost:443", s);
        assertNotNull(cache.getTls12("localhost:443", now));
        assertSame(s, context.liveSessionFor("localhost:443"));

        s.invalidate();
        assertNull(cache.getTls12("localhost:443", now), "invalidated");

        ParapetSession t = completed(context);
        context.bind("localhost:443", t);
        cache.putTls12("localhost:443", session());
        completed(context);
        context.setSessionCacheSize(1); // t is the eldest of two: evicted
        assertNull(cache.getTls12("localhost:443", now), "evicted by the cache size");
    }
}
