package dev.parapet.tls.x509;

import dev.parapet.tls.TlsException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Decides whether the peer's certificate chain is trusted for the name we meant to reach. */
public interface CertificateVerifier {
    /**
     * @param chain      the chain as the peer sent it, leaf first, never empty
     * @param serverName the host we meant to reach (a DNS name or an IP literal), or null to skip the name check
     * @throws TlsException with the alert to send ({@code bad_certificate}, {@code certificate_expired},
     *                      {@code unknown_ca}, {@code certificate_unknown}, {@code unsupported_certificate}) and a
     *                      one-line reason, e.g. {@code server name mismatch: asked for a.example; certificate names
     *                      b.example}
     */
    void verify(List<X509Certificate> chain, String serverName) throws TlsException;

    /** Accepts any chain. For tests and {@code --insecure} only: it lets a man in the middle in. */
    static CertificateVerifier insecure() {
        return (chain, serverName) -> { };
    }
}
