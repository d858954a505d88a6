package dev.parapet.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An output stream tests can read while a command still writes to it, and wait on. */
final class Capture extends OutputStream {
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') {
            flushPending();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }

    @Override
    public synchronized void flush() {
        flushPending();
    }

    private void flushPending() {
        text.append(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
    }

    synchronized String text() {
        flushPending();
        return text.toString();
    }

    /** Forgets what was written so far. */
    synchronized void reset() {
        pending.reset();
        text.setLength(0);
    }

    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    /** Waits until the text matches {@code regex}; returns the match, or fails the test with what arrived. */
    Matcher await(String regex, long timeoutMillis) throws InterruptedException {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Matcher m = p.matcher(text());
            if (m.find()) {
                return m;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no line matching /" + regex + "/ within " + timeoutMillis
                        + " ms; output so far:\n" + text());
            }
            Thread.sleep(20);
        }
    }
}
