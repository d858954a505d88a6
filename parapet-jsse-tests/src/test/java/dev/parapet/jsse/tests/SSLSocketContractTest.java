package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The SSLSocket/SSLServerSocket contract, once per provider, both ends on the provider under test, over real TCP
 * on 127.0.0.1: startHandshake, HandshakeCompletedListener, a read timeout that leaves the socket usable, half-close
 * with shutdownOutput (TLS 1.3), close seen as end of stream, the exception types on an untrusted certificate
 * (SSLHandshakeException on the client), and a socket layered over a connected plain socket.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SSLSocketContractTest {
    private final Pki pki = new Pki();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** The server end: a listening SSLServerSocket that accepts one connection and hands it to {@code body}. */
    private interface ServerBody<T> {
        T run(SSLSocket accepted) throws Exception;
    }

    /**
     * The result is complete when {@code body} returns, before the accepted socket is closed: SunJSSE's close() of
     * a TLS 1.3 socket waits (up to SO_TIMEOUT) for the peer's close_notify, which the client sends when it closes
     * at the end of the test.
     */
    private <T> Future<T> serveOne(SSLServerSocket listening, ServerBody<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.submit(() -> {
            try (listening; SSLSocket s = (SSLSocket) listening.accept()) {
                s.setSoTimeout(15_000);
                result.complete(body.run(s));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
            return null;
        });
        return result;
    }

    private SSLServerSocket listen(SSLContext ctx) throws IOException {
        return (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
    }

    private static SSLSocket connect(SSLContext ctx, int port) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(Pki.HOST, port);
        s.setSoTimeout(15_000);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    @ProviderTest
    void startHandshakeAndExchange(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.ECDSA_P256));
        Future<SSLSession> server = serveOne(ss, s -> {
            s.startHandshake();
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(5);
            s.getOutputStream().write(got);
            s.getOutputStream().write(bytes(" back"));
            s.getOutputStream().flush();
            return s.getSession();
        });
        try (SSLSocket c = connect(pki.clientContext(provider), ss.getLocalPort())) {
            c.startHandshake();
            SSLSession session = c.getSession();
            assertEquals("TLSv1.3", session.getProtocol());
            assertEquals(pki.leaf(KeyType.ECDSA_P256).leaf(), session.getPeerCertificates()[0]);
            assertEquals(Pki.HOST, session.getPeerHost());
            assertEquals(ss.getLocalPort(), session.getPeerPort());
            c.getOutputStream().write(bytes("hello"));
            c.getOutputStream().flush();
            assertArrayEquals(bytes("hello back"), c.getInputStream().readNBytes(10));
            SSLSession serverSession = get(server);
            assertEquals(session.getCipherSuite(), serverSession.getCipherSuite());
            assertEquals("TLSv1.3", serverSession.getProtocol());
        }
    }

    @ProviderTest
    void handshakeCompletedListenerFires(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.ECDSA_P256));
        CompletableFuture<HandshakeCompletedEvent> onServer = new CompletableFuture<>();
        Future<SSLSocket> server = serveOne(ss, s -> {
            s.addHandshakeCompletedListener(onServer::complete);
            s.startHandshake();
            s.getInputStream().read();
            return s;
        });
        try (SSLSocket c = connect(pki.clientContext(provider), ss.getLocalPort())) {
            CompletableFuture<HandshakeCompletedEvent> onClient = new CompletableFuture<>();
            c.addHandshakeCompletedListener(onClient::complete);
            c.startHandshake();
            HandshakeCompletedEvent e = onClient.get(10, TimeUnit.SECONDS);
            assertSame(c, e.getSocket());
            assertEquals(c.getSession().getCipherSuite(), e.getCipherSuite());
            assertEquals(c.getSession(), e.getSession());
            assertEquals(pki.leaf(KeyType.ECDSA_P256).leaf(), e.getPeerCertificates()[0]);
            c.getOutputStream().write(1);
            c.getOutputStream().flush();
            HandshakeCompletedEvent se = onServer.get(10, TimeUnit.SECONDS);
            assertEquals(c.getSession().getCipherSuite(), se.getCipherSuite());
            assertSame(get(server), se.getSocket());
        }
    }

    /** A read with nothing to read ends in SocketTimeoutException; the connection is still usable after it. */
    @ProviderTest
    void readTimeoutLeavesSocketUsable(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.ECDSA_P256));
        CompletableFuture<Void> clientTimedOut = new CompletableFuture<>();
        Future<Integer> server = serveOne(ss, s -> {
            s.startHandshake();
            clientTimedOut.get(15, TimeUnit.SECONDS);
            s.getOutputStream().write(bytes("late"));
            s.getOutputStream().flush();
            return s.getInputStream().read();
        });
        try (SSLSocket c = connect(pki.clientContext(provider), ss.getLocalPort())) {
            c.startHandshake();
            c.setSoTimeout(300);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> c.getInputStream().read());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 250, "timed out after " + waited + " ms");
            clientTimedOut.complete(null);
            c.setSoTimeout(10_000);
            assertArrayEquals(bytes("late"), c.getInputStream().readNBytes(4));
            c.getOutputStream().write(7);
            c.getOutputStream().flush();
            assertEquals(7, get(server));
        }
    }

    /** TLS 1.3 half-close: the client's shutdownOutput is end of stream for the server, which still answers. */
    @ProviderTest
    void halfCloseWithShutdownOutput(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.ECDSA_P256));
        Future<String> server = serveOne(ss, s -> {
            byte[] request = s.getInputStream().readAllBytes(); // to end of stream
            s.getOutputStream().write(bytes("got " + new String(request, StandardCharsets.UTF_8)));
            s.getOutputStream().flush();
            return new String(request, StandardCharsets.UTF_8);
        });
        try (SSLSocket c = connect(pki.clientContext(provider), ss.getLocalPort())) {
            c.getOutputStream().write(bytes("request"));
            c.getOutputStream().flush();
            c.shutdownOutput();
            assertTrue(c.isOutputShutdown());
            assertEquals("request", get(server));
            assertArrayEquals(bytes("got request"), c.getInputStream().readAllBytes());
            assertEquals("TLSv1.3", c.getSession().getProtocol());
        }
    }

    /** The client's close() (close_notify) is end of stream (-1) for the server, not an exception. */
    @ProviderTest
    void closeIsEndOfStreamForPeer(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.ECDSA_P256));
        Future<int[]> server = serveOne(ss, s -> {
            InputStream in = s.getInputStream();
            int first = in.read();
            int next = in.read();
            return new int[] {first, next};
        });
        SSLSocket c = connect(pki.clientContext(provider), ss.getLocalPort());
        c.getOutputStream().write(42);
        c.getOutputStream().flush();
        c.close();
        assertTrue(c.isClosed());
        assertArrayEquals(new int[] {42, -1}, get(server));
        assertThrows(IOException.class, () -> c.getOutputStream().write(1));
    }

    @ProviderTest
    void untrustedCertificateIsSslHandshakeException(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.ECDSA_P256));
        Future<Object> server = serveOne(ss, s -> {
            s.startHandshake();
            return s.getInputStream().read();
        });
        try (SSLSocket c = connect(Pki.untrustingClientContext(provider), ss.getLocalPort())) {
            SSLException e = assertThrows(SSLException.class, c::startHandshake);
            assertInstanceOf(SSLHandshakeException.class, e, "client's exception: " + e);
        }
        // The server fails too. Which exception is a race, SunJSSE against SunJSSE included: the client's alert
        // (SSLHandshakeException "Received fatal alert: certificate_unknown"), or, when the client has closed while
        // the server was still writing its flight, a reset (SocketException "Broken pipe"; 6 times in 20 in a warm
        // loop with SunJSSE on both ends). In memory, without TCP, the type is exact: SSLEngineContractTest.
        Exception onServer = assertThrows(Exception.class, () -> get(server));
        assertTrue(onServer instanceof SSLHandshakeException || onServer instanceof java.net.SocketException,
                "server's exception: " + onServer);
    }

    /**
     * An SSLSocket layered over a connected plain socket ({@code createSocket(socket, host, port, autoClose)}),
     * handshaking implicitly on the first write; closing it closes the plain socket (autoClose).
     */
    @ProviderTest
    void layeredOverConnectedSocket(String provider) throws Exception {
        SSLServerSocket ss = listen(pki.serverContext(provider, KeyType.RSA_2048));
        Future<String> server = serveOne(ss, s -> {
            byte[] got = s.getInputStream().readNBytes(7);
            s.getOutputStream().write(bytes("layered ok"));
            s.getOutputStream().flush();
            return new String(got, StandardCharsets.UTF_8);
        });
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()), 5000);
        SSLSocket c = (SSLSocket) pki.clientContext(provider).getSocketFactory()
                .createSocket(plain, Pki.HOST, ss.getLocalPort(), true);
        try {
            c.setSoTimeout(15_000);
            SSLParameters p = c.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            c.setSSLParameters(p);
            OutputStream out = c.getOutputStream();
            out.write(bytes("layered")); // the handshake happens here
            out.flush();
            assertEquals("layered", get(server));
            assertArrayEquals(bytes("layered ok"), c.getInputStream().readNBytes(10));
            assertEquals(pki.leaf(KeyType.RSA_2048).leaf(), c.getSession().getPeerCertificates()[0]);
        } finally {
            c.close();
        }
        assertTrue(plain.isClosed(), "autoClose: the plain socket is closed with the SSLSocket");
    }
}
