package dev.parapet.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/** An {@link SSLServerSocket}: each accepted socket gets a copy of this socket's settings, in server mode. */
final class ParapetServerSocket extends SSLServerSocket {
    private final ParapetContextSpi context;
    private final EngineSettings settings;
    private boolean clientMode;

    ParapetServerSocket(ParapetContextSpi context) throws IOException {
        super();
        this.context = context;
        this.settings = context.newSettings();
    }

    ParapetServerSocket(ParapetContextSpi context, int port, int backlog, InetAddress address) throws IOException {
        super(port, backlog, address);
        this.context = context;
        this.settings = context.newSettings();
    }

    @Override
    public Socket accept() throws IOException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        EngineSettings copy;
        boolean mode;
        synchronized (this) {
            copy = settings.copy();
            mode = clientMode;
        }
        ParapetSocket socket = new ParapetSocket(context, copy, mode, null);
        implAccept(socket);
        return socket;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        synchronized (this) {
            return settings.cipherSuiteNames();
        }
    }

    @Override
    public synchronized void setEnabledCipherSuites(String[] suites) {
        settings.setCipherSuites(suites);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return JsseNames.supportedCipherSuites();
    }

    @Override
    public String[] getSupportedProtocols() {
        return JsseNames.supportedProtocols();
    }

    @Override
    public synchronized String[] getEnabledProtocols() {
        return JsseNames.protocolNames(settings.protocols(clientMode));
    }

    @Override
    public synchronized void setEnabledProtocols(String[] protocols) {
        settings.setProtocols(protocols);
    }

    @Override
    public synchronized void setNeedClientAuth(boolean need) {
        settings.setNeedClientAuth(need);
    }

    @Override
    public synchronized boolean getNeedClientAuth() {
        return settings.needClientAuth;
    }

    @Override
    public synchronized void setWantClientAuth(boolean want) {
        settings.setWantClientAuth(want);
    }

    @Override
    public synchronized boolean getWantClientAuth() {
        return settings.wantClientAuth;
    }

    @Override
    public synchronized void setUseClientMode(boolean mode) {
        clientMode = mode;
    }

    @Override
    public synchronized boolean getUseClientMode() {
        return clientMode;
    }

    @Override
    public synchronized void setEnableSessionCreation(boolean flag) {
        settings.enableSessionCreation = flag;
    }

    @Override
    public synchronized boolean getEnableSessionCreation() {
        return settings.enableSessionCreation;
    }

    @Override
    public synchronized SSLParameters getSSLParameters() {
        return settings.toParameters(clientMode);
    }

    @Override
    public synchronized void setSSLParameters(SSLParameters params) {
        settings.apply(params);
    }

    @Override
    public String toString() {
        return "ParapetServerSocket[" + super.toString() + "]";
    }
}
