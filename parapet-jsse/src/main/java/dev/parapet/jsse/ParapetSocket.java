package dev.parapet.jsse;

import dev.parapet.tls.record.RecordBufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A blocking {@link SSLSocket} driven by a {@link ParapetEngine}, so sockets and engines behave alike. Either this
 * socket is its own transport, or it is layered over a connected socket. One thread may read while another writes:
 * reads and writes hold separate locks, and the engine is only touched briefly under its own.
 */
final class ParapetSocket extends SSLSocket {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ParapetContextSpi context;
    private final EngineSettings settings;
    private final Socket layered;
    private final boolean autoClose;
    private final String peerHost;
    private boolean clientMode;
    private ParapetEngine engine;
    private final Object handshakeLock = new Object();
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    /**
     * Network bytes not yet unwrapped, in a buffer borrowed from the context's record buffer pool while any wait, or
     * null (guarded by readLock). A reader waiting on an idle socket holds none: it waits for the next record's first
     * bytes in {@link #firstBytes}.
     */
    private ByteBuffer netIn;
    private final byte[] firstBytes = new byte[5];
    /** Unwrapped application data not yet read, in a borrowed buffer, or null when none waits (readLock). */
    private ByteBuffer appIn;
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();
    private final InputStream in = new SocketInput();
    private final OutputStream out = new SocketOutput();
    private volatile boolean completionPending;
    private volatile boolean closed;
    private boolean closing;
    private volatile boolean inputShutdown;

    /** A socket that is its own transport (connected later, or accepted by a server socket). */
    ParapetSocket(ParapetContextSpi context, EngineSettings settings, boolean clientMode, String peerHost) {
        this.context = context;
        this.settings = settings;
        this.clientMode = clientMode;
        this.layered = null;
        this.autoClose = true;
        this.peerHost = peerHost;
    }

    /** A client socket layered over a connected socket. */
    ParapetSocket(ParapetContextSpi context, Socket layered, String host, boolean autoClose) throws IOException {
        if (!layered.isConnected()) {
            throw new SocketException("the underlying socket is not connected");
        }
        this.context = context;
        this.settings = context.newSettings();
        this.clientMode = true;
        this.layered = layered;
        this.autoClose = autoClose;
        this.peerHost = host;
    }

    private synchronized ParapetEngine engine() {
        if (engine == null) {
            String host = peerHost;
            if (host == null && getInetAddress() != null) {
                host = getInetAddress().getHostAddress();
            }
            engine = new ParapetEngine(context, host, getPort(), settings);
            engine.setUseClientMode(clientMode);
            engine.attach(this, () -> completionPending = true);
        }
        return engine;
    }

    private InputStream rawIn;
    private OutputStream rawOut;

    /** The transport's streams, fetched once (a later half-close must not hide them from the close_notify). */
    private synchronized InputStream rawIn() throws IOException {
        if (rawIn == null) {
            rawIn = layered != null ? layered.getInputStream() : super.getInputStream();
        }
        return rawIn;
    }

    private synchronized OutputStream rawOut() throws IOException {
        if (rawOut == null) {
            rawOut = layered != null ? layered.getOutputStream() : super.getOutputStream();
        }
        return rawOut;
    }

    // ------------------------------------------------------------------ handshake

    @Override
    public void startHandshake() throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (!isConnected()) {
            throw new SocketException("Socket is not connected");
        }
        rawIn();
        rawOut();
        ParapetEngine e = engine();
        synchronized (handshakeLock) {
            if (e.getSession().isValid() || e.refusedAfterHandshake()) {
                return;
            }
            try {
                if (e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING && e.getHandshakeSession() == null) {
                    e.beginHandshake();
                }
                runHandshake(e);
            } catch (SSLException ex) {
                flushQuietly();
                lingerQuietly();
                closeTransportQuietly();
                throw ex;
            }
        }
        fireCompletion();
    }

    private void runHandshake(ParapetEngine e) throws IOException {
        while (true) {
            HandshakeStatus hs = e.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_WRAP) {
                flush();
            } else if (hs == HandshakeStatus.NEED_UNWRAP) {
                synchronized (readLock) {
                    unwrapOnce(true);
                }
            } else {
                if (!e.getSession().isValid()) {
                    throw new SSLHandshakeException("the handshake did not complete: the connection is closed");
                }
                return;
            }
        }
    }

    private void fireCompletion() {
        if (!completionPending) {
            return;
        }
        completionPending = false;
        HandshakeCompletedEvent event = new HandshakeCompletedEvent(this, engine.getSession());
        for (HandshakeCompletedListener l : listeners) {
            l.handshakeCompleted(event);
        }
    }

    /**
     * Unwraps one record into {@code appIn} (which must be empty), reading from the transport when a record is
     * incomplete. Returns false at the end of the inbound stream.
     */
    private boolean unwrapOnce(boolean handshaking) throws IOException {
        while (true) {
            ByteBuffer src = netIn != null ? netIn.flip() : EMPTY;
            if (appIn == null) {
                appIn = pool().borrow();
            }
            appIn.clear();
            SSLEngineResult r;
            try {
                r = engine.unwrap(src, appIn);
            } finally {
                if (netIn != null) {
                    netIn.compact();
                    if (netIn.position() == 0) {
                        pool().giveBack(netIn); // every byte unwrapped: nothing waits
                        netIn = null;
                    }
                }
                appIn.flip();
                releaseAppInIfEmpty();
            }
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !handshaking) {
                flush(); // a KeyUpdate answer, or the close_notify answering the peer's in TLS 1.2
            }
            switch (r.getStatus()) {
                case OK:
                    return true;
                case CLOSED:
                    return false;
                case BUFFER_UNDERFLOW:
                    if (!fill(handshaking)) {
                        return false;
                    }
                    break;
                default:
                    throw new SSLException("unexpected unwrap status " + r.getStatus());
            }
        }
    }

    /** Reads more bytes from the transport; false at its end of stream (after a completed handshake). */
    private boolean fill(boolean handshaking) throws IOException {
        int n;
        if (netIn == null) {
            // nothing waits: block on a small array, borrow a buffer once bytes come
            n = rawIn().read(firstBytes, 0, firstBytes.length);
            if (n > 0) {
                netIn = pool().borrow();
                netIn.put(firstBytes, 0, n);
            }
        } else {
            n = rawIn().read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
            }
        }
        if (n < 0) {
            if (handshaking || !engine.getSession().isValid()) {
                throw new SSLHandshakeException("the peer closed the connection during the handshake");
            }
            // As SunJSSE's sockets do, a transport EOF without close_notify ends the stream instead of failing.
            return false;
        }
        return true;
    }

    /** The application read everything unwrapped: the buffer goes back to the pool. */
    private void releaseAppInIfEmpty() {
        if (appIn != null && !appIn.hasRemaining()) {
            pool().giveBack(appIn);
            appIn = null;
        }
    }

    private RecordBufferPool pool() {
        return context.state().pool();
    }

    /** Sends whatever the engine has to send. */
    private void flush() throws IOException {
        synchronized (writeLock) {
            ByteBuffer netOut = pool().borrow(); // for this flush only
            try {
                while (true) {
                    netOut.clear();
                    SSLEngineResult r = engine.wrap(EMPTY, netOut);
                    if (r.bytesProduced() == 0) {
                        break;
                    }
                    rawOut().write(netOut.array(), netOut.arrayOffset(), netOut.position());
                }
            } finally {
                pool().giveBack(netOut);
            }
            rawOut().flush();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException | RuntimeException ignored) {
            // the peer may be gone; the caller has the real error
        }
    }

    // ------------------------------------------------------------------ data

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        startHandshake();
        synchronized (readLock) {
            while (appIn == null) {
                if (inputShutdown || engine.isInboundDone() || !unwrapOnce(false)) {
                    if (appIn == null) {
                        return -1;
                    }
                }
            }
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            releaseAppInIfEmpty();
            return n;
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        startHandshake();
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        synchronized (writeLock) {
            ByteBuffer netOut = pool().borrow(); // for this write only
            try {
                while (src.hasRemaining()) {
                    netOut.clear();
                    SSLEngineResult r = engine.wrap(src, netOut);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SocketException("Socket output is closed: close_notify was sent");
                    }
                    rawOut().write(netOut.array(), netOut.arrayOffset(), netOut.position());
                }
            } finally {
                pool().giveBack(netOut);
            }
            rawOut().flush();
        }
    }

    private final class SocketInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ParapetSocket.this.read(b, off, len);
        }

        @Override
        public int available() {
            synchronized (readLock) {
                return appIn == null ? 0 : appIn.remaining();
            }
        }

        @Override
        public void close() throws IOException {
            ParapetSocket.this.close();
        }
    }

    private final class SocketOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ParapetSocket.this.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            ParapetSocket.this.close();
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkOpen();
        return out;
    }

    private void checkOpen() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (!isConnected()) {
            throw new SocketException("Socket is not connected");
        }
    }

    // ------------------------------------------------------------------ closing

    /** Sends close_notify (when a handshake happened) and closes the transport. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            ParapetEngine e;
            synchronized (this) {
                e = engine;
            }
            if (e != null && isConnected()) {
                e.closeOutbound();
                flushQuietly();
            }
        } finally {
            // before 'closed' is set: Socket.close() does nothing once our isClosed() says true, which left the
            // TCP connection open (no FIN, a file descriptor kept until GC)
            closeTransportQuietly();
            closed = true;
        }
    }

    /** How long a failed handshake waits for the peer to close after our fatal alert. */
    private static final int LINGER_MILLIS = 1000;

    /**
     * After a fatal alert, before closing: half-closes the transport and discards what the peer still sends until
     * it closes (at most {@link #LINGER_MILLIS}). Closing a TCP socket with unread bytes makes the kernel send a
     * reset, which can destroy the alert before the peer reads it: e.g. a TLS 1.2 client whose Certificate we
     * refused is still sending its ClientKeyExchange and Finished, and would see "Broken pipe" instead of the alert.
     */
    private void lingerQuietly() {
        if (layered != null && !autoClose) {
            return; // the caller keeps the transport
        }
        try {
            if (layered != null) {
                layered.shutdownOutput();
            } else {
                super.shutdownOutput();
            }
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            byte[] discard = new byte[4096];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                if (layered != null) {
                    layered.setSoTimeout((int) left);
                } else {
                    super.setSoTimeout((int) left);
                }
                if (rawIn().read(discard) < 0) {
                    return;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // timed out, reset or already closed: close anyway
        }
    }

    private void closeTransportQuietly() {
        try {
            if (layered == null) {
                super.close();
            } else if (autoClose) {
                layered.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Half-close: sends close_notify, then shuts the transport's output; reading goes on. */
    @Override
    public void shutdownOutput() throws IOException {
        engine().closeOutbound();
        flush();
        if (layered != null) {
            layered.shutdownOutput();
        } else {
            super.shutdownOutput();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        inputShutdown = true;
        if (layered != null) {
            layered.shutdownInput();
        } else {
            super.shutdownInput();
        }
    }

    @Override
    public boolean isClosed() {
        return closed || (layered != null ? layered.isClosed() : super.isClosed());
    }

    @Override
    public boolean isInputShutdown() {
        return layered != null ? layered.isInputShutdown() : super.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return layered != null ? layered.isOutputShutdown() : super.isOutputShutdown();
    }

    // ------------------------------------------------------------------ transport, for layered sockets

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (layered != null) {
            throw new SocketException("a layered socket is already connected");
        }
        super.connect(endpoint, timeout);
    }

    @Override
    public boolean isConnected() {
        return layered != null ? layered.isConnected() : super.isConnected();
    }

    @Override
    public boolean isBound() {
        return layered != null ? layered.isBound() : super.isBound();
    }

    @Override
    public InetAddress getInetAddress() {
        return layered != null ? layered.getInetAddress() : super.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return layered != null ? layered.getLocalAddress() : super.getLocalAddress();
    }

    @Override
    public int getPort() {
        return layered != null ? layered.getPort() : super.getPort();
    }

    @Override
    public int getLocalPort() {
        return layered != null ? layered.getLocalPort() : super.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return layered != null ? layered.getRemoteSocketAddress() : super.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return layered != null ? layered.getLocalSocketAddress() : super.getLocalSocketAddress();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (layered != null) {
            layered.setSoTimeout(timeout);
        } else {
            super.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return layered != null ? layered.getSoTimeout() : super.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        if (layered != null) {
            layered.setTcpNoDelay(on);
        } else {
            super.setTcpNoDelay(on);
        }
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return layered != null ? layered.getTcpNoDelay() : super.getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        if (layered != null) {
            layered.setKeepAlive(on);
        } else {
            super.setKeepAlive(on);
        }
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return layered != null ? layered.getKeepAlive() : super.getKeepAlive();
    }

    @Override
    public SocketChannel getChannel() {
        return null;
    }

    // ------------------------------------------------------------------ SSLSocket settings

    @Override
    public SSLSession getSession() {
        try {
            startHandshake();
        } catch (IOException e) {
            // as SunJSSE: a failed handshake leaves the invalid placeholder session
        }
        return engine().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine().getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        listeners.add(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        if (!listeners.remove(listener)) {
            throw new IllegalArgumentException("listener not registered");
        }
    }

    @Override
    public synchronized void setUseClientMode(boolean mode) {
        if (engine != null) {
            engine.setUseClientMode(mode); // throws once the handshake started, as SunJSSE
        }
        clientMode = mode;
    }

    @Override
    public synchronized boolean getUseClientMode() {
        return clientMode;
    }

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
    public String getApplicationProtocol() {
        return engine().getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return null; // known only when the handshake completes
    }

    @Override
    public synchronized void setHandshakeApplicationProtocolSelector(
            BiFunction<SSLSocket, List<String>, String> selector) {
        settings.socketProtocolSelector = selector;
    }

    @Override
    public synchronized BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return settings.socketProtocolSelector;
    }

    @Override
    public String toString() {
        return "ParapetSocket[" + (layered != null ? "layered over " + layered : super.toString()) + "]";
    }
}
