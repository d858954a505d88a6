package dev.parapet.tls.io;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsServerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Accepts TLS connections. */
public final class TlsServerSocket implements Closeable {
    private final ServerSocket serverSocket;
    private final TlsServerConfig config;

    /** Binds address:port (port 0 picks a free one). */
    public static TlsServerSocket bind(InetAddress address, int port, TlsServerConfig config) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(address, port), 128);
        return new TlsServerSocket(ss, config);
    }

    public TlsServerSocket(ServerSocket serverSocket, TlsServerConfig config) {
        this.serverSocket = serverSocket;
        this.config = config;
    }

    /** Accepts one TCP connection; the TLS handshake runs on the returned socket's first use or startHandshake(). */
    public TlsSocket accept() throws IOException {
        Socket s = serverSocket.accept();
        s.setTcpNoDelay(true);
        return new TlsSocket(s, TlsConnection.server(config));
    }

    public int getLocalPort() {
        return serverSocket.getLocalPort();
    }

    public ServerSocket serverSocket() {
        return serverSocket;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
