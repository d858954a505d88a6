package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real peer binary (openssl, gnutls-serv, gnutls-cli) run as a child process on 127.0.0.1. Its stdout and stderr
 * are drained by one thread each into bounded buffers; {@link #close()} always kills it. Processes still alive when
 * a test ends abnormally (a preemptive timeout abandons the test thread) are killed by {@link #killAll()} from each
 * test class's {@code @AfterEach}, and by a JVM shutdown hook as a last resort.
 */
public final class PeerProcess implements AutoCloseable {
    /** Keep at most this many characters of each stream (the head: where the verdict lines are). */
    private static final int MAX_CAPTURE = 2 * 1024 * 1024;
    public static final Duration START_DEADLINE = Duration.ofSeconds(10);

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PeerProcess::killAll, "peer-process-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outDrain;
    private final Thread errDrain;
    private int port = -1;
    private boolean exitedEarly;

    private PeerProcess(List<String> command, Path workDir) throws IOException {
        this.command = List.copyOf(command);
        this.name = new File(command.get(0)).getName();
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        this.process = pb.start();
        LIVE.add(process);
        this.outDrain = drain(process.getInputStream(), stdout, name + "-stdout");
        this.errDrain = drain(process.getErrorStream(), stderr, name + "-stderr");
    }

    /**
     * The absolute path of a binary on PATH. Fails the test (never skips) when it is missing: interop that silently
     * does not run is worse than a red build.
     */
    public static String requireBinary(String binary) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, binary);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return fail(binary + " not found on PATH; .ci/run installs it");
    }

    /** A port free right now on 127.0.0.1 (bound, then released for the peer to take). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} (its first element a path from {@link #requireBinary}) in {@code workDir}. */
    public static PeerProcess start(Path workDir, List<String> command) throws IOException {
        return new PeerProcess(command, workDir);
    }

    public static PeerProcess start(Path workDir, String... command) throws IOException {
        return start(workDir, List.of(command));
    }

    /**
     * Starts a server peer and waits until 127.0.0.1:port accepts a TCP connection. The port is free when chosen but
     * another process may take it before the peer binds; then the peer exits at once and we try a fresh port, up to
     * three times. {@code commandForPort} builds the command line for a port.
     */
    public static PeerProcess startServer(Path workDir, java.util.function.IntFunction<List<String>> commandForPort)
            throws IOException, InterruptedException {
        return startServer(workDir, commandForPort, null);
    }

    /**
     * Like {@link #startServer(Path, java.util.function.IntFunction)}, but when {@code readyLine} is not null the
     * peer counts as started once its output contains {@code readyLine.apply(port)} (e.g. the Parapet CLI's
     * "listening on 127.0.0.1:PORT"), instead of probing the port with a bare TCP connection (which a TLS server
     * may log as a failed handshake).
     */
    public static PeerProcess startServer(Path workDir, java.util.function.IntFunction<List<String>> commandForPort,
                                   java.util.function.IntFunction<String> readyLine)
            throws IOException, InterruptedException {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            PeerProcess peer = start(workDir, commandForPort.apply(port));
            try {
                if (readyLine == null) {
                    peer.awaitPort(port, START_DEADLINE);
                } else {
                    peer.awaitOutput(readyLine.apply(port), START_DEADLINE);
                }
                peer.port = port;
                return peer;
            } catch (AssertionError e) {
                last = e;
                peer.close();
                if (!peer.exitedEarly) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** The port a server peer listens on (from {@link #startServer}). */
    public int port() {
        return port;
    }

    /** Polls connect() on 127.0.0.1:port until it succeeds; fails when the deadline passes or the peer exits. */
    public void awaitPort(int port, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (!process.isAlive()) {
                exitedEarly = true;
                fail(name + " exited with " + process.exitValue() + " before accepting on port " + port + "\n"
                        + describe());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > end) {
                fail(name + " did not accept on port " + port + " within " + deadline + "\n" + describe());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until stdout+stderr satisfy {@code condition}; fails with the output when the deadline passes. */
    public String awaitOutput(String what, Predicate<String> condition, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            String out = output();
            if (condition.test(out)) {
                return out;
            }
            if (!process.isAlive()) {
                joinDrains();
                out = output();
                if (condition.test(out)) {
                    return out;
                }
                exitedEarly = true;
                fail(name + " exited with " + process.exitValue() + " before printing " + what + "\n" + describe());
            }
            if (System.nanoTime() > end) {
                fail(name + " did not print " + what + " within " + deadline + "\n" + describe());
            }
            Thread.sleep(20);
        }
    }

    public String awaitOutput(String needle, Duration deadline) throws InterruptedException {
        return awaitOutput("'" + needle + "'", out -> out.contains(needle), deadline);
    }

    /** Writes to the peer's stdin and flushes. */
    public void send(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the peer to exit by itself; fails (after killing it) when it does not within the deadline. */
    public int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            fail(name + " did not exit within " + deadline + "\n" + describe());
        }
        joinDrains();
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Stdout then stderr. */
    public String output() {
        return stdout() + stderr();
    }

    /** The command line and everything the peer printed, for failure messages. */
    public String describe() {
        return "--- command: " + String.join(" ", command) + "\n--- stdout:\n" + tail(stdout()) + "\n--- stderr:\n"
                + tail(stderr()) + "\n---";
    }

    private static String tail(String s) {
        int max = 12_000;
        return s.length() <= max ? s : "[... " + (s.length() - max) + " chars ...]\n" + s.substring(s.length() - max);
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            LIVE.remove(process);
            joinDrains();
        }
    }

    /** Kills every peer process still running (for {@code @AfterEach} and the shutdown hook). */
    public static void killAll() {
        for (Process p : new ArrayList<>(LIVE)) {
            p.destroyForcibly();
            LIVE.remove(p);
        }
    }

    private void joinDrains() {
        try {
            outDrain.join(2000);
            errDrain.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(InputStream in, StringBuilder sink, String threadName) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (sink) {
                        int room = MAX_CAPTURE - sink.length();
                        if (room > 0) {
                            // ISO-8859-1 keeps one char per byte so a split multi-byte sequence cannot garble
                            sink.append(new String(buf, 0, Math.min(n, room), StandardCharsets.ISO_8859_1));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
