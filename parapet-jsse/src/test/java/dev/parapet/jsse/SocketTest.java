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
}
