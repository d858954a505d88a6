package dev.parapet.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/** Client sockets of one SSLContext: connected, unconnected, or layered over an existing socket. */
final class ParapetSocketFactory extends SSLSocketFactory {
    private final ParapetContextSpi context;

    ParapetSocketFactory(ParapetContextSpi context) {
        this.context = context;
    }

    @Override
    public Socket createSocket() {
        return new ParapetSocket(context, context.newSettings(), true, null);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(host, port, null, 0);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        ParapetSocket s = new ParapetSocket(context, context.newSettings(), true, host);
        connect(s, new InetSocketAddress(host, port), localHost, localPort);
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host, port, null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        String text = address.toString();
        String name = text.startsWith("/") ? null : text.substring(0, text.indexOf('/'));
        ParapetSocket s = new ParapetSocket(context, context.newSettings(), true, name);
        connect(s, new InetSocketAddress(address, port), localAddress, localPort);
        return s;
    }

    private static void connect(ParapetSocket s, InetSocketAddress remote, InetAddress localAddress, int localPort)
            throws IOException {
        try {
            if (localAddress != null || localPort != 0) {
                s.bind(new InetSocketAddress(localAddress, localPort));
            }
            s.connect(remote);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return new ParapetSocket(context, s, host, autoClose);
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
