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

    static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException out = new SSLHandshakeException(message);
        if (cause != null) {
            out.initCause(cause);
        }
        return out;
    }
}
