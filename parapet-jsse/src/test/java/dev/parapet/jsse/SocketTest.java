package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSLSocket clients against SSLServerSockets on 127.0.0.1, Parapet and SunJSSE mixed. */
class SocketTest {
    /** Accepts one connection, reads a line, answers "echo: line", half-closes, then reads to the end. */
    private static CompletableFuture<String> echoServer(SSLServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(10_000);
                String line = readLine(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                int rest = s.getInputStream().read(); // the client's close_notify ends the stream
                return s.getSession().getProtocol() + " " + line + " " + rest;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} client, {1} server, {2}, layered={3}")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3, false", "Parapet, Parapet, TLSv1.2, true",
            "Parapet, SunJSSE, TLSv1.3, true", "Parapet, SunJSSE, TLSv1.2, false",
            "SunJSSE, Parapet, TLSv1.3, false", "SunJSSE, Parapet, TLSv1.2, false"})
    void echo(String clientProvider, String serverProvider, String protocol, boolean layered) throws Exception {
        SSLContext serverCtx = Jsse.context(serverProvider, "TLS");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = echoServer(server);
            SSLContext clientCtx = Jsse.context(clientProvider, "TLS");
            SSLSocket client;
            if (layered) {
                Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                client = (SSLSocket) clientCtx.getSocketFactory().createSocket(plain, "localhost",
                        server.getLocalPort(), true);
            } else {
                client = (SSLSocket) clientCtx.getSocketFactory().createSocket();
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                        5000);
            }
            try (client) {
                client.setSoTimeout(10_000);
                client.setEnabledProtocols(new String[] {protocol});
                AtomicReference<HandshakeCompletedEvent> event = new AtomicReference<>();
                client.addHandshakeCompletedListener(event::set);
                client.startHandshake();
                assertEquals(protocol, client.getSession().getProtocol());
                if (clientProvider.equals("Parapet")) {
                    assertEquals(client.getSession().getCipherSuite(), event.get().getCipherSuite());
                }
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("echo: hello", readLine(client.getInputStream()));
                client.shutdownOutput();
                assertEquals(protocol + " hello -1", served.get(20, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"Parapet", "SunJSSE"})
    void untrustedServerFailsTheClientHandshake(String serverProvider) throws Exception {
        SSLContext serverCtx = Jsse.context(serverProvider, "TLS");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = echoServer(server);
            SSLContext clientCtx = SSLContext.getInstance("TLS", Jsse.PARAPET);
            clientCtx.init(null, null, null);
            try (SSLSocket client = (SSLSocket) clientCtx.getSocketFactory().createSocket("localhost",
                    server.getLocalPort())) {
                client.setSoTimeout(10_000);
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
                assertTrue(e.getMessage().contains("not a trusted CA"), e.getMessage());
                assertTrue(!client.getSession().isValid());
            }
            assertThrows(Exception.class, () -> served.get(20, TimeUnit.SECONDS));
        }
    }
    @ParameterizedTest(name = "{0} client, {1} server, {2}, {3}ClientAuth")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3, need", "Parapet, Parapet, TLSv1.2, want",
            "Parapet, SunJSSE, TLSv1.3, need", "Parapet, SunJSSE, TLSv1.2, need",
            "SunJSSE, Parapet, TLSv1.3, need", "SunJSSE, Parapet, TLSv1.2, need",
            "SunJSSE, Parapet, TLSv1.3, want"})
    void mutualTls(String clientProvider, String serverProvider, String protocol, String mode) throws Exception {
        SSLContext serverCtx = Jsse.context(serverProvider, "TLS");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            if (mode.equals("need")) {
                server.setNeedClientAuth(true);
            } else {
                server.setWantClientAuth(true);
            }
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(10_000);
                    String line = readLine(s.getInputStream());
                    String peer = ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                    s.getOutputStream().write(("hello " + peer + "\n").getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    return line + " " + s.getNeedClientAuth() + " " + s.getWantClientAuth();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            SSLContext clientCtx = Jsse.context(clientProvider, Jsse.CLIENT);
            try (SSLSocket client = (SSLSocket) clientCtx.getSocketFactory().createSocket("localhost",
                    server.getLocalPort())) {
                client.setSoTimeout(10_000);
                client.setEnabledProtocols(new String[] {protocol});
                client.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                assertEquals("hello CN=Parapet Test Client", readLine(client.getInputStream()));
                assertEquals(protocol, client.getSession().getProtocol());
                assertEquals(Jsse.CLIENT.leaf(), client.getSession().getLocalCertificates()[0]);
                client.shutdownOutput(); // a SunJSSE TLS 1.3 server's close waits for our close_notify
                assertEquals("hi " + mode.equals("need") + " " + mode.equals("want"),
                        served.get(20, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest(name = "{0} client, {1} server, {2}")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3", "Parapet, Parapet, TLSv1.2",
            "Parapet, SunJSSE, TLSv1.3", "Parapet, SunJSSE, TLSv1.2",
            "SunJSSE, Parapet, TLSv1.3", "SunJSSE, Parapet, TLSv1.2"})
    void needClientAuthWithoutCertificateFailsBothSides(String clientProvider, String serverProvider,
                                                        String protocol) throws Exception {
        SSLContext serverCtx = Jsse.context(serverProvider, "TLS");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<Exception> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            SSLContext clientCtx = Jsse.context(clientProvider, (dev.parapet.tls.x509.CertifiedKey) null);
            try (SSLSocket client = (SSLSocket) clientCtx.getSocketFactory().createSocket("localhost",
                    server.getLocalPort())) {
                client.setSoTimeout(10_000);
                client.setEnabledProtocols(new String[] {protocol});
                // in TLS 1.3 the client's handshake ends before the server judges it: the refusal comes with a read
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> {
                    client.startHandshake();
                    client.getInputStream().read();
                });
                assertTrue(e.getMessage().contains("certificate") || e.getMessage().contains("handshake_failure"),
                        e.getMessage());
            }
            Exception serverError = served.get(20, TimeUnit.SECONDS);
            assertTrue(serverError instanceof SSLHandshakeException, String.valueOf(serverError));
        }
    }
}
