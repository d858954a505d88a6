package dev.parapet.cli;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsSession;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Prints a connection's {@link TlsListener} callbacks as lines: {@code >>>} for what we sent, {@code <<<} for what
 * we received, e.g. {@code server >>> ServerHello (90 bytes) cipher_suite=...}. The engine's details strings are
 * printed verbatim. The prefix is asked for on every line, so one listener can serve many connections (each
 * connection's handshake runs on its own thread; see {@link ServerCommand}).
 */
final class Trace implements TlsListener {
    private final PrintStream out;
    private final Supplier<String> prefix;

    Trace(PrintStream out, Supplier<String> prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    Trace(PrintStream out, String prefix) {
        this(out, () -> prefix);
    }

    @Override
    public void handshakeMessage(boolean sent, String type, int length, String details) {
        line(arrow(sent) + type + " (" + length + " bytes)"
                + (details == null || details.isEmpty() ? "" : " " + label(type, details) + details));
    }

    /** What a hello's details mean: the client offers, the server chooses (a HelloRetryRequest says so itself). */
    static String label(String type, String details) {
        if (type.equals("ClientHello")) {
            return "offers: ";
        }
        if (type.equals("ServerHello") && !details.startsWith("HelloRetryRequest")) {
            return "chose: ";
        }
        return "";
    }

    @Override
    public void keyScheduleEvent(String milestone) {
        line("  * " + milestone);
    }

    @Override
    public void handshakeComplete(TlsSession session) {
        line("=== handshake complete: " + session.summary());
    }

    @Override
    public void alert(boolean sent, AlertDescription alert) {
        line(arrow(sent) + "alert " + alert);
    }

    /**
     * A line for something sent or received that is not a handshake message, e.g. TLS 1.2's ChangeCipherSpec record
     * (the engine reports it as the key switch it causes).
     */
    void record(boolean sent, String text) {
        line(arrow(sent) + text);
    }

    /** Any other line in the same style, e.g. the demo's application data. */
    void note(String text) {
        line("    " + text);
    }

    private static String arrow(boolean sent) {
        return sent ? ">>> " : "<<< ";
    }

    private void line(String text) {
        String p = prefix.get();
        out.println(p == null || p.isEmpty() ? text : p + " " + text);
    }
}
