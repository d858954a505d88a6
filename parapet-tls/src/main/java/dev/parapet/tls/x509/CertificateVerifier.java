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

    /**
     * TLS 1.2 RSA key transport (RFC 5246, 7.4.2): the client encrypts to the leaf's key, so a leaf whose keyUsage
     * allows keyEncipherment (rather than digitalSignature) is right. Verifiers that check keyUsage override this.
     */
    default void verifyForKeyEncipherment(List<X509Certificate> chain, String serverName) throws TlsException {
        verify(chain, serverName);
    }

    /**
     * Parapet's own verifier (path building and RFC 5280 validation without the JDK's PKIX code) for server
     * certificates, over {@code anchors}. The default.
     */
    static CertificateVerifier parapet(TrustAnchors anchors) {
        return new ParapetCertificateVerifier(anchors);
    }

    /** {@link #parapet(TrustAnchors)} over the JDK's cacerts. */
    static CertificateVerifier parapet() {
        return parapet(TrustAnchors.jdkDefault());
    }

    /** The JDK's PKIX validator with Parapet's name and extended key usage checks, over {@code anchors}. */
    static CertificateVerifier jdkPkix(TrustAnchors anchors) {
        return new PkixCertificateVerifier(anchors);
    }

    /** {@link #jdkPkix(TrustAnchors)} over the JDK's cacerts. */
    static CertificateVerifier jdkPkix() {
        return jdkPkix(TrustAnchors.jdkDefault());
    }

    /** Accepts any chain. For tests and {@code --insecure} only: it lets a man in the middle in. */
    static CertificateVerifier insecure() {
        return (chain, serverName) -> { };
    }
}
