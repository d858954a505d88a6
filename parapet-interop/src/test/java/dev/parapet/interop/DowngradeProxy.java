package dev.parapet.interop;

import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay on 127.0.0.1 for one connection that removes one extension (e.g. supported_versions) from the
 * ClientHello on its way to the server, as an active attacker forcing a downgrade would, and passes everything
 * else through untouched. The ClientHello must be the first record and fit in it.
 */
final class DowngradeProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final int strippedExtension;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Boolean> stripped = new CompletableFuture<>();
    private volatile Socket client;
    private volatile Socket server;

    DowngradeProxy(int targetPort, int strippedExtension) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.strippedExtension = strippedExtension;
        this.thread = new Thread(this::run, "downgrade-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Whether the extension was present in the ClientHello and removed (waits for the ClientHello). */
    boolean stripped() throws Exception {
        return stripped.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void run() {
        try {
            client = listener.accept();
            server = new Socket();
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            byte[] record = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
            in.readFully(record);
            if (header[0] != 22 || record[0] != 1) {
                throw new IOException("the first record is not a ClientHello");
            }
            ClientHello ch = ClientHello.decode(HandshakeMessage.of(HandshakeType.CLIENT_HELLO,
                    Arrays.copyOfRange(record, 4, record.length)));
            boolean present = ch.extension(strippedExtension) != null;
            ClientHello rewritten = new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(),
                    ch.cipherSuites(), ch.legacyCompressionMethods(), ch.extensions().stream()
                    .filter(e -> e.type() != strippedExtension).toList());
            byte[] encoded = rewritten.encode().encoded();
            OutputStream toServer = server.getOutputStream();
            toServer.write(ByteBuffer.allocate(5 + encoded.length).put(header, 0, 3)
                    .putShort((short) encoded.length).put(encoded).array());
            toServer.flush();
            stripped.complete(present);
            Thread back = new Thread(() -> relay(serverIn(), clientOut()), "downgrade-proxy-back");
            back.setDaemon(true);
            back.start();
            relay(in, toServer);
        } catch (Exception e) {
            stripped.completeExceptionally(e);
        }
    }

    private InputStream serverIn() {
        try {
            return server.getInputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private OutputStream clientOut() {
        try {
            return client.getOutputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void relay(InputStream from, OutputStream to) {
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = from.read(buf)) >= 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // one side went away
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        for (AutoCloseable c : new AutoCloseable[] {listener, client, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}
