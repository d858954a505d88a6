package dev.parapet.jsse;

import dev.parapet.tls.x509.CertifiedKey;
import java.net.Socket;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Reads chains and keys out of a JSSE key manager. Server: per key type, the key manager's own choice
 * ({@code chooseEngineServerAlias} / {@code chooseServerAlias}) comes first, then its other aliases; the core picks
 * among them by SNI and by the signature schemes the client accepts. Client (mutual TLS): per key type, the key
 * manager's choice ({@code chooseEngineClientAlias} / {@code chooseClientAlias}, with no issuers); the core sends the
 * first that fits the server's signature schemes and CA names when a server asks.
 */
final class KeyManagerAdapter {
    static final List<String> KEY_TYPES = List.of("EC", "RSA", "EdDSA", "Ed25519", "RSASSA-PSS");

    private KeyManagerAdapter() {
    }

    static List<CertifiedKey> serverKeys(X509KeyManager km, SSLEngine engine, Socket socket) {
        if (km == null) {
            return List.of();
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (String type : KEY_TYPES) {
            String chosen = choose(km, type, engine, socket);
            if (chosen != null) {
                aliases.add(chosen);
            }
        }
        for (String type : KEY_TYPES) {
            String[] all = km.getServerAliases(type, null);
            if (all != null) {
                aliases.addAll(List.of(all));
            }
        }
        return certifiedKeys(km, aliases);
    }

    /** The client's chains and keys to answer a CertificateRequest with: one per distinct alias chosen. */
    static List<CertifiedKey> clientKeys(X509KeyManager km, SSLEngine engine, Socket socket) {
        if (km == null) {
            return List.of();
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (String type : KEY_TYPES) {
            String chosen = chooseClient(km, type, engine, socket);
            if (chosen != null) {
                aliases.add(chosen);
            }
        }
        return certifiedKeys(km, aliases);
    }

    private static List<CertifiedKey> certifiedKeys(X509KeyManager km, Set<String> aliases) {
        List<CertifiedKey> out = new ArrayList<>();
        for (String alias : aliases) {
            X509Certificate[] chain;
            PrivateKey key;
            try {
                chain = km.getCertificateChain(alias);
                key = km.getPrivateKey(alias);
            } catch (RuntimeException e) {
                continue;
            }
            if (chain != null && chain.length > 0 && key != null) {
                out.add(new CertifiedKey(List.of(chain), key));
            }
        }
        return out;
    }

    private static String chooseClient(X509KeyManager km, String type, SSLEngine engine, Socket socket) {
        try {
            if (km instanceof X509ExtendedKeyManager ekm && socket == null) {
                return ekm.chooseEngineClientAlias(new String[] {type}, null, engine);
            }
            return km.chooseClientAlias(new String[] {type}, null, socket);
        } catch (RuntimeException e) {
            return null; // a key manager that cannot answer for this type has nothing of it
        }
    }

    private static String choose(X509KeyManager km, String type, SSLEngine engine, Socket socket) {
        try {
            if (km instanceof X509ExtendedKeyManager ekm && socket == null) {
                return ekm.chooseEngineServerAlias(type, null, engine);
            }
            return km.chooseServerAlias(type, null, socket);
        } catch (RuntimeException e) {
            return null; // a key manager that cannot answer for this type has nothing of it
        }
    }
}
