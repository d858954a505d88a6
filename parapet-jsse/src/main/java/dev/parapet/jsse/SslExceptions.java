package dev.parapet.jsse;

import dev.parapet.tls.TlsException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Turns Parapet's failures into JSSE exceptions: Parapet's one-line reason is the message, the cause is kept. */
final class SslExceptions {
    private SslExceptions() {
    }

    /** SSLHandshakeException during the handshake, SSLException after it; the TlsException is the cause. */
    static SSLException map(TlsException e, boolean duringHandshake) {
        SSLException out = duringHandshake ? new SSLHandshakeException(e.getMessage()) : new SSLException(
                e.getMessage());
        out.initCause(e);
        return out;
    }

    /**
     * Whether a TlsException is the peer refusing the handshake after our side of it completed: in TLS 1.3 a
     * client is done before the server has judged its certificate, so the server's verdict (certificate_required,
     * bad_certificate, unknown_ca, ...) arrives with the first records after it. SunJSSE reports these alerts as
     * SSLHandshakeException (and invalidates the session) whenever they come.
     */
    static boolean lateHandshakeRefusal(TlsException e) {
        if (!e.receivedFromPeer() || e.alert() == null) {
            return false;
        }
        return switch (e.alert()) {
            case HANDSHAKE_FAILURE, BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_REVOKED,
                    CERTIFICATE_EXPIRED, CERTIFICATE_UNKNOWN, UNKNOWN_CA, ACCESS_DENIED, CERTIFICATE_REQUIRED -> true;
            default -> false;
        };
    }

    static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException out = new SSLHandshakeException(message);
        if (cause != null) {
            out.initCause(cause);
        }
        return out;
    }
}
