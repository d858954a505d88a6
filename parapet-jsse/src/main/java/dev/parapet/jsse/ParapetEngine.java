package dev.parapet.jsse;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.record.RecordLayer;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.HostnameMatcher;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * {@link SSLEngine} over a {@link TlsConnection}. Thread-safe: every method holds the engine's lock, and none of
 * them blocks. The connection is made when the handshake begins (a server's when the first ClientHello record
 * arrives, so that SNI and ALPN selection can look at it). See the package documentation for the contract details.
 */
final class ParapetEngine extends SSLEngine {
    private final ParapetContextSpi context;
    private final EngineSettings settings;
    /** What getSession() returns before the handshake completes; made when first asked for, dropped after. */
    private ParapetSession placeholder;
    private Boolean clientMode;
    private Socket ownerSocket;
    private Runnable completionHook;
    private TlsConnection conn;
    private HandshakeObserver observer;
    private ParapetSession handshakeSession;
    /** Client: "host:port" under which tickets and TLS 1.2 sessions are kept; null without a peer host and port. */
    private String cacheKey;
    private ParapetSession session;
    private String applicationProtocol;
    private boolean started;
    private boolean inboundClosed;
    private boolean outboundClosedEarly;
    private ByteBuffer earlyOutput;
    /** The single buffer of {@link #wrap(ByteBuffer, ByteBuffer)} and {@link #unwrap(ByteBuffer, ByteBuffer)}. */
    private final ByteBuffer[] one = new ByteBuffer[1];
    /**
     * The last application-data results, returned again when the next one is equal (they are immutable): a stream of
     * same-sized records then allocates no result per record.
     */
    private SSLEngineResult lastWrapped;
    private SSLEngineResult lastUnwrapped;
    private SSLException earlyFailure;
    private boolean refusedLate;
    private boolean answerCloseNotify13 = true;

    ParapetEngine(ParapetContextSpi context, String peerHost, int peerPort) {
        this(context, peerHost, peerPort, context.newSettings());
    }

    /** An engine sharing {@code settings} with the socket that drives it. */
    ParapetEngine(ParapetContextSpi context, String peerHost, int peerPort, EngineSettings settings) {
        super(peerHost, peerPort);
        this.context = context;
        this.settings = settings;
    }

    /** For a socket built on this engine: key and trust managers get the socket instead of the engine. */
    synchronized void attach(Socket socket, Runnable onHandshakeComplete) {
        this.ownerSocket = socket;
        this.completionHook = onHandshakeComplete;
        // A socket keeps TLS 1.3's half-close: its reader sees end of stream, and the application's close() or
        // shutdownOutput() sends our close_notify, so a server can still answer after the client's shutdownOutput.
        this.answerCloseNotify13 = false;
    }

    /** Whether the peer refused the handshake after ours completed (the session is invalid, the engine closed). */
    synchronized boolean refusedAfterHandshake() {
        return refusedLate;
    }

    EngineSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ handshake start

    private void ensureMode() {
        if (clientMode == null) {
            throw new IllegalStateException("Client/Server mode has not yet been set.");
        }
    }

    private void startClient() throws SSLHandshakeException {
        ContextState state = context.state();
        ParapetSession hs = ParapetSession.handshaking(context.clientSessions(), getPeerHost(), getPeerPort());
        observer = new HandshakeObserver(hs);
        String sni = sniHostName();
        if (sni != null) {
            hs.requestedServerName = sni;
        }
        String host = getPeerHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String nameToCheck = settings.httpsIdentification() ? (sni != null ? sni : host) : null;
        handshakeSession = hs;
        try {
            cacheKey = host != null && !host.isEmpty() && getPeerPort() > 0 ? host + ":" + getPeerPort() : null;
            TlsClientConfig config = ConfigFactory.client(state, settings, verifier(state, hs, nameToCheck),
                    KeyManagerAdapter.clientKeys(state.keyManager(), this, ownerSocket), observer,
                    cacheKey == null ? SessionCache.none() : context.clientCache());
            hs.localSignatureAlgorithms = context.signatureAlgorithms(config.signatureSchemes());
            conn = TlsConnection.clientWithCacheKey(config, sni, cacheKey);
        } catch (SSLHandshakeException e) {
            throw failEarly(null, e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw failEarly(null, SslExceptions.handshake(e.getMessage(), e));
        }
    }

    /** The SNI host name: the first SNIHostName set, else the peer host unless it is an IP literal. */
    private String sniHostName() {
        if (settings.serverNames != null) {
            for (SNIServerName n : settings.serverNames) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName();
                }
            }
            return null;
        }
        String host = getPeerHost();
        if (host == null || host.isEmpty() || HostnameMatcher.isIpLiteral(host) || host.endsWith(".")) {
            return null;
        }
        try {
            return new SNIHostName(host).getAsciiName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private CertificateVerifier verifier(ContextState state, ParapetSession hs, String nameToCheck) {
        X509TrustManager tm = state.trustManager();
        CertificateVerifier inner = tm != null
                ? new TrustManagerVerifier(tm, this, ownerSocket, nameToCheck, observer::authType)
                : named(new PkixCertificateVerifier(state.trustAnchors()), nameToCheck);
        return (chain, ignored) -> {
            hs.peerCertificates = chain;
            inner.verify(chain, nameToCheck);
            hs.peerVerified = true;
        };
    }

    /** Mutual TLS on a server: the user's trust manager (checkClientTrusted) or Parapet's clientAuth verifier. */
    private CertificateVerifier clientVerifier(ContextState state, ParapetSession hs) {
        CertificateVerifier inner = ClientTrustVerifier.of(state.trustManager(), state.trustAnchors(), this,
                ownerSocket);
        return (chain, ignored) -> {
            hs.peerCertificates = chain;
            inner.verify(chain, null);
            hs.peerVerified = true;
        };
    }

    private static CertificateVerifier named(CertificateVerifier v, String nameToCheck) {
        return (chain, ignored) -> v.verify(chain, nameToCheck);
    }

    /** A server's connection, made once the first record (normally the whole ClientHello) is here. */
    private void startServer(ByteBuffer firstRecord) throws SSLHandshakeException {
        ContextState state = context.state();
        ClientHelloPeek peek = ClientHelloPeek.of(firstRecord);
        ParapetSession hs = ParapetSession.handshaking(context.serverSessions(), getPeerHost(), getPeerPort());
        observer = new HandshakeObserver(hs);
        handshakeSession = hs;
        List<SignatureScheme> offered = new ArrayList<>();
        for (int id : peek.signatureSchemes()) {
            SignatureScheme s = SignatureScheme.fromId(id);
            if (s != null) {
                offered.add(s);
            }
        }
        hs.peerSignatureAlgorithms = context.signatureAlgorithms(offered);
        if (peek.serverName() != null) {
            try {
                new SNIHostName(peek.serverName()); // valid, or not requested as far as JSSE callers see
                hs.requestedServerName = peek.serverName();
            } catch (IllegalArgumentException ignored) {
                // the core will judge the name itself
            }
        }
        checkSniMatchers(hs.getRequestedServerNames());
        List<String> alpn = applicationProtocols(peek);
        try {
            CertificateVerifier clientVerifier = null;
            List<X500Principal> caHints = List.of();
            if (ConfigFactory.clientAuth(settings) != ClientAuth.NONE) {
                clientVerifier = clientVerifier(state, hs);
                caHints = ClientTrustVerifier.caHints(state.trustManager(), state.trustAnchors());
            }
            TlsServerConfig config = ConfigFactory.server(state, settings,
                    KeyManagerAdapter.serverKeys(state.keyManager(), this, ownerSocket), alpn, clientVerifier,
                    caHints, observer, context.serverStore(), context.serverSessions().getSessionTimeout());
            hs.localSignatureAlgorithms = context.signatureAlgorithms(config.signatureSchemes());
            conn = TlsConnection.server(config);
        } catch (SSLHandshakeException e) {
            throw failEarly(AlertDescription.HANDSHAKE_FAILURE, e);
        } catch (RuntimeException e) {
            throw failEarly(AlertDescription.INTERNAL_ERROR, SslExceptions.handshake(String.valueOf(e.getMessage()),
                    e));
        }
    }

    private void checkSniMatchers(List<SNIServerName> requested) throws SSLHandshakeException {
        if (settings.sniMatchers == null || settings.sniMatchers.isEmpty() || requested.isEmpty()) {
            return;
        }
        for (SNIServerName name : requested) {
            for (SNIMatcher m : settings.sniMatchers) {
                if (m.getType() == name.getType() && m.matches(name)) {
                    return;
                }
            }
        }
        throw failEarly(AlertDescription.UNRECOGNIZED_NAME, SslExceptions.handshake("unrecognized server name "
                + requested + ": no SNIMatcher accepts it", null));
    }

    /** The server's ALPN list for this connection: the selector's one choice when set, else the parameters'. */
    private List<String> applicationProtocols(ClientHelloPeek peek) throws SSLHandshakeException {
        BiFunction<SSLEngine, List<String>, String> engineSelector = settings.engineProtocolSelector;
        var socketSelector = settings.socketProtocolSelector;
        if ((engineSelector == null && socketSelector == null) || !peek.alpnOffered()) {
            return List.of(settings.applicationProtocols);
        }
        String chosen = socketSelector != null && ownerSocket instanceof javax.net.ssl.SSLSocket s
                ? socketSelector.apply(s, peek.applicationProtocols())
                : engineSelector != null ? engineSelector.apply(this, peek.applicationProtocols()) : null;
        if (chosen == null) {
            throw failEarly(AlertDescription.NO_APPLICATION_PROTOCOL, SslExceptions.handshake(
                    "no common application protocol: the selector accepted none of " + peek.applicationProtocols(),
                    null));
        }
        return chosen.isEmpty() ? List.of() : List.of(chosen);
    }

    /** Ends the engine before the core has a connection; a server tells the client with a plaintext alert. */
    private <E extends SSLException> E failEarly(AlertDescription alert, E e) {
        if (alert != null) {
            earlyOutput = ByteBuffer.wrap(Records.plaintextFatalAlert(alert));
        }
        earlyFailure = e;
        inboundClosed = true;
        outboundClosedEarly = true;
        conn = null;
        return e;
    }

    private void finish() {
        TlsSession s = conn.session();
        if (cacheKey != null) {
            // a client resuming with this peer's tickets or TLS 1.2 session continues its SSLSession
            ParapetSession earlier = s.resumed() ? context.clientSessions().liveSessionFor(cacheKey) : null;
            if (earlier != null) {
                handshakeSession.resumes(earlier);
            }
        }
        handshakeSession.complete(s);
        if (cacheKey != null) {
            context.clientSessions().bind(cacheKey, handshakeSession);
        }
        session = handshakeSession;
        placeholder = null;
        applicationProtocol = s.applicationProtocol() == null ? "" : s.applicationProtocol();
        if (completionHook != null) {
            completionHook.run();
        }
    }

    // ------------------------------------------------------------------ status

    @Override
    public synchronized HandshakeStatus getHandshakeStatus() {
        if (earlyOutput != null && earlyOutput.hasRemaining()) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (conn == null) {
            if (!started || earlyFailure != null || outboundClosedEarly || inboundClosed) {
                return HandshakeStatus.NOT_HANDSHAKING;
            }
            return clientMode ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NEED_UNWRAP;
        }
        if (conn.hasPendingOutput()) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (conn.failure() == null && session == null && !conn.isInboundDone()) {
            return HandshakeStatus.NEED_UNWRAP;
        }
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    /** The status after a wrap or unwrap: FINISHED once, on the call that completed the handshake. */
    private HandshakeStatus statusAfter() {
        if (session == null && conn != null && conn.session() != null && !conn.hasPendingOutput()) {
            finish();
            return HandshakeStatus.FINISHED;
        }
        return getHandshakeStatus();
    }

    private SSLEngineResult result(Status status, int consumed, int produced) {
        return new SSLEngineResult(status, statusAfter(), consumed, produced);
    }

    // ------------------------------------------------------------------ wrap

    /** One buffer each way, as most callers pass them: through {@link #one}, not a new array per call. */
    @Override
    public synchronized SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        one[0] = src;
        try {
            return wrap(one, 0, 1, dst);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public synchronized SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws SSLException {
        checkBuffers(srcs, offset, length, dst);
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        ensureMode();
        if (earlyOutput != null && earlyOutput.hasRemaining()) {
            if (dst.remaining() < earlyOutput.remaining()) {
                return new SSLEngineResult(Status.BUFFER_OVERFLOW, getHandshakeStatus(), 0, 0);
            }
            int n = earlyOutput.remaining();
            dst.put(earlyOutput);
            return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, n);
        }
        if (conn == null) {
            if (outboundClosedEarly) {
                return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
            }
            started = true;
            if (!clientMode) {
                return new SSLEngineResult(Status.OK, getHandshakeStatus(), 0, 0);
            }
            startClient();
        }
        if (conn.hasPendingOutput()) {
            if (dst.remaining() < TlsConnection.MAX_RECORD_SIZE) {
                return new SSLEngineResult(Status.BUFFER_OVERFLOW, getHandshakeStatus(), 0, 0);
            }
            int n = conn.sendToNetwork(dst);
            boolean closed = conn.isOutboundDone() && !conn.hasPendingOutput();
            return result(closed ? Status.CLOSED : Status.OK, 0, n);
        }
        if (conn.isOutboundDone()) {
            return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
        }
        if (session == null) {
            return new SSLEngineResult(Status.OK, getHandshakeStatus(), 0, 0);
        }
        return wrapApplicationData(srcs, offset, length, dst);
    }

    private SSLEngineResult wrapApplicationData(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws SSLException {
        long available = 0;
        for (int i = offset; i < offset + length; i++) {
            available += srcs[i].remaining();
        }
        if (available == 0) {
            return new SSLEngineResult(Status.OK, getHandshakeStatus(), 0, 0);
        }
        if (dst.remaining() < TlsConnection.MAX_RECORD_SIZE) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, getHandshakeStatus(), 0, 0);
        }
        int chunk = (int) Math.min(available, Records.MAX_PLAINTEXT);
        ByteBuffer first = srcs[offset];
        boolean inFirst = first.remaining() >= chunk; // the usual case: sealed from it in place, no view made
        ByteBuffer plain = inFirst ? first : gather(srcs, offset, length, chunk);
        int limit = plain.limit();
        int n;
        try {
            plain.limit(plain.position() + chunk);
            n = conn.wrap(plain, dst); // sealed straight into dst: it has room for a whole record
        } catch (TlsException e) {
            throw SslExceptions.map(e, false);
        } finally {
            plain.limit(limit);
        }
        session.touch();
        lastWrapped = reuse(lastWrapped, Status.OK, getHandshakeStatus(), chunk, n);
        return lastWrapped;
    }

    /** {@code last} when it says the same, else a new result. */
    private static SSLEngineResult reuse(SSLEngineResult last, Status status, HandshakeStatus handshake, int consumed,
                                         int produced) {
        if (last != null && last.getStatus() == status && last.getHandshakeStatus() == handshake
                && last.bytesConsumed() == consumed && last.bytesProduced() == produced) {
            return last;
        }
        return new SSLEngineResult(status, handshake, consumed, produced);
    }

    /** Copies {@code n} bytes spread over the sources (advancing them) into one new buffer. */
    private static ByteBuffer gather(ByteBuffer[] srcs, int offset, int length, int n) {
        ByteBuffer out = ByteBuffer.allocate(n);
        for (int i = offset; i < offset + length && out.hasRemaining(); i++) {
            ByteBuffer src = srcs[i];
            int take = Math.min(src.remaining(), out.remaining());
            ByteBuffer part = src.slice();
            part.limit(take);
            out.put(part);
            src.position(src.position() + take);
        }
        return out.flip();
    }

    // ------------------------------------------------------------------ unwrap

    @Override
    public synchronized SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        one[0] = dst;
        try {
            return unwrap(src, one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public synchronized SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
            throws SSLException {
        checkBuffers(dsts, offset, length, src);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
        }
        ensureMode();
        if (isInboundDone()) {
            return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
        }
        started = true;
        if (conn == null && clientMode) {
            startClient();
            return new SSLEngineResult(Status.OK, getHandshakeStatus(), 0, 0);
        }
        if (conn != null && conn.available() > 0) {
            return result(Status.OK, 0, readPlaintext(dsts, offset, length));
        }
        int recordLength = Records.recordLength(src);
        if (recordLength >= 0 && !Records.plausibleHeader(src)) {
            throw notTls(src);
        }
        if (recordLength < 0 || src.remaining() < recordLength) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, getHandshakeStatus(), 0, 0);
        }
        if (conn == null) {
            try {
                startServer(src);
            } catch (SSLHandshakeException e) {
                src.position(src.position() + recordLength);
                throw e;
            }
        }
        if (session != null && Records.contentType(src) == Records.APPLICATION_DATA) {
            int bound = Records.maxPlaintext(recordLength, conn.session().cipherSuite());
            if (remaining(dsts, offset, length) < bound) {
                return new SSLEngineResult(Status.BUFFER_OVERFLOW, getHandshakeStatus(), 0, 0);
            }
        }
        return unwrapRecord(src, recordLength, dsts, offset, length);
    }

    /**
     * The bytes at {@code src}'s position are not a TLS record header (e.g. "GET / HTTP/1.1", an SSLv2 hello):
     * a plain SSLException at once, as SunJSSE's "Unsupported or unrecognized SSL message", with the core's reason
     * (its record layer judges the header: "peer spoke plain HTTP, not TLS", "record has legacy_record_version
     * ...", "record of N bytes exceeds the limit ..."). The engine is then failed and the next wrap sends the alert.
     */
    private SSLException notTls(ByteBuffer src) {
        TlsException reason = null;
        try {
            if (conn != null) {
                conn.receiveFromNetwork(Records.header(src)); // the core fails and queues its alert
            } else {
                new RecordLayer().read(Records.header(src)); // no connection yet (a server's first record)
            }
        } catch (TlsException e) {
            reason = e;
        }
        boolean coreFailed = reason != null && conn != null;
        if (reason == null) {
            reason = new TlsException(AlertDescription.UNEXPECTED_MESSAGE, String.format(
                    "not a TLS record header: %02x %02x %02x %02x %02x", src.get(src.position()),
                    src.get(src.position() + 1), src.get(src.position() + 2), src.get(src.position() + 3),
                    src.get(src.position() + 4)));
        }
        SSLException out = new SSLException(reason.getMessage());
        out.initCause(reason);
        if (coreFailed) {
            return out;
        }
        return failEarly(reason.alert() != null ? reason.alert() : AlertDescription.UNEXPECTED_MESSAGE, out);
    }

    private SSLEngineResult unwrapRecord(ByteBuffer src, int recordLength, ByteBuffer[] dsts, int offset,
                                         int length) throws SSLException {
        boolean handshaking = session == null;
        int start = src.position();
        int limit = src.limit();
        int direct = 0;
        try {
            src.limit(start + recordLength); // this record only; the core reads it from src, keeping no reference
            if (handshaking) {
                conn.receiveFromNetwork(src);
            } else {
                direct = Math.max(0, conn.unwrap(src, dsts[offset])); // application data: no copy in between
            }
        } catch (TlsException e) {
            src.position(start + recordLength);
            if (!handshaking && SslExceptions.lateHandshakeRefusal(e)) {
                refusedLate = true;
                session.invalidate(); // e.g. a TLS 1.3 server refusing our client certificate, as SunJSSE reports it
                throw SslExceptions.map(e, true);
            }
            throw SslExceptions.map(e, handshaking);
        } finally {
            src.limit(limit);
        }
        int consumed = src.position() - start;
        int produced = direct + readPlaintext(dsts, offset, length);
        if (session != null) {
            session.touch();
        }
        if (conn.isInboundDone()) {
            // close_notify answered with ours (NEED_WRAP, then wrap CLOSED) in TLS 1.2 and, unlike SunJSSE's default,
            // in TLS 1.3 too (SunJSSE does so with jdk.tls.acknowledgeCloseNotify=true). RFC 8446, 6.1 allows both;
            // answering lets half-close-unaware engine users (java.net.http.HttpClient) finish a response that the
            // server ends by closing (openssl s_server -www). Sockets keep TLS 1.3's half-close (see attach).
            if (conn.session() != null && (answerCloseNotify13 || "TLSv1.2".equals(conn.session().protocol()))) {
                conn.closeOutbound();
            }
            return result(Status.CLOSED, consumed, produced);
        }
        lastUnwrapped = reuse(lastUnwrapped, Status.OK, statusAfter(), consumed, produced);
        return lastUnwrapped;
    }

    private int readPlaintext(ByteBuffer[] dsts, int offset, int length) {
        int total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (dsts[i].hasRemaining()) {
                int n = conn.read(dsts[i]);
                if (n <= 0) {
                    return total;
                }
                total += n;
            }
        }
        return total;
    }

    private static long remaining(ByteBuffer[] buffers, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += buffers[i].remaining();
        }
        return n;
    }

    private static void checkBuffers(ByteBuffer[] many, int offset, int length, ByteBuffer one) {
        if (many == null || one == null) {
            throw new IllegalArgumentException("buffers cannot be null");
        }
        if (offset < 0 || length < 0 || offset > many.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array of "
                    + many.length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (many[i] == null) {
                throw new IllegalArgumentException("buffer " + i + " is null");
            }
        }
    }

    @Override
    public Runnable getDelegatedTask() {
        return null; // every step runs inline in wrap/unwrap; NEED_TASK is never returned
    }

    // ------------------------------------------------------------------ closing

    @Override
    public synchronized void closeInbound() throws SSLException {
        if (isInboundDone()) {
            return;
        }
        inboundClosed = true;
        if (!started) {
            return;
        }
        if (session == null) {
            closeOutbound(); // mid-handshake SunJSSE sends a fatal alert; the core can only send close_notify
        }
        throw new SSLException("closing inbound before receiving peer's close_notify");
    }

    @Override
    public synchronized boolean isInboundDone() {
        return inboundClosed || (conn != null && conn.isInboundDone());
    }

    @Override
    public synchronized void closeOutbound() {
        if (conn == null) {
            outboundClosedEarly = true;
        } else {
            conn.closeOutbound();
        }
    }

    @Override
    public synchronized boolean isOutboundDone() {
        if (earlyOutput != null && earlyOutput.hasRemaining()) {
            return false;
        }
        if (conn == null) {
            return outboundClosedEarly;
        }
        return conn.isOutboundDone() && !conn.hasPendingOutput();
    }

    // ------------------------------------------------------------------ handshake control

    @Override
    public synchronized void beginHandshake() throws SSLException {
        ensureMode();
        if (earlyFailure != null || (conn != null && conn.failure() != null) || isOutboundDone()) {
            throw new SSLException("the engine is closed");
        }
        if (session != null) {
            if (!"TLSv1.3".equals(session.getProtocol())) {
                throw new SSLHandshakeException("renegotiation is not supported");
            }
            try {
                conn.updateKeys(false); // as SunJSSE: a new "handshake" in TLS 1.3 is a KeyUpdate
            } catch (TlsException e) {
                throw SslExceptions.map(e, false);
            }
            return;
        }
        started = true;
        if (clientMode && conn == null) {
            startClient();
        }
    }

    @Override
    public synchronized void setUseClientMode(boolean mode) {
        if (started) {
            throw new IllegalArgumentException("Cannot change mode after SSL traffic has started");
        }
        clientMode = mode;
    }

    @Override
    public synchronized boolean getUseClientMode() {
        return clientMode != null && clientMode;
    }

    @Override
    public synchronized SSLSession getSession() {
        if (session != null) {
            placeholder = null;
            return session;
        }
        if (placeholder == null) {
            placeholder = ParapetSession.placeholder(getPeerHost(), getPeerPort());
        }
        return placeholder;
    }

    @Override
    public synchronized SSLSession getHandshakeSession() {
        return session == null && handshakeSession != null && earlyFailure == null ? handshakeSession : null;
    }

    @Override
    public synchronized String getApplicationProtocol() {
        return session != null ? applicationProtocol : null;
    }

    @Override
    public synchronized String getHandshakeApplicationProtocol() {
        return null; // the core tells the negotiated protocol only when the handshake completes
    }

    @Override
    public synchronized void setHandshakeApplicationProtocolSelector(
            BiFunction<SSLEngine, List<String>, String> selector) {
        settings.engineProtocolSelector = selector;
    }

    @Override
    public synchronized BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return settings.engineProtocolSelector;
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public String[] getSupportedCipherSuites() {
        return JsseNames.supportedCipherSuites();
    }

    @Override
    public synchronized String[] getEnabledCipherSuites() {
        return settings.cipherSuiteNames();
    }

    @Override
    public synchronized void setEnabledCipherSuites(String[] suites) {
        settings.setCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return JsseNames.supportedProtocols();
    }

    @Override
    public synchronized String[] getEnabledProtocols() {
        return JsseNames.protocolNames(settings.protocols(getUseClientMode()));
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
    public synchronized void setEnableSessionCreation(boolean flag) {
        settings.enableSessionCreation = flag;
    }

    @Override
    public synchronized boolean getEnableSessionCreation() {
        return settings.enableSessionCreation;
    }

    @Override
    public synchronized SSLParameters getSSLParameters() {
        return settings.toParameters(getUseClientMode());
    }

    @Override
    public synchronized void setSSLParameters(SSLParameters params) {
        settings.apply(params);
    }
}
