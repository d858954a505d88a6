package dev.parapet.cli;

import dev.parapet.tls.TlsException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code parapet} command. Exit codes: 0 ok, 1 TLS, verification or network failure (one line on stderr,
 * {@code parapet: <reason>}), 2 usage error.
 */
@Command(name = "parapet", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A TLS 1.3 and 1.2 client, server and handshake demo built on the Parapet TLS stack.",
        subcommands = {ServerCommand.class, ClientCommand.class, DemoCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 ok, 1 TLS/verification/network failure, 2 usage error."})
public final class Main implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(Io.system(), args));
    }

    /** Runs one command line to completion and returns its exit code. */
    static int run(Io io, String... args) {
        return commandLine(io).execute(args);
    }

    /** The configured command line, for tests that need to reach a subcommand object (e.g. to stop a server). */
    static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new Main(), new Factory(io));
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String msg = String.valueOf(ex.getMessage());
            err.println("parapet: " + (msg.startsWith("Error: ") ? msg.substring(7) : msg));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("parapet: " + describe(ex));
            if (!(ex instanceof java.io.IOException) && !(ex instanceof CliException)) {
                ex.printStackTrace(err); // a bug, not a user-facing failure: show where
            }
            err.flush();
            return FAILURE;
        });
        return cl;
    }

    /** One line a person can act on. */
    static String describe(Throwable ex) {
        if (ex instanceof TlsException || ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof ConnectException) {
            return "cannot connect: " + ex.getMessage();
        }
        if (ex instanceof UnknownHostException) {
            return "unknown host " + ex.getMessage();
        }
        if (ex instanceof SocketTimeoutException) {
            return "timed out: " + ex.getMessage();
        }
        String msg = ex.getMessage();
        return msg == null ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " + msg;
    }

    /** Gives each command the streams it should use. */
    private static final class Factory implements CommandLine.IFactory {
        private final Io io;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == ServerCommand.class) {
                return cls.cast(new ServerCommand(io));
            }
            if (cls == ClientCommand.class) {
                return cls.cast(new ClientCommand(io));
            }
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(io));
            }
            return fallback.create(cls);
        }
    }

    /** The version from the jar manifest (set by the shade plugin), else the development version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"parapet " + (v != null ? v : "0.1.0-SNAPSHOT (development build)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
