package dev.parapet.tls.x509;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) and the private key of its leaf, as a server presents it.
 *
 * @param chain      leaf first, then intermediates; never empty
 * @param privateKey the key matching the leaf's public key
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey privateKey) {
    public CertifiedKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
