package dev.parapet.tls.engine;

import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * NSS key log lines (the SSLKEYLOGFILE format Wireshark reads). Written only when the user configured a sink; this
 * is the one place secrets leave the library, on purpose.
 */
final class KeyLog {
    private static final KeyLog NONE = new KeyLog(null);
    private final Consumer<String> sink;

    private KeyLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** The key log writing to {@code sink}; one shared instance when there is none (the usual case). */
    static KeyLog to(Consumer<String> sink) {
        return sink == null ? NONE : new KeyLog(sink);
    }

    void log(String label, byte[] clientRandom, byte[] secret) {
        if (sink != null && clientRandom != null) {
            HexFormat hex = HexFormat.of();
            sink.accept(label + " " + hex.formatHex(clientRandom) + " " + hex.formatHex(secret));
        }
    }
}
