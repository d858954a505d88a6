package dev.parapet.jsse;

import dev.parapet.tls.x509.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The managers of the "Default" context, read from the system properties SunJSSE reads:
 * {@code javax.net.ssl.keyStore} (+ {@code keyStoreType}, default {@link KeyStore#getDefaultType()},
 * {@code keyStorePassword}, {@code keyStoreProvider}; "NONE" means no file) and, through the default
 * TrustManagerFactory, {@code javax.net.ssl.trustStore} (+ type and password), falling back to jssecacerts and
 * cacerts. The trusted certificates then feed Parapet's own verifier, so failures read as Parapet's one-line reasons.
 */
final class DefaultManagers {
    private DefaultManagers() {
    }

    static ContextState load() throws KeyManagementException {
        try {
            return new ContextState(keyManager(), null, trustAnchors(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyManagementException("cannot load the default key or trust store: " + e.getMessage(), e);
        }
    }

    private static X509KeyManager keyManager() throws GeneralSecurityException, IOException {
        String file = System.getProperty("javax.net.ssl.keyStore", "");
        String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
        String provider = System.getProperty("javax.net.ssl.keyStoreProvider", "");
        String password = System.getProperty("javax.net.ssl.keyStorePassword");
        char[] pass = password == null ? null : password.toCharArray();
        KeyStore ks = null;
        if (!file.isEmpty() || "PKCS11".equals(type)) {
            ks = provider.isEmpty() ? KeyStore.getInstance(type) : KeyStore.getInstance(type, provider);
            if (!file.isEmpty() && !"NONE".equals(file)) {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    ks.load(in, pass);
                }
            } else {
                ks.load(null, pass);
            }
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass == null ? new char[0] : pass);
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509KeyManager x) {
                return x;
            }
        }
        return null;
    }

    private static TrustAnchors trustAnchors() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x && x.getAcceptedIssuers().length > 0) {
                return TrustAnchors.of(List.of(x.getAcceptedIssuers()));
            }
        }
        throw new KeyManagementException("the default trust store holds no certificates");
    }
}
