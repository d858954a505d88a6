package dev.parapet.tls.io;

import dev.parapet.tls.TlsServerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Accepts TLS connections. */
public final class TlsServerSocket implements Closeable {

    /** Binds address:port (port 0 picks a free one). */
    public static TlsServerSocket bind(InetAddress address, int port, TlsServerConfig config) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public TlsServerSocket(ServerSocket serverSocket, TlsServerConfig config) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Accepts one TCP connection; the TLS handshake runs on the returned socket's first use or startHandshake(). */
    public TlsSocket accept() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public int getLocalPort() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
