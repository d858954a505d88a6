package dev.parapet.tls;

/** Whether a server asks for a client certificate (mutual TLS), and whether it insists. */
public enum ClientAuth {
    /** No CertificateRequest. */
    NONE,
    /** A CertificateRequest; a client without a certificate is still served (and its session says so). */
    OPTIONAL,
    /** A CertificateRequest; a client without a certificate is refused (certificate_required / handshake_failure). */
    REQUIRED,
    /**
     * TLS 1.3 post-handshake authentication (RFC 8446, 4.6.2): no CertificateRequest in the handshake; the
     * application calls {@code TlsConnection.requestClientCertificate()} when it wants one.
     */
    POST_HANDSHAKE
}
