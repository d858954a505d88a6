package dev.parapet.jsse;

import dev.parapet.tls.ProtocolVersion;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The SSLContext behind "TLS", "TLSv1.3", "TLSv1.2" and "Default". As in SunJSSE, the context's name only sets the
 * client's default protocols: "TLSv1.2" clients speak TLS 1.2 alone, every server speaks TLS 1.3 and 1.2.
 */
class ParapetContextSpi extends SSLContextSpi {
    private final List<ProtocolVersion> clientDefaultProtocols;
    private final ParapetSessionContext clientSessions = new ParapetSessionContext();
    private final ParapetSessionContext serverSessions = new ParapetSessionContext();
    private final JsseSessionCache clientCache = new JsseSessionCache(clientSessions);
    private final JsseSessionStore serverStore = new JsseSessionStore(serverSessions);
    private volatile ContextState state;

    ParapetContextSpi(List<ProtocolVersion> clientDefaultProtocols) {
        this.clientDefaultProtocols = List.copyOf(clientDefaultProtocols);
        serverSessions.onResize(serverStore::trim);
    }

    static ParapetContextSpi tls() {
        return new ParapetContextSpi(List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12));
    }

    static ParapetContextSpi tls12() {
        return new ParapetContextSpi(List.of(ProtocolVersion.TLS12));
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
            throws KeyManagementException {
        X509KeyManager keyManager = null;
        if (km != null) {
            for (KeyManager k : km) {
                if (k instanceof X509KeyManager x) {
                    keyManager = x;
                    break;
                }
            }
        }
        X509TrustManager trustManager = null;
        if (tm != null) {
            for (TrustManager t : tm) {
                if (t instanceof X509TrustManager x) {
                    trustManager = x;
                    break;
                }
            }
        }
        init(new ContextState(keyManager, trustManager, null, random));
    }

    final void init(ContextState s) {
        this.state = s;
    }

    ContextState state() {
        ContextState s = state;
        if (s == null) {
            throw new IllegalStateException("SSLContext is not initialized");
        }
        return s;
    }

    EngineSettings newSettings() {
        return new EngineSettings(clientDefaultProtocols);
    }

    ParapetSessionContext clientSessions() {
        return clientSessions;
    }

    ParapetSessionContext serverSessions() {
        return serverSessions;
    }

    /** The client side's tickets and TLS 1.2 sessions, by "host:port". */
    /** Signature scheme lists already named, with their JDK names; a few at most (peers choose theirs). */
    private final java.util.Map<java.util.List<dev.parapet.tls.crypto.SignatureScheme>, String[]> schemeNames =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * JsseNames.signatureAlgorithms, one array per distinct list rather than one per session (sessions share it: their
     * getters return copies).
     */
    String[] signatureAlgorithms(java.util.List<dev.parapet.tls.crypto.SignatureScheme> schemes) {
        String[] names = schemeNames.get(schemes);
        if (names == null) {
            names = JsseNames.signatureAlgorithms(schemes);
            if (schemeNames.size() >= 16) {
                schemeNames.clear(); // a bound: client hellos may name lists of their own
            }
            schemeNames.put(java.util.List.copyOf(schemes), names);
        }
        return names;
    }

    JsseSessionCache clientCache() {
        return clientCache;
    }

    /** The server side's ticket keys and TLS 1.2 session-ID cache, shared by all its engines and sockets. */
    JsseSessionStore serverStore() {
        return serverStore;
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return engineCreateSSLEngine(null, -1);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        state();
        return new ParapetEngine(this, host, port);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        state();
        return new ParapetSocketFactory(this);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        state();
        return new ParapetServerSocketFactory(this);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return serverSessions;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return clientSessions;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return new SSLParameters(JsseNames.defaultCipherSuites(), JsseNames.protocolNames(clientDefaultProtocols));
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return new SSLParameters(JsseNames.supportedCipherSuites(), JsseNames.supportedProtocols());
    }

    /** "Default": initialised from the standard javax.net.ssl system properties, and never again. */
    static final class DefaultContext extends ParapetContextSpi {
        DefaultContext() throws KeyManagementException {
            super(List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12));
            init(DefaultManagers.load());
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("Default SSLContext is initialized automatically");
        }
    }
}
