package dev.parapet.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Server sockets of one SSLContext. */
final class ParapetServerSocketFactory extends SSLServerSocketFactory {
    private final ParapetContextSpi context;

    ParapetServerSocketFactory(ParapetContextSpi context) {
        this.context = context;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new ParapetServerSocket(context);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ParapetServerSocket(context, port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return new ParapetServerSocket(context, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return new ParapetServerSocket(context, port, backlog, address);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return JsseNames.defaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return JsseNames.supportedCipherSuites();
    }
}
