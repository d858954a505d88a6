package dev.parapet.tls.io;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsSession;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/** A blocking TLS connection over a {@link Socket}, for either role. */
public final class TlsSocket implements Closeable {

    /** Connects to host:port, sends SNI (unless host is an IP literal) and completes the handshake. */
    public static TlsSocket connect(String host, int port, TlsClientConfig config, Duration timeout)
            throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Wraps a connected socket; the handshake runs on {@link #startHandshake()} or the first read or write. */
    public TlsSocket(Socket socket, TlsConnection connection) {
        throw new UnsupportedOperationException("TODO");
    }

    public void startHandshake() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** The negotiated parameters, running the handshake first if needed. */
    public TlsSession session() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Read returns -1 after the peer's close_notify; a transport EOF without it throws TlsException. */
    public InputStream getInputStream() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Each write() and flush() sends its records at once. */
    public OutputStream getOutputStream() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Read timeout in milliseconds, as {@link Socket#setSoTimeout}. */
    public void setSoTimeout(int millis) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public Socket socket() {
        throw new UnsupportedOperationException("TODO");
    }

    public TlsConnection connection() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Sends close_notify and stops writing; reading continues until the peer's close_notify. */
    public void shutdownOutput() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Sends close_notify (when possible) and closes the socket. */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
