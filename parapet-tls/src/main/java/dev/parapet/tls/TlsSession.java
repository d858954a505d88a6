package dev.parapet.tls;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a completed handshake agreed on. Immutable.
 *
 * @param protocol            {@code TLSv1.3} or {@code TLSv1.2}
 * @param cipherSuite         the negotiated suite
 * @param namedGroup          the key-exchange group (null for TLS 1.2 RSA key transport)
 * @param signatureScheme     the scheme of the server's CertificateVerify (TLS 1.2: of its ServerKeyExchange;
 *                            null for RSA key transport)
 * @param applicationProtocol the ALPN protocol, or null when none was negotiated
 * @param serverName          the SNI name the client sent (null when none)
 * @param peerCertificates    the peer's chain as sent, leaf first (empty when the peer sent none)
 * @param localCertificates   our chain, leaf first (empty when we sent none)
 * @param helloRetryRequest   whether a HelloRetryRequest round trip happened
 * @param extendedMasterSecret TLS 1.2: whether RFC 7627's extended master secret was used (always true in TLS 1.3,
 *                            whose key schedule binds the whole handshake)
 * @param encryptThenMac      TLS 1.2 CBC: whether RFC 7366's encrypt_then_mac was negotiated
 * @param resumed             whether the handshake resumed an earlier session with a ticket (RFC 8446, 2.2); the
 *                            peer certificates are then those of the original session
 */
public record TlsSession(String protocol, CipherSuite cipherSuite, NamedGroup namedGroup,
                         SignatureScheme signatureScheme, String applicationProtocol, String serverName,
                         List<X509Certificate> peerCertificates, List<X509Certificate> localCertificates,
                         boolean helloRetryRequest, boolean extendedMasterSecret, boolean encryptThenMac,
                         boolean resumed) {
    /** A session that did not resume (the shape before resumption existed). */
    public TlsSession(String protocol, CipherSuite cipherSuite, NamedGroup namedGroup,
                      SignatureScheme signatureScheme, String applicationProtocol, String serverName,
                      List<X509Certificate> peerCertificates, List<X509Certificate> localCertificates,
                      boolean helloRetryRequest, boolean extendedMasterSecret, boolean encryptThenMac) {
        this(protocol, cipherSuite, namedGroup, signatureScheme, applicationProtocol, serverName, peerCertificates,
                localCertificates, helloRetryRequest, extendedMasterSecret, encryptThenMac, false);
    }

    public TlsSession {
        peerCertificates = List.copyOf(peerCertificates);
        localCertificates = List.copyOf(localCertificates);
    }

    /** One line, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 ecdsa_secp256r1_sha256 alpn=h2}. */
    public String summary() {
        return protocol + " " + cipherSuite + " "
                + (namedGroup != null ? namedGroup : resumed ? "-" : "rsa-key-transport") + " "
                + (signatureScheme == null ? "-" : signatureScheme)
                + (protocol.equals("TLSv1.2") && !extendedMasterSecret ? " (no extended master secret)" : "")
                + (encryptThenMac ? " encrypt_then_mac" : "")
                + (applicationProtocol == null ? "" : " alpn=" + applicationProtocol)
                + (helloRetryRequest ? " (after HelloRetryRequest)" : "")
                + (resumed ? " (resumed)" : "");
    }
}
