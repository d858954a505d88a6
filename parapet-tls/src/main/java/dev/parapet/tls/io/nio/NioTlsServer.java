package dev.parapet.tls.io.nio;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A non-blocking TLS server for many connections: one selector thread watches every socket, and a fixed pool of
 * workers runs the TLS work (handshakes with their signatures and key exchanges, record protection) and the
 * {@link ConnectionHandler}. See the package documentation for the limits it enforces.
 *
 * <pre>
 * NioTlsServer server = NioTlsServer.builder()
 *         .config(tlsServerConfig)
 *         .bind(new InetSocketAddress("0.0.0.0", 8443))
 *         .handler((connection, data) -&gt; connection.write(data)) // echo
 *         .build()
 *         .start();
 * ...
 * server.close(); // close_notify to every connection, then stop
 * </pre>
 */
public final class NioTlsServer implements AutoCloseable {
    /** How long a closing connection may take to send its last bytes and see the peer's end of stream. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** Free network buffers kept for reuse, per worker. */
    private static final int POOLED_PER_WORKER = 8;

    private final TlsServerConfig config;
    private final InetSocketAddress bindAddress;
    private final ConnectionHandler handler;
    private final Function<NioConnection, TlsListener> listeners;
    private final int workerCount;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final int maxPendingOutput;
    private final int backlog;
    private final BufferPool buffers;
    private final Set<NioConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private long accepted;
    private volatile boolean stopSelector;
    private Selector selector;
    private ServerSocketChannel serverChannel;
    private SelectionKey acceptKey;
    private long acceptRetryAt;
    private ExecutorService workers;
    private Thread selectorThread;

    private NioTlsServer(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.bindAddress = b.bind;
        this.listeners = b.listeners;
        this.workerCount = b.workers;
        this.handshakeTimeout = b.handshakeTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxConnections = b.maxConnections;
        this.maxPendingOutput = b.maxPendingOutput;
        this.backlog = b.backlog;
        this.buffers = new BufferPool(TlsConnection.MAX_RECORD_SIZE, POOLED_PER_WORKER * b.workers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts the selector thread and the workers; returns this server. */
    public NioTlsServer start() throws IOException {
        selector = Selector.open();
        serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(bindAddress, backlog);
            serverChannel.configureBlocking(false);
            acceptKey = serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            serverChannel.close();
            selector.close();
            throw e;
        }
        int port = port();
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "parapet-nio-worker-" + port + "-" + n.incrementAndGet()));
        selectorThread = daemon(this::selectLoop, "parapet-nio-selector-" + port);
        selectorThread.start();
        return this;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) serverChannel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("server is closed", e);
        }
    }

    public int port() {
        return localAddress().getPort();
    }

    /** Connections open now (sockets not yet closed). */
    public int connectionCount() {
        return open.get();
    }

    // ------------------------------------------------------------------ the selector thread

    private void selectLoop() {
        long tick = tickMillis();
        try {
            while (!stopSelector) {
                selector.select(tick);
                for (SelectionKey key : selector.selectedKeys()) {
                    ready(key);
                }
                selector.selectedKeys().clear();
                resumeAccepting();
                expireDeadlines();
            }
        } catch (IOException | RuntimeException e) {
            // the selector itself failed: nothing can be served; shutdown() cleans up
            stopSelector = true;
        }
    }

    /** Deadlines are checked this often: a tenth of the shortest timeout, within 10..500 ms. */
    private long tickMillis() {
        long shortest = Math.min(Math.min(handshakeTimeout.toMillis(), idleTimeout.toMillis()),
                CLOSE_GRACE.toMillis());
        return Math.max(10, Math.min(500, shortest / 10));
    }

    private void ready(SelectionKey key) {
        try {
            if (key == acceptKey) {
                acceptAll();
            } else if (key.isValid()) {
                key.interestOps(0); // the step decides what to wait for next
                ((NioConnection) key.attachment()).schedule();
            }
        } catch (CancelledKeyException ignored) {
            // closed meanwhile; its last step cleans up
        }
    }

    private void acceptAll() {
        while (open.get() < maxConnections) {
            SocketChannel ch;
            try {
                ch = serverChannel.accept();
            } catch (IOException e) {
                // out of file descriptors, say: pause instead of spinning on the same error
                acceptKey.interestOps(0);
                acceptRetryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                return;
            }
            if (ch == null) {
                return;
            }
            register(ch);
        }
        acceptKey.interestOps(0); // at the cap: new clients wait in the listen backlog
    }

    private void register(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            NioConnection c = new NioConnection(this, ch, ++accepted, remote);
            open.incrementAndGet();
            c.register(ch.register(selector, SelectionKey.OP_READ, c));
            connections.add(c);
        } catch (IOException e) {
            try {
                ch.close(); // reset before we saw it
            } catch (IOException ignored) {
                // nothing to add
            }
        }
    }

    private void resumeAccepting() {
        if (acceptKey.isValid() && acceptKey.interestOps() == 0 && open.get() < maxConnections
                && System.nanoTime() - acceptRetryAt >= 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void expireDeadlines() {
        long now = System.nanoTime();
        for (NioConnection c : connections) {
            if (now - c.deadline() >= 0) {
                c.expire();
            }
        }
    }

    // ------------------------------------------------------------------ called by connections

    TlsConnection newTlsConnection(NioConnection c) {
        TlsListener listener = listeners != null ? listeners.apply(c) : null;
        return listener != null ? TlsConnection.server(config, listener) : TlsConnection.server(config);
    }

    void execute(Runnable step) {
        try {
            workers.execute(step);
        } catch (RejectedExecutionException ignored) {
            // shut down: the connection was closed by shutdown()
        }
    }

    /** A worker says what the connection waits for; the selector thread picks it up at once. */
    void interest(SelectionKey key, int ops) {
        try {
            key.interestOps(ops);
        } catch (CancelledKeyException ignored) {
            return;
        }
        if (ops != 0) {
            selector.wakeup();
        }
    }

    /** The socket of {@code c} was closed. */
    void closed(NioConnection c) {
        connections.remove(c);
        if (open.getAndDecrement() == maxConnections) {
            selector.wakeup(); // accepting resumes
        }
    }

    ConnectionHandler handler() {
        return handler;
    }

    BufferPool buffers() {
        return buffers;
    }

    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    int maxPendingOutput() {
        return maxPendingOutput;
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    // ------------------------------------------------------------------ shutdown

    /** {@link #shutdown(Duration)} with 5 seconds of grace. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    /**
     * Stops accepting, closes every connection gracefully (pending data, then close_notify; a connection still in
     * its handshake gets close_notify too), waits up to {@code grace} for them to finish, then cuts the rest and
     * stops the threads.
     *
     * @return true when every connection closed within the grace period
     */
    public boolean shutdown(Duration grace) {
        if (!shuttingDown.compareAndSet(false, true)) {
            awaitTermination();
            return connections.isEmpty();
        }
        try {
            serverChannel.close();
        } catch (IOException ignored) {
            // not accepting either way
        }
        connections.forEach(NioConnection::close);
        long end = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() - end < 0) {
            sleep(10);
        }
        boolean clean = connections.isEmpty();
        for (NioConnection c : connections) {
            c.closeChannel();
            c.schedule();
        }
        stopSelector = true;
        selector.wakeup();
        try {
            selectorThread.join(1000);
            workers.shutdown();
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        terminated.countDown();
        return clean;
    }

    /** Blocks until {@link #shutdown} has finished. */
    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ builder

    /** Settings with safe defaults; {@link #config} and {@link #handler} are required. */
    public static final class Builder {
        private TlsServerConfig config;
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private ConnectionHandler handler;
        private Function<NioConnection, TlsListener> listeners;
        private int workers = Runtime.getRuntime().availableProcessors();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int maxConnections = 10_000;
        private int maxPendingOutput = 64 * 1024;
        private int backlog = 1024;

        private Builder() {
        }

        public Builder config(TlsServerConfig config) {
            this.config = config;
            return this;
        }

        /** Address and port to listen on (port 0 picks a free one); default: the loopback address, port 0. */
        public Builder bind(InetSocketAddress address) {
            this.bind = Objects.requireNonNull(address);
            return this;
        }

        public Builder handler(ConnectionHandler handler) {
            this.handler = handler;
            return this;
        }

        /** A listener per connection (to tag trace lines with {@link NioConnection#id()}, say); null for the
         *  config's. Called on a worker before the connection's first handshake step. */
        public Builder connectionListener(Function<NioConnection, TlsListener> listeners) {
            this.listeners = listeners;
            return this;
        }

        /** Worker threads for TLS work and handler callbacks; default: one per processor. */
        public Builder workers(int n) {
            this.workers = positive(n, "workers");
            return this;
        }

        /** A connection whose handshake is not complete this long after accept is closed, without an alert;
         *  default 10 s. */
        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = positive(d, "handshakeTimeout");
            return this;
        }

        /** An established connection with no bytes read or written this long gets close_notify; default 5 min. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive(d, "idleTimeout");
            return this;
        }

        /** Connections open at once; at the cap, accepting pauses (clients wait in the listen backlog); default
         *  10,000. */
        public Builder maxConnections(int n) {
            this.maxConnections = positive(n, "maxConnections");
            return this;
        }

        /** Plaintext a handler may queue on one connection beyond what the core and the socket hold before reading
         *  from that client pauses; default 64 KiB. */
        public Builder maxPendingOutput(int bytes) {
            this.maxPendingOutput = positive(bytes, "maxPendingOutput");
            return this;
        }

        /** The listen backlog; default 1024. */
        public Builder backlog(int n) {
            this.backlog = positive(n, "backlog");
            return this;
        }

        public NioTlsServer build() {
            return new NioTlsServer(this);
        }

        private static int positive(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be positive, not " + n);
            }
            return n;
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + d);
            }
            return d;
        }
    }
}
