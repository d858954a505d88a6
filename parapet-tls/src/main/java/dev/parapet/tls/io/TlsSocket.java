package dev.parapet.tls.io;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.record.RecordBufferPool;
import dev.parapet.tls.record.RecordLayer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A blocking TLS connection over a {@link Socket}, for either role. One thread may read while another writes:
 * socket reads and socket writes are serialised separately, and the connection itself is only touched under its
 * own lock, never while blocked on the network.
 */
public final class TlsSocket implements Closeable {
    private final Socket socket;
    private final TlsConnection connection;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    /**
     * Network bytes not yet consumed, in a buffer borrowed from the connection's pool while any wait (guarded by
     * readLock and the connection); null when none wait, so an idle socket holds no record buffer. Output is copied
     * through a buffer borrowed for the length of one flush.
     */
    private ByteBuffer netIn;
    private final RecordBufferPool pool;
    /** The first bytes of a record, read while no buffer is borrowed (a reader waiting on an idle socket holds none). */
    private final byte[] firstBytes = new byte[RecordLayer.HEADER_LENGTH];
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final InputStream in = new TlsInputStream();
    private final OutputStream out = new TlsOutputStream();
    private volatile boolean closed;

    /** Connects to host:port, sends SNI (unless host is an IP literal) and completes the handshake. */
    public static TlsSocket connect(String host, int port, TlsClientConfig config, Duration timeout)
            throws IOException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Socket s = new Socket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            s.connect(new InetSocketAddress(name, port), millis);
            s.setTcpNoDelay(true);
            s.setSoTimeout(millis);
            TlsSocket tls = new TlsSocket(s, TlsConnection.client(config, name));
            tls.startHandshake();
            s.setSoTimeout(0);
            return tls;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Wraps a connected socket; the handshake runs on {@link #startHandshake()} or the first read or write. */
    public TlsSocket(Socket socket, TlsConnection connection) {
        this.socket = socket;
        this.connection = connection;
        this.pool = connection.recordBufferPool();
        try {
            this.rawIn = socket.getInputStream();
            this.rawOut = socket.getOutputStream();
        } catch (IOException e) {
            throw new IllegalArgumentException("socket is not connected", e);
        }
    }

    public void startHandshake() throws IOException {
        if (handshaking()) {
            runHandshake();
        }
        TlsException failure = connection.failure();
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads and writes until the handshake is over; only then may a reader block without holding up writers. */
    private void runHandshake() throws IOException {
        synchronized (readLock) {
            flush();
            while (handshaking()) {
                if (!processBuffered()) {
                    fillFromSocket();
                }
                flush();
                synchronized (connection) {
                    if (connection.isInboundDone() && connection.isHandshaking()) {
                        throw new TlsException(null, "peer closed the connection during the handshake");
                    }
                }
            }
        }
    }

    private boolean handshaking() {
        synchronized (connection) {
            return connection.isHandshaking();
        }
    }

    /** Feeds buffered network bytes to the connection; true when that made progress worth looking at. */
    private boolean processBuffered() throws IOException {
        TlsException failure;
        synchronized (connection) {
            if (netIn == null) {
                return connection.available() > 0 || connection.isInboundDone();
            }
            int before = netIn.position();
            netIn.flip();
            boolean progress;
            try {
                connection.receiveFromNetwork(netIn);
                failure = null;
            } catch (TlsException e) {
                failure = e;
            } finally {
                netIn.compact();
                progress = netIn.position() != before;
                if (netIn.position() == 0) {
                    pool.giveBack(netIn);
                    netIn = null;
                }
            }
            if (failure == null) {
                return progress || connection.available() > 0 || connection.isInboundDone();
            }
        }
        // the alert goes out after the connection's lock is released: flush takes writeLock, then the connection,
        // and a writer holding writeLock may be waiting for the connection
        flushQuietly();
        throw failure;
    }

    /** Blocks for more bytes from the peer; at end of stream tells the connection (which may throw). */
    private void fillFromSocket() throws IOException {
        ByteBuffer buffer;
        synchronized (connection) {
            buffer = netIn;
        }
        int n = buffer == null ? rawIn.read(firstBytes, 0, firstBytes.length)
                : rawIn.read(buffer.array(), buffer.position(), buffer.remaining());
        if (n < 0) {
            synchronized (connection) {
                connection.receiveEndOfStream();
            }
            return;
        }
        synchronized (connection) {
            if (buffer == null) {
                netIn = pool.borrow();
                netIn.put(firstBytes, 0, n);
            } else {
                netIn.position(netIn.position() + n);
            }
        }
    }

    /** Sends whatever TLS bytes the connection has queued. */
    private void flush() throws IOException {
        synchronized (writeLock) {
            ByteBuffer netOut = null;
            try {
                while (true) {
                    int n;
                    synchronized (connection) {
                        if (!connection.hasPendingOutput()) {
                            break;
                        }
                        if (netOut == null) {
                            netOut = pool.borrow();
                        }
                        netOut.clear();
                        n = connection.sendToNetwork(netOut);
                    }
                    rawOut.write(netOut.array(), 0, n);
                }
            } finally {
                pool.giveBack(netOut);
            }
            rawOut.flush();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException ignored) {
            // the peer may be gone already; the caller gets the real error
        }
    }

    /** The negotiated parameters, running the handshake first if needed. */
    public TlsSession session() throws IOException {
        startHandshake();
        return connection.session();
    }

    /** Read returns -1 after the peer's close_notify; a transport EOF without it throws TlsException. */
    public InputStream getInputStream() {
        return in;
    }

    /** Each write() sends its records at once. */
    public OutputStream getOutputStream() {
        return out;
    }

    /** Read timeout in milliseconds, as {@link Socket#setSoTimeout}. */
    public void setSoTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public Socket socket() {
        return socket;
    }

    public TlsConnection connection() {
        return connection;
    }

    /** RFC 8446, 4.6.3: sends a KeyUpdate now; when {@code requestPeerUpdate}, asks the peer to update too. */
    public void updateKeys(boolean requestPeerUpdate) throws IOException {
        startHandshake();
        synchronized (writeLock) {
            synchronized (connection) {
                connection.updateKeys(requestPeerUpdate);
            }
            flush();
        }
    }

    /** Sends close_notify and stops writing; reading continues until the peer's close_notify. */
    public void shutdownOutput() throws IOException {
        synchronized (connection) {
            connection.closeOutbound();
        }
        flush();
    }

    /**
     * Sends close_notify (when possible) and closes the socket. After a failure the peer may still be sending (a
     * TLS 1.2 client's flight, say); closing with unread bytes would make the kernel answer with a reset that can
     * overtake our alert, so the input is drained for a moment first, as OpenSSL's s_server does.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            synchronized (connection) {
                connection.closeOutbound();
            }
            flushQuietly();
            drainBeforeClose(connection.failure() != null ? DRAIN_AFTER_FAILURE_MILLIS : 0);
        } finally {
            socket.close();
        }
    }

    private static final int DRAIN_AFTER_FAILURE_MILLIS = 500;

    /** Stops sending, then reads and drops what the peer sends until it closes or {@code millis} pass. */
    private void drainBeforeClose(int millis) {
        try {
            if (millis == 0 && rawIn.available() == 0) {
                return;
            }
            socket.shutdownOutput();
            socket.setSoTimeout(Math.max(1, millis));
            byte[] sink = new byte[4096];
            long deadline = System.nanoTime() + millis * 1_000_000L;
            int total = 0;
            while (total < (1 << 16) && System.nanoTime() <= deadline) {
                int n = rawIn.read(sink);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException ignored) {
            // timed out or reset: either way we are done
        }
    }

    private int readPlaintext(byte[] b, int off, int len) throws IOException {
        startHandshake();
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        synchronized (readLock) {
            while (true) {
                synchronized (connection) {
                    int n = connection.read(dst);
                    if (n != 0) {
                        return n;
                    }
                }
                if (!processBuffered()) {
                    flush();
                    fillFromSocket();
                }
                flush(); // answers such as a KeyUpdate
            }
        }
    }

    private void writePlaintext(byte[] b, int off, int len) throws IOException {
        startHandshake();
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        synchronized (writeLock) {
            while (src.hasRemaining()) {
                synchronized (connection) {
                    connection.write(src);
                }
                flush();
            }
        }
    }

    private final class TlsInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return readPlaintext(b, off, len);
        }

        @Override
        public int available() {
            synchronized (connection) {
                return connection.available();
            }
        }

        @Override
        public void close() throws IOException {
            TlsSocket.this.close();
        }
    }

    private final class TlsOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writePlaintext(b, off, len);
        }

        @Override
        public void close() throws IOException {
            TlsSocket.this.close();
        }
    }
}
