package dev.parapet.tls.io.nio;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted connection of a {@link NioTlsServer}. The handler writes and closes through it; {@link #write} and
 * {@link #close} may be called from any thread.
 *
 * <p>Inside, the connection is driven by {@link #step()} on a worker thread, one step at a time: the selector thread
 * only notices readiness and deadlines and schedules a step, and never touches the TLS state. A step flushes
 * output, reads and decrypts input (running handshake steps, signatures included), calls the handler, and says
 * which readiness it waits for next. Network buffers are borrowed from the server's pool only while bytes are in
 * flight, and the core's record buffers are released while idle.
 */
public final class NioConnection {
    /** Where a connection is in its life; the selector thread reads it to apply the right deadline. */
    enum Phase { HANDSHAKE, OPEN, CLOSING, CLOSED }

    /** Reads per step before giving other connections a turn. */
    private static final int READS_PER_STEP = 4;
    /** A partial record this small is kept in a buffer of its own size instead of a pooled one (slow senders). */
    private static final int SMALL_PARTIAL = 2048;

    private final NioTlsServer server;
    private final SocketChannel channel;
    private final long id;
    private final InetSocketAddress remote;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean channelClosed = new AtomicBoolean();
    private volatile boolean rerun;
    private volatile Thread runner;
    private volatile Phase phase = Phase.HANDSHAKE;
    /** System.nanoTime() by which the current phase must have moved on: handshake, idle, or closing deadline. */
    private volatile long deadline;
    private volatile boolean closeRequested;
    private volatile boolean idleExpired;
    /** Why the selector thread closed the channel (a timeout), for {@link ConnectionHandler#onClose}. */
    private volatile Exception closedBecause;
    private volatile Object attachment;
    private volatile TlsSession session;
    private SelectionKey key;

    // touched only by the step running under this object's lock
    private TlsConnection tls;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ArrayDeque<ByteBuffer> queued;
    private int queuedBytes;
    private boolean outputShut;
    private boolean eof;
    private Exception failure;
    private boolean finished;

    NioConnection(NioTlsServer server, SocketChannel channel, long id, InetSocketAddress remote) {
        this.server = server;
        this.channel = channel;
        this.id = id;
        this.remote = remote;
        this.deadline = System.nanoTime() + server.handshakeTimeout().toNanos();
    }

    // ------------------------------------------------------------------ public API

    /** The server's number for this connection: 1 for the first accepted, and so on. */
    public long id() {
        return id;
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** The negotiated parameters, or null before the handshake completes. */
    public TlsSession session() {
        return session;
    }

    /** The handler's own state for this connection. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    /**
     * Sends application data: encrypts what it can now and copies the rest to a queue (reading from this client
     * pauses while that queue is above the server's bound). Only after {@link ConnectionHandler#onOpen}.
     *
     * @return false, dropping the data, when the connection is already closing
     * @throws IllegalStateException before the handshake completed
     */
    public boolean write(ByteBuffer data) {
        synchronized (this) {
            if (phase == Phase.HANDSHAKE) {
                throw new IllegalStateException("the handshake is not complete; wait for onOpen");
            }
            if (phase != Phase.OPEN || closeRequested) {
                return false;
            }
            if (queued == null || queued.isEmpty()) {
                encrypt(data);
            }
            if (phase == Phase.OPEN && data.hasRemaining()) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
                if (queued == null) {
                    queued = new ArrayDeque<>(4);
                }
                queued.addLast(copy);
                queuedBytes += copy.remaining();
            }
        }
        scheduleUnlessRunning();
        return true;
    }

    /** Closes gracefully: data already written goes first, then close_notify, then the TCP connection. */
    public void close() {
        closeRequested = true;
        scheduleUnlessRunning();
    }

    @Override
    public String toString() {
        return "connection #" + id + " from " + remote;
    }

    // ------------------------------------------------------------------ scheduling

    void register(SelectionKey key) {
        this.key = key;
    }

    Phase phase() {
        return phase;
    }

    long deadline() {
        return deadline;
    }

    /** Runs a step on a worker soon; when one is queued or running, it runs again after. */
    void schedule() {
        rerun = true;
        if (scheduled.compareAndSet(false, true)) {
            server.execute(this::run);
        }
    }

    private void scheduleUnlessRunning() {
        if (runner != Thread.currentThread()) {
            schedule();
        }
    }

    private void run() {
        do {
            rerun = false;
            synchronized (this) {
                runner = Thread.currentThread();
                try {
                    step();
                } finally {
                    runner = null;
                }
            }
            scheduled.set(false);
        } while (rerun && scheduled.compareAndSet(false, true));
    }

    /** Selector thread: the deadline passed. */
    void expire() {
        switch (phase) {
            case HANDSHAKE -> {
                // no alert: a client this slow gets nothing more from us, just the end of the stream
                closedBecause = new SocketTimeoutException("no handshake within "
                        + NioTlsServer.describe(server.handshakeTimeout()));
                closeChannel();
            }
            case OPEN -> {
                idleExpired = true;
                deadline = System.nanoTime() + NioTlsServer.CLOSE_GRACE.toNanos();
            }
            case CLOSING -> closeChannel();
            default -> {
                return;
            }
        }
        schedule();
    }

    /** Closes the socket at once (fd released, the server's count decremented); the next step cleans up. */
    void closeChannel() {
        if (channelClosed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed is closed
            }
            server.closed(this);
        }
    }

    // ------------------------------------------------------------------ the step

    private void step() {
        if (finished) {
            return;
        }
        try {
            if (channelClosed.get()) {
                finish(closedBecause);
                return;
            }
            if (tls == null) {
                tls = server.newTlsConnection(this);
            }
            if (idleExpired && phase == Phase.OPEN) {
                startClosing(new SocketTimeoutException("idle for " + NioTlsServer.describe(server.idleTimeout())));
            }
            closeIfRequested();
            flush();
            if (phase == Phase.CLOSING) {
                drainInput();
            } else {
                readAndProcess();
            }
            closeIfRequested(); // by the handler, during this step
            flush();
            if (phase == Phase.CLOSING && outputEmpty()) {
                finishClosing();
            }
            if (channelClosed.get()) {
                finish(closedBecause);
                return;
            }
            releaseWhileIdle();
            waitFor();
        } catch (IOException e) {
            closeChannel();
            finish(closedBecause != null ? closedBecause : e);
        } catch (RuntimeException e) {
            closeChannel();
            finish(e);
        }
    }

    private void readAndProcess() throws IOException {
        for (int i = 0; i < READS_PER_STEP && phase != Phase.CLOSING && !closeRequested && !backPressured(); i++) {
            borrowInput();
            int n = channel.read(netIn);
            if (n < 0) {
                endOfStream();
                break;
            }
            if (n == 0) {
                break;
            }
            touch();
            process();
        }
        keepInputSmall();
    }

    /** Feeds buffered bytes to the TLS connection and hands decrypted data to the handler. */
    private void process() {
        netIn.flip();
        try {
            while (phase != Phase.CLOSING && !closeRequested) {
                tls.receiveFromNetwork(netIn);
                if (phase == Phase.HANDSHAKE && !tls.isHandshaking()) {
                    opened();
                }
                boolean delivered = deliver();
                if (tls.isInboundDone()) {
                    startClosing(null); // RFC 8446, 6.1: the peer's close_notify; ours goes back
                } else if (!delivered) {
                    break;
                }
            }
        } catch (TlsException e) {
            startClosing(e); // the alert is queued; flush sends it
        } catch (RuntimeException e) {
            startClosing(e); // from the handler
        } finally {
            netIn.compact();
        }
    }

    private void opened() {
        session = tls.session();
        deadline = System.nanoTime() + server.idleTimeout().toNanos();
        phase = Phase.OPEN;
        server.handler().onOpen(this);
    }

    /** Hands waiting plaintext to the handler; true when there was some. */
    private boolean deliver() {
        if (tls.available() == 0) {
            return false;
        }
        ByteBuffer plain = server.buffers().take();
        try {
            while (phase == Phase.OPEN && !closeRequested && tls.available() > 0) {
                plain.clear();
                tls.read(plain);
                plain.flip();
                server.handler().onData(this, plain);
            }
        } finally {
            server.buffers().give(plain);
        }
        return true;
    }

    private void endOfStream() {
        eof = true;
        try {
            tls.receiveEndOfStream();
        } catch (TlsException e) {
            failure = failure != null ? failure : e; // truncated: no close_notify came first
        }
        startClosing(null);
    }

    /** Sends what waits: the socket first, then queued plaintext through TLS, then TLS output to the socket. */
    private void flush() throws IOException {
        while (true) {
            if (netOut != null) {
                if (channel.write(netOut) > 0) {
                    touch();
                }
                if (netOut.hasRemaining()) {
                    return; // the socket is full: wait for OP_WRITE
                }
                server.buffers().give(netOut);
                netOut = null;
            }
            encryptQueued();
            if (phase == Phase.CLOSING && !outputShut && (queued == null || queued.isEmpty())) {
                tls.closeOutbound(); // no-op after a failure's alert
            }
            if (!tls.hasPendingOutput()) {
                return;
            }
            netOut = server.buffers().take();
            tls.sendToNetwork(netOut);
            netOut.flip();
        }
    }

    private void encryptQueued() {
        while (queued != null && !queued.isEmpty() && phase != Phase.HANDSHAKE && !tls.isOutboundDone()) {
            ByteBuffer b = queued.peekFirst();
            int before = b.remaining();
            encrypt(b);
            queuedBytes -= before - b.remaining();
            if (b.hasRemaining()) {
                return; // the core's output is full until the socket takes some
            }
            queued.pollFirst();
        }
    }

    private void encrypt(ByteBuffer data) {
        try {
            tls.write(data);
        } catch (TlsException e) {
            startClosing(e);
        }
    }

    // ------------------------------------------------------------------ closing

    private void closeIfRequested() {
        if (closeRequested && phase != Phase.CLOSING) {
            startClosing(null);
        }
    }

    /** Stops reading for the application; close_notify (or the failure's alert) goes out once queued data has. */
    private void startClosing(Exception why) {
        if (failure == null) {
            failure = why;
        }
        if (phase == Phase.CLOSING) {
            return;
        }
        if (why != null && queued != null) {
            queued.clear(); // after a failure only the alert goes out
            queuedBytes = 0;
        }
        deadline = System.nanoTime() + NioTlsServer.CLOSE_GRACE.toNanos();
        phase = Phase.CLOSING;
    }

    /**
     * Our last bytes are out: half-close, then read and drop what the peer still sends until it closes, so that
     * unread input does not make the kernel answer with a reset that could overtake our alert (the closing deadline
     * bounds the wait).
     */
    private void finishClosing() throws IOException {
        if (eof || tls.failure() == null && tls.isInboundDone()) {
            closeChannel();
            return;
        }
        if (!outputShut) {
            outputShut = true;
            channel.shutdownOutput();
        }
    }

    private void drainInput() throws IOException {
        if (!outputShut || eof) {
            return;
        }
        borrowInput();
        for (int i = 0; i < READS_PER_STEP; i++) {
            netIn.clear();
            int n = channel.read(netIn);
            if (n < 0) {
                eof = true;
                closeChannel();
                return;
            }
            if (n == 0) {
                return;
            }
        }
    }

    /** Releases everything and tells the handler; once. */
    private void finish(Exception why) {
        if (finished) {
            return;
        }
        finished = true;
        phase = Phase.CLOSED;
        closeChannel();
        if (netIn != null && netIn.capacity() == server.buffers().bufferSize()) {
            server.buffers().give(netIn);
        }
        if (netOut != null) {
            server.buffers().give(netOut);
        }
        netIn = null;
        netOut = null;
        queued = null;
        tls = null;
        Exception reason = failure != null ? failure : why;
        try {
            server.handler().onClose(this, reason);
        } catch (RuntimeException ignored) {
            // the connection is gone either way
        }
    }

    // ------------------------------------------------------------------ buffers and interest

    private void borrowInput() {
        if (netIn == null) {
            netIn = server.buffers().take();
        } else if (netIn.capacity() < server.buffers().bufferSize()) {
            ByteBuffer big = server.buffers().take();
            netIn.flip();
            big.put(netIn);
            netIn = big;
        }
    }

    /** After reading: give the pooled buffer back when empty, or park a small partial record in a small buffer. */
    private void keepInputSmall() {
        if (netIn == null || netIn.capacity() < server.buffers().bufferSize()) {
            return;
        }
        int held = netIn.position();
        if (held == 0 || held <= SMALL_PARTIAL) {
            ByteBuffer small = held == 0 ? null : ByteBuffer.allocate(held).put(netIn.flip());
            server.buffers().give(netIn);
            netIn = small;
        }
    }

    private void releaseWhileIdle() {
        if (netOut == null && !tls.hasPendingOutput() && tls.available() == 0) {
            tls.releaseBuffers();
        }
    }

    private boolean outputEmpty() {
        return netOut == null && !tls.hasPendingOutput() && (queued == null || queued.isEmpty());
    }

    /** Reading pauses while the socket refuses our output or the handler's queue is above the bound. */
    private boolean backPressured() {
        return netOut != null || queuedBytes > server.maxPendingOutput();
    }

    private void waitFor() {
        int ops = 0;
        if (phase == Phase.CLOSING ? outputShut && !eof : !backPressured()) {
            ops |= SelectionKey.OP_READ;
        }
        if (netOut != null) {
            ops |= SelectionKey.OP_WRITE;
        }
        server.interest(key, ops);
    }

    private void touch() {
        if (phase == Phase.OPEN) {
            deadline = System.nanoTime() + server.idleTimeout().toNanos();
        }
    }
}
