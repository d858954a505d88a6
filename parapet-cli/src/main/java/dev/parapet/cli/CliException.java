package dev.parapet.cli;

/** A failure whose message is already the one line to show the user (exit code 1). */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
