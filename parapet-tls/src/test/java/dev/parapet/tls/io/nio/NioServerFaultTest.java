package dev.parapet.tls.io.nio;

import static dev.parapet.tls.io.nio.LoadSupport.heapAfterGc;
import static dev.parapet.tls.io.nio.LoadSupport.scale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Good clients keep handshaking while hostile ones attack the same {@link NioTlsServer}: slowloris (one byte a
 * second), half-sent records, garbage, abrupt resets (SO_LINGER 0), and clients that never read while the server
 * writes to them. Every good handshake must succeed; every hostile connection must be closed by the server; the
 * server's heap stays bounded. The attack runs 10 s in CI's short form, 60 s with {@code -Dload=long}.
 */
@Tag("load")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NioServerFaultTest {
    static CertifiedKey leaf;
    static TlsClientConfig clientConfig;

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        leaf = pki.issue(KeyType.ECDSA_P256, "localhost", "127.0.0.1");
        clientConfig = TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()))
                .build();
    }

    /** Attack threads stop when this is false. */
    volatile boolean attacking = true;
    final ConcurrentLinkedQueue<Throwable> goodFailures = new ConcurrentLinkedQueue<>();
    final AtomicInteger goodHandshakes = new AtomicInteger();
    final AtomicInteger hostileOpened = new AtomicInteger();
    final AtomicInteger hostileClosedByServer = new AtomicInteger();
    final AtomicLong neverReaderBytes = new AtomicLong();

    @Test
    void goodClientsSucceedWhileHostileOnesAttack() throws Exception {
        long attackMillis = scale(10_000, 60_000);
        AtomicInteger closedByTimeout = new AtomicInteger();
        AtomicInteger closedByAlert = new AtomicInteger();
        // no tickets: every good handshake is a full one (no resumption)
        TlsServerConfig config = TlsServerConfig.builder().certificate(leaf).ticketsPerConnection(0).build();
        NioTlsServer server = NioTlsServer.builder().config(config).workers(2)
                .handshakeTimeout(Duration.ofSeconds(3)).idleTimeout(Duration.ofSeconds(3))
                .handler(new ConnectionHandler() {
                    @Override
                    public void onData(NioConnection c, ByteBuffer data) {
                        c.write(data); // echo: the never-readers make this pile up
                    }

                    @Override
                    public void onClose(NioConnection c, Exception failure) {
                        if (failure instanceof java.net.SocketTimeoutException) {
                            closedByTimeout.incrementAndGet();
                        } else if (failure instanceof dev.parapet.tls.TlsException) {
                            closedByAlert.incrementAndGet();
                        }
                    }
                }).build().start();
        int port = server.port();
        long heapBefore = heapAfterGc();
        List<Thread> threads = new ArrayList<>();
        threads.add(start("slowloris", () -> slowloris(port, 50)));
        threads.add(start("half-records", () -> halfRecords(port)));
        threads.add(start("garbage", () -> garbage(port)));
        threads.add(start("resets", () -> resets(port)));
        for (int i = 0; i < 3; i++) {
            threads.add(start("never-reads-" + i, () -> neverReads(port)));
        }
        List<Thread> good = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            good.add(start("good-" + i, () -> goodClient(port)));
        }
        Thread.sleep(attackMillis);
        long heapUnderAttack = heapAfterGc();
        int openUnderAttack = server.connectionCount();
        attacking = false;
        for (Thread t : good) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Thread t : threads) {
            t.join(60_000);
            assertTrue(!t.isAlive(), t.getName() + " still running: the server did not close it");
        }
        System.out.printf("[load] attack: %d good full handshakes in %.1f s (%.1f/s) with 2 client threads while %d "
                        + "hostile connections were opened; %d open at the end of the attack; heap %d KiB before, "
                        + "%d KiB under attack; never-readers wrote %d KiB before being cut off; server closed %d "
                        + "on a timeout, %d with an alert%n",
                goodHandshakes.get(), seconds, goodHandshakes.get() / seconds, hostileOpened.get(),
                openUnderAttack, heapBefore / 1024, heapUnderAttack / 1024, neverReaderBytes.get() / 1024,
                closedByTimeout.get(), closedByAlert.get());
        assertEquals(List.of(), List.copyOf(goodFailures), "every good handshake succeeds");
        assertTrue(goodHandshakes.get() > 0);
        assertTrue(closedByTimeout.get() > 0 && closedByAlert.get() > 0);
        // bounded: the slowloris and half-record clients hold small buffers, never-readers are paused
        assertTrue(heapUnderAttack - heapBefore < 64L << 20, "heap under attack grew by "
                + (heapUnderAttack - heapBefore));
        assertTrue(server.shutdown(Duration.ofSeconds(10)));
        assertEquals(0, server.connectionCount());
    }

    static Thread start(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    void goodClient(int port) {
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        while (attacking) {
            try (TlsSocket s = TlsSocket.connect("127.0.0.1", port, clientConfig, Duration.ofSeconds(30))) {
                s.getOutputStream().write(ping);
                assertArrayEquals(ping, s.getInputStream().readNBytes(ping.length));
                goodHandshakes.incrementAndGet();
            } catch (Throwable t) {
                goodFailures.add(t);
            }
        }
    }

    /** {@code count} connections each sending a ClientHello's first bytes one a second; the server must cut them. */
    void slowloris(int port, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(hostile(port));
        }
        byte[] start = {22, 3, 1, 0x01, 0x00, 1, 0, 0, (byte) 0xfc, 3, 3};
        for (int b = 0; attacking && !sockets.isEmpty(); b = (b + 1) % start.length) {
            for (var it = sockets.iterator(); it.hasNext(); ) {
                Socket s = it.next();
                try {
                    s.getOutputStream().write(start[b]);
                } catch (IOException closed) {
                    hostileClosedByServer.incrementAndGet();
                    s.close();
                    it.remove();
                }
            }
            Thread.sleep(1000);
        }
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** A record header promising 300 bytes, half of them sent, then silence until the server closes. */
    void halfRecords(int port) throws Exception {
        while (attacking) {
            try (Socket s = hostile(port)) {
                byte[] half = new byte[5 + 150];
                half[0] = 22;
                half[1] = 3;
                half[2] = 1;
                half[3] = 1;
                half[4] = 44; // 300
                s.getOutputStream().write(half);
                s.setSoTimeout(30_000);
                if (s.getInputStream().read() < 0) {
                    hostileClosedByServer.incrementAndGet();
                }
            }
        }
    }

    /** Random bytes; the server answers with an alert and closes. */
    void garbage(int port) throws Exception {
        Random random = new Random(7);
        while (attacking) {
            try (Socket s = hostile(port)) {
                byte[] junk = new byte[1 + random.nextInt(4000)];
                random.nextBytes(junk);
                s.getOutputStream().write(junk);
                s.setSoTimeout(30_000);
                s.getInputStream().readAllBytes(); // the alert, then the end of the stream
                hostileClosedByServer.incrementAndGet();
            } catch (IOException reset) {
                hostileClosedByServer.incrementAndGet(); // our unread junk made the kernel reset: closed too
            }
            Thread.sleep(20);
        }
    }

    /** A ClientHello's start, then a reset (SO_LINGER 0) before the server could answer. */
    void resets(int port) throws Exception {
        while (attacking) {
            Socket s = hostile(port);
            s.setSoLinger(true, 0);
            s.getOutputStream().write(new byte[] {22, 3, 1, 0, 50, 1, 0, 0, 46});
            s.close();
            Thread.sleep(10);
        }
    }

    /** A real client that completes the handshake, then writes without ever reading the echoes. */
    void neverReads(int port) throws Exception {
        try (TlsSocket s = TlsSocket.connect("127.0.0.1", port, clientConfig, Duration.ofSeconds(60))) {
            hostileOpened.incrementAndGet();
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[16 * 1024];
            try {
                while (true) {
                    out.write(chunk); // blocks once the server stops reading from us; the idle timeout ends it
                    neverReaderBytes.addAndGet(chunk.length);
                }
            } catch (IOException closedByServer) {
                hostileClosedByServer.incrementAndGet();
            }
        }
    }

    Socket hostile(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        hostileOpened.incrementAndGet();
        return s;
    }
}
