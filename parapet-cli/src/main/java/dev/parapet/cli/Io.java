package dev.parapet.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks to: {@code System.in/out/err} when run from the shell, in-memory streams in tests.
 * {@code out} carries data (the page, the decrypted stream); {@code err} carries diagnostics.
 */
record Io(InputStream in, PrintStream out, PrintStream err) {
    static Io system() {
        return new Io(System.in, System.out, System.err);
    }
}
