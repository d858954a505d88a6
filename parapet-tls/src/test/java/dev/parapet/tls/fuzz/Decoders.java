package dev.parapet.tls.fuzz;

import dev.parapet.tls.TlsException;

/** The documented failure of a decoder, and nothing else, may escape a fuzz target. */
final class Decoders {
    private Decoders() {
    }

    interface Decoder {
        void run() throws Exception;
    }

    /** Runs {@code d}; a TlsException must carry an alert; any other exception is a finding. */
    static void tls(Decoder d) {
        try {
            d.run();
        } catch (TlsException e) {
            if (e.alert() == null) {
                throw new AssertionError("TlsException without an alert: " + e.getMessage(), e);
            }
        } catch (Exception e) {
            throw new AssertionError("decoder threw " + e, e);
        }
    }

    /** Runs {@code d}, which may fail only with {@code expected} (or a subclass). */
    static void only(Class<? extends Exception> expected, Decoder d) {
        try {
            d.run();
        } catch (Exception e) {
            if (!expected.isInstance(e)) {
                throw new AssertionError("expected only " + expected.getSimpleName() + ", got " + e, e);
            }
        }
    }
}
