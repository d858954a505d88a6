package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsServerSocket;
import dev.parapet.tls.io.TlsSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Parapet {@link TlsServerSocket} on 127.0.0.1 (port chosen by the OS) serving connections one at a time on a
 * daemon thread. The first connection's outcome (session, or the exception) is kept for the test to assert on.
 */
final class ParapetServer implements AutoCloseable {
    /** Serves one accepted connection whose handshake has completed. */
    interface Handler {
        void handle(TlsSocket socket, ParapetServer server) throws Exception;
    }

    static final String RESPONSE_BODY = "hello from parapet";

    private final TlsServerSocket serverSocket;
    private final Thread thread;
    private final CompletableFuture<TlsSession> firstSession = new CompletableFuture<>();
    private final CompletableFuture<Void> firstDone = new CompletableFuture<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private ParapetServer(TlsServerConfig config, Handler handler) throws IOException {
        this.serverSocket = TlsServerSocket.bind(InetAddress.getLoopbackAddress(), 0, config);
        this.thread = new Thread(() -> serve(handler), "parapet-server-" + serverSocket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static ParapetServer start(TlsServerConfig config, Handler handler) throws IOException {
        return new ParapetServer(config, handler);
    }

    /** Reads an HTTP request head, answers with a small fixed response and closes (close_notify, then TCP). */
    static ParapetServer http(TlsServerConfig config) throws IOException {
        return start(config, (socket, server) -> {
            String request = readUntil(socket.getInputStream(), "\r\n\r\n");
            server.received.add(request);
            String body = RESPONSE_BODY + " " + socket.session().cipherSuite() + "\n";
            String response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            OutputStream out = socket.getOutputStream();
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** What the handler recorded (request heads, echoed lines). */
    List<String> received() {
        return received;
    }

    void record(String s) {
        received.add(s);
    }

    /** The first connection's session; fails with the server's exception when its handshake failed. */
    TlsSession awaitSession(Duration deadline) throws InterruptedException {
        return await(firstSession, deadline, "a completed handshake");
    }

    /** Waits until the handler finished with the first connection; fails with its exception when it threw. */
    void awaitHandled(Duration deadline) throws InterruptedException {
        await(firstDone, deadline, "the first connection to be served");
    }

    private <T> T await(CompletableFuture<T> f, Duration deadline, String what) throws InterruptedException {
        try {
            return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            StringWriter sw = new StringWriter();
            e.getCause().printStackTrace(new PrintWriter(sw));
            return fail("Parapet server failed while waiting for " + what + ": " + e.getCause() + "\n" + sw,
                    e.getCause());
        } catch (TimeoutException e) {
            return fail("Parapet server: no " + what + " within " + deadline);
        }
    }

    private void serve(Handler handler) {
        while (!closed) {
            TlsSocket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    firstSession.completeExceptionally(e);
                    firstDone.completeExceptionally(e);
                }
                return;
            }
            try (socket) {
                socket.setSoTimeout(15_000);
                socket.startHandshake();
                firstSession.complete(socket.session());
                handler.handle(socket, this);
                firstDone.complete(null);
            } catch (Throwable t) {
                firstSession.completeExceptionally(t);
                firstDone.completeExceptionally(t);
            }
        }
    }

    /** Reads until {@code terminator} was seen or end of stream; returns what was read. */
    static String readUntil(InputStream in, String terminator) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!buf.toString(StandardCharsets.ISO_8859_1).contains(terminator)) {
            int n = in.read(chunk);
            if (n < 0) {
                break;
            }
            buf.write(chunk, 0, n);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
