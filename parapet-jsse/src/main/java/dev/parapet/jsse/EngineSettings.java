package dev.parapet.jsse;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.crypto.CipherSuite;
import java.security.AlgorithmConstraints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The {@link SSLParameters} of one engine or socket, with SunJSSE's rules for what {@code setSSLParameters} changes.
 * Protocols default per mode: a {@code TLSv1.2} context's client speaks TLS 1.2 only while its server speaks both,
 * as in SunJSSE.
 */
final class EngineSettings {
    private final List<ProtocolVersion> clientDefaultProtocols;
    private List<ProtocolVersion> protocols; // null: the mode's default
    /** The default suites, one immutable list for every engine (an engine replaces it, never changes it). */
    private static final List<CipherSuite> DEFAULT_SUITES =
            List.copyOf(JsseNames.cipherSuites(JsseNames.defaultCipherSuites()));
    private static final String[] NONE = new String[0];

    List<CipherSuite> cipherSuites = DEFAULT_SUITES;
    String[] applicationProtocols = NONE;
    List<SNIServerName> serverNames; // null: derived from the peer host
    Collection<SNIMatcher> sniMatchers;
    String endpointIdentification;
    boolean needClientAuth;
    boolean wantClientAuth;
    boolean useCipherSuitesOrder = true;
    int maximumPacketSize;
    AlgorithmConstraints algorithmConstraints;
    BiFunction<SSLEngine, List<String>, String> engineProtocolSelector;
    BiFunction<SSLSocket, List<String>, String> socketProtocolSelector;
    boolean enableSessionCreation = true;

    EngineSettings(List<ProtocolVersion> clientDefaultProtocols) {
        this.clientDefaultProtocols = List.copyOf(clientDefaultProtocols);
    }

    /** An independent copy, for the sockets a server socket accepts. */
    EngineSettings copy() {
        EngineSettings c = new EngineSettings(clientDefaultProtocols);
        c.protocols = protocols;
        c.cipherSuites = cipherSuites;
        c.applicationProtocols = applicationProtocols.clone();
        c.serverNames = serverNames;
        c.sniMatchers = sniMatchers;
        c.endpointIdentification = endpointIdentification;
        c.needClientAuth = needClientAuth;
        c.wantClientAuth = wantClientAuth;
        c.useCipherSuitesOrder = useCipherSuitesOrder;
        c.maximumPacketSize = maximumPacketSize;
        c.algorithmConstraints = algorithmConstraints;
        c.engineProtocolSelector = engineProtocolSelector;
        c.socketProtocolSelector = socketProtocolSelector;
        c.enableSessionCreation = enableSessionCreation;
        return c;
    }

    List<ProtocolVersion> protocols(boolean client) {
        if (protocols != null) {
            return protocols;
        }
        return client ? clientDefaultProtocols : List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12);
    }

    void setProtocols(String[] names) {
        if (names == null) {
            throw new IllegalArgumentException("protocols cannot be null");
        }
        protocols = JsseNames.versions(names);
    }

    void setCipherSuites(String[] names) {
        if (names == null) {
            throw new IllegalArgumentException("cipher suites cannot be null");
        }
        cipherSuites = JsseNames.cipherSuites(names);
    }

    String[] cipherSuiteNames() {
        return cipherSuites.stream().map(CipherSuite::name).toArray(String[]::new);
    }

    void setNeedClientAuth(boolean need) {
        needClientAuth = need;
        wantClientAuth = false;
    }

    void setWantClientAuth(boolean want) {
        wantClientAuth = want;
        needClientAuth = false;
    }

    SSLParameters toParameters(boolean client) {
        SSLParameters p = new SSLParameters(cipherSuiteNames(), JsseNames.protocolNames(protocols(client)));
        p.setApplicationProtocols(applicationProtocols.clone());
        if (serverNames != null) {
            p.setServerNames(serverNames);
        }
        if (sniMatchers != null) {
            p.setSNIMatchers(sniMatchers);
        }
        p.setEndpointIdentificationAlgorithm(endpointIdentification);
        if (needClientAuth) {
            p.setNeedClientAuth(true);
        } else if (wantClientAuth) {
            p.setWantClientAuth(true);
        }
        p.setUseCipherSuitesOrder(useCipherSuitesOrder);
        p.setMaximumPacketSize(maximumPacketSize);
        p.setAlgorithmConstraints(algorithmConstraints);
        return p;
    }

    /** SunJSSE's rules: null protocols, suites, server names and matchers leave the current ones in place. */
    void apply(SSLParameters p) {
        if (p.getCipherSuites() != null) {
            setCipherSuites(p.getCipherSuites());
        }
        if (p.getProtocols() != null) {
            setProtocols(p.getProtocols());
        }
        if (p.getServerNames() != null) {
            serverNames = new ArrayList<>(p.getServerNames());
        }
        if (p.getSNIMatchers() != null) {
            sniMatchers = new ArrayList<>(p.getSNIMatchers());
        }
        String[] alpn = p.getApplicationProtocols();
        applicationProtocols = alpn == null ? new String[0] : alpn.clone();
        endpointIdentification = p.getEndpointIdentificationAlgorithm();
        if (p.getNeedClientAuth()) {
            setNeedClientAuth(true);
        } else {
            setWantClientAuth(p.getWantClientAuth());
        }
        useCipherSuitesOrder = p.getUseCipherSuitesOrder();
        if (p.getMaximumPacketSize() < 0) {
            throw new IllegalArgumentException("maximum packet size must not be negative");
        }
        maximumPacketSize = p.getMaximumPacketSize();
        algorithmConstraints = p.getAlgorithmConstraints();
    }

    boolean httpsIdentification() {
        return "HTTPS".equalsIgnoreCase(endpointIdentification);
    }
}
