package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a completed handshake agreed on. Immutable.
 *
 * @param protocol            {@code TLSv1.3}
 * @param cipherSuite         the negotiated suite
 * @param namedGroup          the key-exchange group
 * @param signatureScheme     the scheme of the server's CertificateVerify
 * @param applicationProtocol the ALPN protocol, or null when none was negotiated
 * @param serverName          the SNI name the client sent (null when none)
 * @param peerCertificates    the peer's chain as sent, leaf first (empty when the peer sent none)
 * @param localCertificates   our chain, leaf first (empty when we sent none)
 * @param helloRetryRequest   whether a HelloRetryRequest round trip happened
 */
public record TlsSession(String protocol, CipherSuite cipherSuite, NamedGroup namedGroup,
                         SignatureScheme signatureScheme, String applicationProtocol, String serverName,
                         List<X509Certificate> peerCertificates, List<X509Certificate> localCertificates,
                         boolean helloRetryRequest) {
    public TlsSession {
        peerCertificates = List.copyOf(peerCertificates);
        localCertificates = List.copyOf(localCertificates);
    }

    /** One line, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 ecdsa_secp256r1_sha256 alpn=h2}. */
    public String summary() {
        return protocol + " " + cipherSuite + " " + namedGroup + " " + signatureScheme
                + (applicationProtocol == null ? "" : " alpn=" + applicationProtocol)
                + (helloRetryRequest ? " (after HelloRetryRequest)" : "");
    }
}
