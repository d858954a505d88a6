package dev.parapet.jsse;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsSession;
import java.security.Principal;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;

/**
 * An {@link ExtendedSSLSession}: the placeholder before a handshake ({@code NONE},
 * {@code SSL_NULL_WITH_NULL_NULL}, as SunJSSE), the handshake session while it runs (filled in as the handshake
 * learns things), and the negotiated session after it.
 */
final class ParapetSession extends ExtendedSSLSession {
    /** Largest plaintext a record may carry (2^14) plus SunJSSE's slack; what unwrap may need in dst at most. */
    static final int APPLICATION_BUFFER_SIZE = (1 << 14) + 320;
    private static final SecureRandom ID_RANDOM = new SecureRandom();

    private volatile byte[] id;
    private volatile long creationTime = System.currentTimeMillis();
    private volatile long lastAccessedTime = creationTime;
    private static final String[] NONE = new String[0];
    /** The application's values, made on the first putValue (most sessions never get one). */
    private volatile Map<String, Object> values;
    private final ParapetSessionContext context;
    private final String peerHost;
    private final int peerPort;
    private volatile boolean valid;
    /** Client: the "host:port" this session is bound to in its context, or null (guarded by the context's lock). */
    String boundPeer;
    volatile String protocol = "NONE";
    volatile String cipherSuite = "SSL_NULL_WITH_NULL_NULL";
    volatile List<X509Certificate> peerCertificates = List.of();
    /** True once the peer's chain was verified (or the handshake completed): only then are they returned. */
    volatile boolean peerVerified;
    volatile List<X509Certificate> localCertificates = List.of();
    /** The SNI host name asked for (a valid one), or null; the list of {@link #getRequestedServerNames} is made on demand. */
    volatile String requestedServerName;
    volatile String[] localSignatureAlgorithms = NONE;
    volatile String[] peerSignatureAlgorithms = NONE;

    private ParapetSession(ParapetSessionContext context, String peerHost, int peerPort, byte[] id) {
        this.context = context;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.id = id;
    }

    /** The placeholder a connection reports before its handshake completes: invalid, no suite. */
    static ParapetSession placeholder(String peerHost, int peerPort) {
        return new ParapetSession(null, peerHost, peerPort, new byte[0]);
    }

    /** A session for a handshake that is starting; {@link #complete} fills in what was negotiated. */
    static ParapetSession handshaking(ParapetSessionContext context, String peerHost, int peerPort) {
        byte[] id = new byte[32];
        ID_RANDOM.nextBytes(id);
        return new ParapetSession(context, peerHost, peerPort, id);
    }

    /**
     * A resumption of {@code earlier} (same peer, its tickets or TLS 1.2 session): this session takes its id,
     * creation time and values, so {@code getId()} stays the same across resumptions as in SunJSSE's TLS 1.2.
     */
    void resumes(ParapetSession earlier) {
        id = earlier.id;
        creationTime = earlier.creationTime;
        Map<String, Object> earlierValues = earlier.values;
        if (earlierValues != null && !earlierValues.isEmpty()) {
            values().putAll(earlierValues);
        }
    }

    void complete(TlsSession s) {
        protocol = s.protocol();
        cipherSuite = s.cipherSuite().name();
        peerCertificates = s.peerCertificates();
        peerVerified = true;
        localCertificates = s.localCertificates();
        valid = true;
        if (context != null) {
            context.add(this);
        }
    }

    @Override
    public byte[] getId() {
        return id.clone();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return context;
    }

    @Override
    public long getCreationTime() {
        return creationTime;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccessedTime;
    }

    void touch() {
        lastAccessedTime = System.currentTimeMillis();
    }

    @Override
    public void invalidate() {
        valid = false;
        if (context != null) {
            context.remove(this);
        }
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public void putValue(String name, Object value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("arguments can not be null");
        }
        Object old = values().put(name, value);
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
        if (value instanceof SSLSessionBindingListener l) {
            l.valueBound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public Object getValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("argument can not be null");
        }
        Map<String, Object> v = values;
        return v == null ? null : v.get(name);
    }

    @Override
    public void removeValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("argument can not be null");
        }
        Map<String, Object> v = values;
        Object old = v == null ? null : v.remove(name);
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public String[] getValueNames() {
        Map<String, Object> v = values;
        return v == null ? new String[0] : v.keySet().toArray(new String[0]);
    }

    private Map<String, Object> values() {
        Map<String, Object> v = values;
        if (v == null) {
            synchronized (this) {
                v = values;
                if (v == null) {
                    v = new ConcurrentHashMap<>();
                    values = v;
                }
            }
        }
        return v;
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        if (!peerVerified || peerCertificates.isEmpty()) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
        }
        return peerCertificates.toArray(new X509Certificate[0]);
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        throw new UnsupportedOperationException("getPeerCertificateChain is deprecated; use getPeerCertificates");
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return localCertificates.isEmpty() ? null : localCertificates.toArray(new X509Certificate[0]);
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        return ((X509Certificate) getPeerCertificates()[0]).getSubjectX500Principal();
    }

    @Override
    public Principal getLocalPrincipal() {
        return localCertificates.isEmpty() ? null : localCertificates.get(0).getSubjectX500Principal();
    }

    @Override
    public String getCipherSuite() {
        return cipherSuite;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
        return TlsConnection.MAX_RECORD_SIZE;
    }

    @Override
    public int getApplicationBufferSize() {
        return APPLICATION_BUFFER_SIZE;
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
        return localSignatureAlgorithms.clone();
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
        return peerSignatureAlgorithms.clone();
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
        String name = requestedServerName;
        return name == null ? List.of() : List.of(new javax.net.ssl.SNIHostName(name));
    }

    /** No OCSP stapling yet: never any status responses. */
    @Override
    public List<byte[]> getStatusResponses() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Session(" + creationTime + "|" + cipherSuite + ")";
    }
}
