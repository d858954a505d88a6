package dev.parapet.tls.io.nio;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** Helpers for the load and fault tests: scale, heap/fd/thread probes, and a lightweight idle client. */
final class LoadSupport {
    private LoadSupport() {
    }

    /** {@code -Dload=long} runs the long form (documented in docs/load.md); the default is CI's short form. */
    static boolean longForm() {
        return "long".equals(System.getProperty("load"));
    }

    static int scale(int shortForm, int longForm) {
        return longForm() ? longForm : shortForm;
    }

    /** Used heap after full collections (several, until it stops shrinking). */
    static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            best = Math.min(best, used);
        }
        return best;
    }

    static int openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * A connected client that finished its handshake and then kept only its socket and a sealed close_notify: the
     * client side of an idle connection at the smallest cost, so the heap measured is mostly the server's.
     */
    record IdleClient(SocketChannel channel, byte[] closeNotify) {
        /**
         * Handshakes over a blocking channel and has one byte echoed (so both ends have moved application data).
         * The server must echo and send nothing else after its Finished (no tickets).
         */
        static IdleClient connect(InetSocketAddress server, TlsClientConfig config) throws IOException {
            SocketChannel ch = SocketChannel.open(server);
            try {
                TlsConnection tls = TlsConnection.client(config, server.getAddress().getHostAddress());
                ByteBuffer in = ByteBuffer.allocate(2 * TlsConnection.MAX_RECORD_SIZE);
                ByteBuffer out = ByteBuffer.allocate(4 * TlsConnection.MAX_RECORD_SIZE);
                while (true) {
                    send(tls, ch, out);
                    if (!tls.isHandshaking()) {
                        break;
                    }
                    if (ch.read(in) < 0) {
                        throw new IOException("server closed during the handshake");
                    }
                    in.flip();
                    try {
                        tls.receiveFromNetwork(in);
                    } catch (TlsException e) {
                        send(tls, ch, out);
                        throw e;
                    } finally {
                        in.compact();
                    }
                }
                tls.write(ByteBuffer.wrap(new byte[] {'!'}));
                send(tls, ch, out);
                ByteBuffer echo = ByteBuffer.allocate(1);
                while (true) {
                    if (tls.read(echo) < 0) {
                        throw new IOException("server closed before echoing");
                    }
                    if (!echo.hasRemaining()) {
                        break;
                    }
                    if (ch.read(in) < 0) {
                        throw new IOException("server closed before echoing");
                    }
                    in.flip();
                    tls.receiveFromNetwork(in);
                    in.compact();
                }
                tls.closeOutbound();
                out.clear();
                tls.sendToNetwork(out);
                return new IdleClient(ch, Arrays.copyOf(out.array(), out.position()));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        private static void send(TlsConnection tls, SocketChannel ch, ByteBuffer out) throws IOException {
            while (tls.hasPendingOutput()) {
                out.clear();
                tls.sendToNetwork(out);
                out.flip();
                while (out.hasRemaining()) {
                    ch.write(out);
                }
            }
        }

        /** Sends close_notify, then waits for the server's answer and its end of stream. */
        void closeGracefully() throws IOException {
            try (channel) {
                channel.write(ByteBuffer.wrap(closeNotify));
                awaitEndOfStream();
            }
        }

        /** Reads (and drops) until the server closes: its close_notify, then the end of the stream. */
        void awaitEndOfStream() throws IOException {
            ByteBuffer sink = ByteBuffer.allocate(256);
            while (channel.read(sink) >= 0) {
                sink.clear();
            }
        }
    }
}
