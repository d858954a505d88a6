package dev.parapet.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real {@code redis-server} on 127.0.0.1 and a free port, persisting nothing ({@code --save '' --appendonly no}),
 * for a test class. A missing binary fails the test (never skips): .ci/run installs Debian's {@code redis-server}.
 * {@link #close()} kills it; a JVM shutdown hook does too, should a test end abnormally.
 */
final class RedisProcess implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(10);
    private final Process process;
    private final int port;
    private final StringBuilder output = new StringBuilder();
    private final Thread reaper;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.reaper = new Thread(process::destroyForcibly, "redis-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        drain(process.getInputStream());
    }

    /** Starts redis-server with these extra arguments (e.g. {@code --requirepass}) and waits until it is ready. */
    static RedisProcess start(Path dir, String... extra) throws IOException, InterruptedException {
        return start(dir, port -> List.of("--port", Integer.toString(port)), extra);
    }

    /** Starts redis-server serving TLS alone on its port, with this certificate chain and key (PEM). */
    static RedisProcess startTls(Path dir, Path chain, Path key) throws IOException, InterruptedException {
        return start(dir, port -> List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
                chain.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file", chain.toString(),
                "--tls-auth-clients", "no"));
    }

    private static RedisProcess start(Path dir, IntFunction<List<String>> listen, String... extra)
            throws IOException, InterruptedException {
        String binary = requireBinary("redis-server");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken before redis binds it
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary));
            cmd.addAll(listen.apply(port));
            cmd.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no"));
            cmd.addAll(List.of(extra));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            RedisProcess redis = new RedisProcess(p, port);
            try {
                redis.awaitReady();
                return redis;
            } catch (AssertionError e) {
                last = e;
                redis.close();
            }
        }
        throw last;
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stdout and stderr so far, for failure messages. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    private void awaitReady() throws InterruptedException {
        long end = System.nanoTime() + START_DEADLINE.toNanos();
        while (!output().contains("Ready to accept connections")) {
            if (!process.isAlive() || System.nanoTime() > end) {
                fail("redis-server did not start on port " + port + "\n" + output());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    static String requireBinary(String binary) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return fail(binary + " not found on PATH; .ci/run installs it (Debian package redis-server)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (output) {
                        if (output.length() < 1_000_000) {
                            output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "redis-server-output");
        t.setDaemon(true);
        t.start();
    }
}
