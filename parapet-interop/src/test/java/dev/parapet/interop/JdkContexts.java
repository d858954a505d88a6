package dev.parapet.interop;

import dev.parapet.tls.x509.CertifiedKey;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The JDK's own TLS (SunJSSE) set up as users do: PKCS#12 key stores built in memory and the default factories. */
final class JdkContexts {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private JdkContexts() {
    }

    /** Key managers over a key store holding this key and chain. */
    static KeyManager[] keyManagers(CertifiedKey ck) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", ck.privateKey(), PASSWORD, ck.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, PASSWORD);
        return kmf.getKeyManagers();
    }

    /** Trust managers that trust this one CA. */
    static TrustManager[] trustManagers(X509Certificate ca) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    /** A context of this protocol ("TLS", "TLSv1.3", "TLSv1.2"); either manager array may be null. */
    static SSLContext context(String protocol, KeyManager[] keys, TrustManager[] trust) throws Exception {
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(keys, trust, null);
        return ctx;
    }
}
