package dev.parapet.tls.io.nio;

import static dev.parapet.tls.io.nio.LoadSupport.heapAfterGc;
import static dev.parapet.tls.io.nio.LoadSupport.openFileDescriptors;
import static dev.parapet.tls.io.nio.LoadSupport.scale;
import static dev.parapet.tls.io.nio.LoadSupport.threads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.record.RecordBufferPool;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.io.nio.LoadSupport.IdleClient;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many idle connections, and a soak of repeated handshakes, against {@link NioTlsServer} on loopback. CI runs the
 * short form; {@code -Dload=long} the long one (docs/load.md). Figures are printed; assertions are on bounds only
 * (memory, file descriptors and threads back near where they started; every handshake succeeding), never on speed.
 */
@Tag("load")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class NioServerLoadTest {
    static CertifiedKey leaf;
    static TlsClientConfig clientConfig;

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        leaf = pki.issue(KeyType.ECDSA_P256, "localhost", "127.0.0.1");
        clientConfig = TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()))
                .build();
    }

    /** An echo server counting clean and failed closes; no session tickets (an idle client reads nothing). */
    static NioTlsServer.Builder echoServer(AtomicInteger clean, AtomicInteger failed) {
        return echoServer(serverConfig(), clean, failed);
    }

    static TlsServerConfig serverConfig() {
        return TlsServerConfig.builder().certificate(leaf).ticketsPerConnection(0).build();
    }

    static NioTlsServer.Builder echoServer(TlsServerConfig config, AtomicInteger clean, AtomicInteger failed) {
        return NioTlsServer.builder().config(config).workers(2).handler(new ConnectionHandler() {
            @Override
            public void onData(NioConnection c, ByteBuffer data) {
                c.write(data);
            }

            @Override
            public void onClose(NioConnection c, Exception failure) {
                if (failure == null) {
                    clean.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }
        });
    }

    /** Runs {@code n} tasks on {@code threads} threads; returns their results in order. */
    static <T> List<T> inParallel(int n, int threads, IoTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> task.run(k)));
            }
            List<T> out = new ArrayList<>(n);
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    interface IoTask<T> {
        T run(int i) throws Exception;
    }

    /** A few handshakes through a throwaway server, so that class loading and JIT caches are not counted. */
    static void warmUp() throws Exception {
        AtomicInteger clean = new AtomicInteger();
        NioTlsServer s = echoServer(clean, new AtomicInteger()).build().start();
        try {
            inParallel(20, 2, i -> {
                IdleClient.connect(s.localAddress(), clientConfig).closeGracefully();
                return null;
            });
        } finally {
            s.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void idleConnectionsAreHeldThenReleased() throws Exception {
        int n = scale(1000, 5000);
        warmUp();
        long heap0 = heapAfterGc();
        int fds0 = openFileDescriptors();
        int threads0 = threads();

        AtomicInteger clean = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        TlsServerConfig serverConfig = serverConfig();
        NioTlsServer server = echoServer(serverConfig, clean, failed).maxConnections(n + 10).build().start();
        InetSocketAddress address = server.localAddress();
        long heapServer = heapAfterGc();
        long start = System.nanoTime();
        List<IdleClient> clients = inParallel(n, 4, i -> IdleClient.connect(address, clientConfig));
        double seconds = (System.nanoTime() - start) / 1e9;
        long heapHeld = heapAfterGc();
        int fdsHeld = openFileDescriptors();
        assertEquals(n, server.connectionCount(), "every connection held");

        long perConnection = (heapHeld - heapServer) / n;
        System.out.printf("[load] idle: %d TLS 1.3 connections held (handshakes at %.0f/s, 4 client threads, "
                        + "2 server workers); heap %d KiB before the server, %d KiB with them: %d bytes per "
                        + "connection (server side plus a bare client socket); %d file descriptors open%n",
                n, n / seconds, heap0 / 1024, heapHeld / 1024, perConnection, fdsHeld);

        // half close themselves (close_notify, answered); the server's graceful shutdown closes the rest
        List<IdleClient> first = clients.subList(0, n / 2);
        List<IdleClient> rest = clients.subList(n / 2, n);
        inParallel(first.size(), 4, i -> {
            first.get(i).closeGracefully();
            return null;
        });
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> eofs = new ArrayList<>();
        for (IdleClient c : rest) {
            eofs.add(readers.submit(() -> {
                try (var ch = c.channel()) {
                    c.awaitEndOfStream(); // the server's close_notify, then its end of stream
                }
                return null;
            }));
        }
        assertTrue(server.shutdown(Duration.ofSeconds(60)), "every connection closed within the grace period");
        for (Future<?> f : eofs) {
            f.get(60, TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertTrue(readers.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(n, clean.get(), "every connection closed cleanly (failed: " + failed.get() + ")");

        long heapAfter = heapAfterGc();
        int fdsAfter = openFileDescriptors();
        int threadsAfter = threads();
        System.out.printf("[load] idle: after closing all: heap %d KiB (start %d KiB), file descriptors %d (start "
                + "%d), threads %d (start %d)%n", heapAfter / 1024, heap0 / 1024, fdsAfter, fds0, threadsAfter,
                threads0);
        long held = heapHeld - heap0;
        // what may stay is the two configs' pools (bounded by their capacities, not by connections): free record
        // buffers and free Ciphers (~1.4 KiB each)
        long pooled = (long) RecordBufferPool.BUFFER_SIZE * (clientConfig.recordBufferPool().freeBuffers()
                + serverConfig.recordBufferPool().freeBuffers())
                + 2048L * (clientConfig.cipherPool().freeInstances() + serverConfig.cipherPool().freeInstances());
        assertTrue(heapAfter - heap0 < held / 5 + pooled, "heap back near the start: " + (heapAfter - heap0)
                + " bytes left of " + held + " held, " + pooled + " allowed for the pools' free buffers and Ciphers");
        assertTrue(fdsAfter <= fds0 + 2, "file descriptors back to the start: " + fdsAfter + " vs " + fds0);
        assertTrue(threadsAfter <= threads0, "threads back to the start: " + threadsAfter + " vs " + threads0);
    }

    @Test
    void soakOfRepeatedHandshakesDoesNotGrow() throws Exception {
        int rounds = scale(3, 6);
        int perRound = scale(100, 300);
        AtomicInteger clean = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        NioTlsServer server = echoServer(clean, failed).build().start();
        try {
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            long[] heap = new long[rounds];
            int[] threadCount = new int[rounds];
            byte[] ping = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                inParallel(perRound, 2, i -> {
                    try (TlsSocket s = TlsSocket.connect("127.0.0.1", server.port(), clientConfig,
                            Duration.ofSeconds(30))) {
                        s.getOutputStream().write(ping);
                        assertArrayEquals(ping, s.getInputStream().readNBytes(ping.length));
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                    return null;
                });
                awaitNoConnections(server);
                heap[r] = heapAfterGc();
                threadCount[r] = threads();
                System.out.printf("[load] soak: round %d: %d handshakes, heap %d KiB, threads %d%n", r + 1,
                        perRound * (r + 1), heap[r] / 1024, threadCount[r]);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("[load] soak: %d handshakes with an echo each, %.0f/s (2 client threads)%n",
                    rounds * perRound, rounds * perRound / seconds);
            assertEquals(List.of(), List.copyOf(errors));
            assertEquals(rounds * perRound, clean.get(), "every connection closed cleanly");
            // after the first round (caches warm), neither heap nor threads grow
            // (a leak of even 5 KiB per connection would exceed this bound)
            long growth = heap[rounds - 1] - heap[0];
            long bound = Math.max(3L << 19, 1024L * perRound * (rounds - 1));
            assertTrue(growth < bound, "heap grew by " + growth + " bytes over the soak (bound " + bound + ")");
            assertEquals(threadCount[0], threadCount[rounds - 1], "threads");
        } finally {
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    static void awaitNoConnections(NioTlsServer server) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.connectionCount() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(0, server.connectionCount(), "connections left open");
    }
}
