package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.Security;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class ProviderTest {
    @Test
    void perUseByName() throws Exception {
        Security.addProvider(new ParapetProvider());
        try {
            for (String name : new String[] {"TLS", "TLSv1.3", "TLSv1.2", "SSL"}) {
                SSLContext ctx = SSLContext.getInstance(name, "Parapet");
                assertEquals("Parapet", ctx.getProvider().getName());
                assertThrows(IllegalStateException.class, ctx::createSSLEngine); // not initialised
            }
            assertEquals("Parapet", SSLContext.getInstance("Default", "Parapet").getProvider().getName());
        } finally {
            Security.removeProvider("Parapet");
        }
    }

    @Test
    void insertedFirstItIsTheDefaultChoice() throws Exception {
        Security.insertProviderAt(new ParapetProvider(), 1);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            assertEquals("Parapet", ctx.getProvider().getName());
            ctx.init(null, null, null);
            SSLEngine e = ctx.createSSLEngine();
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, e.getSupportedProtocols());
        } finally {
            Security.removeProvider("Parapet");
        }
    }

    @Test
    void tls12ContextDefaultsLikeSunJsse() throws Exception {
        for (String provider : new String[] {"Parapet", "SunJSSE"}) {
            SSLContext ctx = Jsse.context(provider, "TLSv1.2");
            assertArrayEquals(new String[] {"TLSv1.2"}, ctx.getDefaultSSLParameters().getProtocols(), provider);
            assertArrayEquals(new String[] {"TLSv1.2"}, Jsse.client(ctx, "x").getEnabledProtocols(), provider);
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, Jsse.server(ctx).getEnabledProtocols(), provider);
        }
    }

    @Test
    void defaultContextRefusesInit() throws Exception {
        SSLContext ctx = SSLContext.getInstance("Default", Jsse.PARAPET);
        assertThrows(java.security.KeyManagementException.class, () -> ctx.init(null, null, null));
        assertEquals(20480, ctx.getClientSessionContext().getSessionCacheSize());
        assertEquals(86400, ctx.getClientSessionContext().getSessionTimeout());
    }
}
