package dev.parapet.tls.x509;

import dev.parapet.tls.AlertDescription;
import java.util.Objects;

/**
 * A certificate or a chain that Parapet's own verifier refuses: one line naming the certificate and the rule, and
 * the TLS alert to send. {@link ParapetCertificateVerifier} turns it into a {@link dev.parapet.tls.TlsException}
 * with the same message and alert.
 */
public final class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;

    public VerificationException(AlertDescription alert, String message) {
        super(message);
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    public VerificationException(AlertDescription alert, String message, Throwable cause) {
        super(message, cause);
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    public AlertDescription alert() {
        return alert;
    }

    static VerificationException bad(String message) {
        return new VerificationException(AlertDescription.BAD_CERTIFICATE, message);
    }

    static VerificationException unsupported(String message) {
        return new VerificationException(AlertDescription.UNSUPPORTED_CERTIFICATE, message);
    }
}
