package dev.parapet.tls.io.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NioTlsServer against Parapet's blocking client and raw sockets on loopback: behaviour, not speed. */
@Timeout(60)
class NioTlsServerTest {
    static TlsServerConfig serverConfig;
    static TlsClientConfig clientConfig;

    /** What the server reported: the failure (or a marker for a clean close) of each closed connection. */
    final BlockingQueue<Object> closes = new LinkedBlockingQueue<>();
    NioTlsServer server;

    static final Object CLEAN = "clean";

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        serverConfig = TlsServerConfig.builder().certificate(pki.issue(KeyType.ECDSA_P256, "localhost", "127.0.0.1"))
                .build();
        clientConfig = TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()))
                .build();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    /** An echo server reporting closes to {@link #closes}. */
    NioTlsServer.Builder echo() {
        return NioTlsServer.builder().config(serverConfig).workers(2).handler(new ConnectionHandler() {
            @Override
            public void onData(NioConnection c, ByteBuffer data) {
                c.write(data);
            }

            @Override
            public void onClose(NioConnection c, Exception failure) {
                closes.add(failure == null ? CLEAN : failure);
            }
        });
    }

    TlsSocket connect() throws IOException {
        return TlsSocket.connect("127.0.0.1", server.port(), clientConfig, Duration.ofSeconds(20));
    }

    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "stream ended early");
        return b;
    }

    Object nextClose() throws InterruptedException {
        Object o = closes.poll(20, TimeUnit.SECONDS);
        assertNotNull(o, "the server reported no close");
        return o;
    }

    @Test
    void echoesAndClosesCleanly() throws Exception {
        server = echo().build().start();
        try (TlsSocket s = connect()) {
            byte[] msg = "hello, selector".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(msg);
            assertArrayEquals(msg, readFully(s.getInputStream(), msg.length));
            byte[] big = new byte[200_000]; // many records, both ways, larger than the pending-output bound
            new java.util.Random(1).nextBytes(big);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(big);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            assertArrayEquals(big, readFully(s.getInputStream(), big.length));
            writer.join();
            s.shutdownOutput(); // close_notify: the server answers with its own
            assertEquals(-1, s.getInputStream().read());
        }
        assertEquals(CLEAN, nextClose());
        assertEquals(0, awaitCount(0));
    }

    @Test
    void manyClientsAtOnce() throws Exception {
        server = echo().build().start();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try (TlsSocket s = connect()) {
                    byte[] msg = ("client " + n).getBytes(StandardCharsets.US_ASCII);
                    s.getOutputStream().write(msg);
                    assertArrayEquals(msg, readFully(s.getInputStream(), msg.length));
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), errors);
        for (int i = 0; i < 20; i++) {
            assertEquals(CLEAN, nextClose());
        }
    }

    @Test
    void handshakeTimeoutClosesWithoutAlert() throws Exception {
        server = echo().handshakeTimeout(Duration.ofMillis(300)).build().start();
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(new byte[] {22, 3, 1}); // a record header, never finished
            assertEquals(-1, raw.getInputStream().read(), "the server sends nothing and closes");
        }
        Object failure = nextClose();
        assertInstanceOf(SocketTimeoutException.class, failure);
        assertTrue(((Exception) failure).getMessage().contains("no handshake within 300 ms"), failure.toString());
    }

    @Test
    void idleTimeoutSendsCloseNotify() throws Exception {
        server = echo().idleTimeout(Duration.ofMillis(300)).build().start();
        try (TlsSocket s = connect()) {
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "close_notify from the server");
        }
        Object failure = nextClose();
        assertInstanceOf(SocketTimeoutException.class, failure);
        assertTrue(((Exception) failure).getMessage().contains("idle for 300 ms"), failure.toString());
    }

    @Test
    void garbageGetsAnAlertAndOthersCarryOn() throws Exception {
        server = echo().build().start();
        try (TlsSocket good = connect(); Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] alert = raw.getInputStream().readNBytes(7);
            assertEquals(21, alert[0], "an alert record");
            assertEquals(2, alert[5], "fatal");
            assertEquals(AlertDescription.UNEXPECTED_MESSAGE.code(), alert[6] & 0xff);
            assertEquals(-1, raw.getInputStream().read());
            TlsException e = assertInstanceOf(TlsException.class, nextClose());
            assertTrue(e.getMessage().contains("plain HTTP"), e.getMessage());

            good.getOutputStream().write('x');
            assertEquals('x', good.getInputStream().read());
        }
        assertEquals(CLEAN, nextClose());
    }

    @Test
    void truncatedConnectionIsReported() throws Exception {
        server = echo().build().start();
        TlsSocket s = connect();
        s.socket().close(); // TCP FIN without close_notify
        TlsException e = assertInstanceOf(TlsException.class, nextClose());
        assertTrue(e.isTruncation(), e.getMessage());
    }

    @Test
    void handlerFailureClosesOnlyThatConnection() throws Exception {
        server = NioTlsServer.builder().config(serverConfig).handler(new ConnectionHandler() {
            @Override
            public void onData(NioConnection c, ByteBuffer data) {
                if (data.get(data.position()) == '!') {
                    throw new IllegalStateException("handler refuses");
                }
                c.write(data);
            }

            @Override
            public void onClose(NioConnection c, Exception failure) {
                closes.add(failure == null ? CLEAN : failure);
            }
        }).build().start();
        try (TlsSocket good = connect(); TlsSocket bad = connect()) {
            bad.getOutputStream().write('!');
            assertEquals(-1, bad.getInputStream().read(), "close_notify");
            assertInstanceOf(IllegalStateException.class, nextClose());
            good.getOutputStream().write('y');
            assertEquals('y', good.getInputStream().read());
        }
    }

    @Test
    void connectionCapMakesTheNextClientWait() throws Exception {
        server = echo().maxConnections(1).build().start();
        TlsSocket first = connect();
        first.getOutputStream().write('1');
        assertEquals('1', first.getInputStream().read());
        Socket second = new Socket("127.0.0.1", server.port()); // queued in the backlog
        second.setSoTimeout(300);
        second.getOutputStream().write(new byte[] {99, 3, 3, 0, 1, 0}); // a record of no known type
        assertThrows(SocketTimeoutException.class, () -> second.getInputStream().read(),
                "not served while the first holds the only slot");
        assertEquals(1, server.connectionCount());
        first.close();
        assertEquals(CLEAN, nextClose());
        second.setSoTimeout(10_000);
        assertEquals(21, second.getInputStream().read(), "served (and refused) once the slot is free");
        second.close();
        assertInstanceOf(TlsException.class, nextClose());
    }

    @Test
    void shutdownSendsCloseNotifyToEveryone() throws Exception {
        server = echo().build().start();
        List<TlsSocket> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(connect());
        }
        Socket handshaking = new Socket("127.0.0.1", server.port());
        handshaking.setSoTimeout(10_000);
        handshaking.getOutputStream().write(new byte[] {22, 3, 1}); // mid-record
        awaitCount(6);
        Thread closer = new Thread(() -> {
            for (TlsSocket c : clients) {
                try {
                    c.setSoTimeout(10_000);
                    assertEquals(-1, c.getInputStream().read(), "close_notify");
                    c.close(); // answers with ours
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
        });
        closer.start();
        assertTrue(server.shutdown(Duration.ofSeconds(10)), "all closed within the grace period");
        closer.join();
        byte[] alert = handshaking.getInputStream().readNBytes(7);
        assertEquals(21, alert[0], "close_notify even mid-handshake");
        assertEquals(AlertDescription.CLOSE_NOTIFY.code(), alert[6]);
        handshaking.close();
        for (int i = 0; i < 6; i++) {
            nextClose();
        }
        assertNull(closes.poll());
        server = null;
    }

    int awaitCount(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.connectionCount() != n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, server.connectionCount());
        return n;
    }
}
