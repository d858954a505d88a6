package dev.parapet.cli;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.CertifiedKeys;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code parapet client HOST:PORT}: like {@code openssl s_client}. Connects, verifies, describes the session on
 * stderr, then copies stdin to the connection and the connection to stdout. At the end of stdin it sends
 * close_notify and keeps reading until the server closes.
 *
 * <p>A server that closes without close_notify after sending data (some HTTP servers do) gets a
 * one-line truncation warning, and the exit code stays 0: the page arrived, and refusing it would make the tool
 * useless against such servers. A script that must detect truncation can look for the warning.
 */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connects to a TLS 1.3 or 1.2 server, verifies it, prints the session to stderr, then copies "
                + "stdin to the server and the server's data to stdout (like openssl s_client)."})
final class ClientCommand implements Callable<Integer> {
    /** One --cert/--key pair (mutual TLS); pairs are matched in the order given. */
    static final class CertKey {
        @Option(names = "--cert", required = true, paramLabel = "CHAIN.pem",
                description = "Mutual TLS: a client certificate chain in PEM, leaf first, sent when the server asks "
                        + "for one. Repeat --cert/--key for several; the engine sends the first that fits the "
                        + "server's request (its CA names and signature algorithms), or none.")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "KEY.pem",
                description = "The client certificate's private key in PEM.")
        Path key;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "Server to reach, e.g. example.com:443, 127.0.0.1:8443 or [::1]:8443 (port default 443).")
    HostPort target;

    @Option(names = "--cafile", paramLabel = "CA.pem",
            description = "Trust these CA certificates (PEM) instead of the JDK's default trust store.")
    Path caFile;

    @Option(names = "--servername", paramLabel = "NAME",
            description = "Name to send as SNI and to check in the certificate (default: HOST).")
    String serverName;

    @Option(names = "--alpn", split = ",", paramLabel = "PROTOCOL",
            description = "ALPN protocols to offer, e.g. h2,http/1.1.")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--insecure", description = "Do not verify the server's certificate (anyone in the middle "
            + "can then read and change the connection).")
    boolean insecure;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP", converter = GroupConverter.class,
            description = "Key-exchange groups to offer, most preferred first (x25519, secp256r1, secp384r1); "
                    + "the first gets a key share.")
    List<NamedGroup> groups = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<CertKey> certs = new ArrayList<>();

    @Mixin
    ProtocolOptions protocols = new ProtocolOptions();

    @Option(names = {"-v", "--verbose"}, description = "Print the handshake, message by message, on stderr.")
    boolean verbose;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Connect and handshake timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--reconnect", paramLabel = "N", defaultValue = "0",
            description = {"After the first connection (stdin to the server, the server's data to stdout, as "
                    + "usual; its TLS 1.3 session tickets arrive meanwhile), connect N more times with the same "
                    + "session cache and print for each connection whether it resumed (like openssl s_client "
                    + "-reconnect). A reconnection sends nothing: it reads the server's tickets, sends "
                    + "close_notify and waits for the server to close (at most --timeout). Exit 0 only when every "
                    + "connection succeeded."})
    int reconnect;

    @Option(names = "--early-data", paramLabel = "FILE",
            description = {"Send FILE's content on every connection: as TLS 1.3 0-RTT early data with the ClientHello "
                    + "when a ticket from the server allows it (so on --reconnect connections), else right after "
                    + "the handshake. Prints whether the server accepted it. Early data can be replayed by an "
                    + "attacker: send only requests that are safe to repeat."})
    java.nio.file.Path earlyDataFile;

    private byte[] earlyData;

    private final Io io;

    ClientCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = io.err();
        if (insecure && caFile != null) {
            throw new ParameterException(spec.commandLine(), "--insecure and --cafile exclude each other");
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        TlsClientConfig config = config();
        String name = serverName != null ? serverName : target.host();
        if (insecure) {
            err.println("parapet: warning: --insecure: the server's certificate is NOT verified; anyone in the "
                    + "middle can read and change this connection");
        }

        if (reconnect < 0) {
            throw new ParameterException(spec.commandLine(), "--reconnect must be 0 or more, not " + reconnect);
        }
        earlyData = readEarlyData();
        TlsSocket socket = connect(config, name);
        int exit;
        try {
            TlsSession session = socket.session();
            err.println("connected to " + target + (name.equals(target.host()) ? "" : " as " + name));
            Describe.session(session, certs.isEmpty() ? null : clientCertificate(session)).forEach(err::println);
            err.println("certificate chain (" + (insecure ? "NOT verified: --insecure"
                    : "verified for " + name + " against " + (caFile != null ? caFile : "the JDK trust store"))
                    + "):");
            Describe.chain(session.peerCertificates()).forEach(err::println);
            err.println("---");
            err.flush();
            exit = copy(socket);
            if (reconnect > 0) {
                err.println(connectionLine(1, session));
            }
        } finally {
            closeQuietly(socket);
        }
        return reconnect == 0 ? exit : reconnect(config, name, exit);
    }

    /**
     * Connections 2..N+1 of --reconnect, each with the config (and so the session cache) of the first: a line
     * each; a failed one is reported and the others still run. Main.OK only when all of them, and the first,
     * succeeded.
     */
    private int reconnect(TlsClientConfig config, String name, int firstExit) {
        PrintStream err = io.err();
        int failed = firstExit == Main.OK ? 0 : 1;
        for (int k = 2; k <= reconnect + 1; k++) {
            TlsSocket socket = null;
            try {
                socket = connect(config, name);
                TlsSession session = socket.session();
                readTickets(socket);
                err.println(connectionLine(k, session));
            } catch (IOException | CliException | RuntimeException e) {
                err.println("connection " + k + ": failed: " + Main.describe(e));
                failed++;
            } finally {
                if (socket != null) {
                    closeQuietly(socket);
                }
            }
            err.flush();
        }
        err.println((reconnect + 1 - failed) + " of " + (reconnect + 1) + " connections succeeded");
        err.flush();
        return failed == 0 ? Main.OK : Main.FAILURE;
    }

    /** e.g. {@code connection 2: resumed (TLSv1.3 TLS_AES_128_GCM_SHA256)}. */
    static String connectionLine(int k, TlsSession session) {
        return "connection " + k + ": " + (session.resumed() ? "resumed" : "full handshake") + " ("
                + session.protocol() + " " + session.cipherSuite() + ")";
    }

    /**
     * Reads the server's NewSessionTickets (TLS 1.3 sends them after the handshake, so they arrive on the next
     * read): sends close_notify and reads, dropping any data, until the server closes or --timeout passes.
     */
    private void readTickets(TlsSocket socket) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(timeoutSeconds * 1000);
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[16 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // application data on a reconnection is not shown
            }
        } catch (SocketTimeoutException e) {
            // the server keeps the connection open: what it sent so far, tickets included, has been read
        } catch (TlsException e) {
            if (!isTruncation(e)) {
                throw e;
            }
        }
    }

    TlsClientConfig config() {
        TlsClientConfig.Builder b = TlsClientConfig.builder();
        try {
            if (insecure) {
                b.certificateVerifier(CertificateVerifier.insecure());
            } else {
                b.certificateVerifier(CertificateVerifier.parapet(anchors()));
            }
            if (!groups.isEmpty()) {
                b.namedGroups(groups.toArray(NamedGroup[]::new));
            }
            b.versions(protocols.versions().toArray(ProtocolVersion[]::new));
            b.legacy(protocols.legacy);
            List<CipherSuite> suites = protocols.suites(spec.commandLine());
            if (suites != null) {
                b.cipherSuites(suites.toArray(CipherSuite[]::new));
            }
            if (!alpn.isEmpty()) {
                b.applicationProtocols(alpn.toArray(String[]::new));
            }
            for (CertKey ck : certs) {
                b.clientCertificate(load(ck));
            }
            if (verbose) {
                b.listener(new Trace(io.err(), ""));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * What we sent for the "client certificate" row: {@code CN=alice (sent)}, or {@code (none sent)} when the
     * server did not ask or none of ours fits its request. Whether the server accepts it shows later: in TLS 1.3
     * its verdict (an alert such as unknown_ca) comes after our Finished.
     */
    static String clientCertificate(TlsSession session) {
        List<X509Certificate> chain = session.localCertificates();
        return chain.isEmpty() ? "(none sent)" : Describe.name(chain.get(0).getSubjectX500Principal()) + " (sent)";
    }

    private CertifiedKey load(CertKey ck) {
        try {
            return CertifiedKeys.load(ck.cert, ck.key);
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), "cannot load --cert " + ck.cert + " --key " + ck.key
                    + ": " + Main.describe(e));
        }
    }

    private TrustAnchors anchors() {
        if (caFile == null) {
            return TrustAnchors.jdkDefault();
        }
        try {
            return TrustAnchors.fromPemFile(caFile);
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), "cannot read --cafile " + caFile + ": "
                    + Main.describe(e));
        }
    }

    private TlsSocket connect(TlsClientConfig config, String name) throws IOException, CliException {
        int timeoutMillis = timeoutSeconds * 1000;
        try {
            // TCP to HOST; SNI and the certificate check use --servername when given. The session cache keys
            // tickets by name and port, so a --reconnect resumes with the same server only.
            Socket tcp = new Socket();
            try {
                tcp.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
                tcp.setTcpNoDelay(true);
            } catch (IOException e) {
                tcp.close();
                throw e;
            }
            TlsConnection connection = earlyData == null ? TlsConnection.client(config, name, target.port())
                    : TlsConnection.client(config, name, target.port(), java.nio.ByteBuffer.wrap(earlyData));
            TlsSocket socket = new TlsSocket(tcp, connection);
            try {
                socket.setSoTimeout(timeoutMillis);
                socket.startHandshake();
                sendEarlyDataLate(socket);
                socket.setSoTimeout(0); // from now on we wait for the user and the server as long as they like
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                throw e;
            }
            return socket;
        } catch (TlsException e) {
            throw e;
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException || e instanceof SocketTimeoutException
                    ? e.getMessage() : Main.describe(e);
            throw new CliException("cannot connect to " + target + ": " + why, e);
        }
    }

    private byte[] readEarlyData() throws CliException {
        if (earlyDataFile == null) {
            return null;
        }
        try {
            long size = java.nio.file.Files.size(earlyDataFile);
            if (size > 1 << 24) {
                throw new CliException("--early-data " + earlyDataFile + " is " + size + " bytes; at most 16 MiB");
            }
            return java.nio.file.Files.readAllBytes(earlyDataFile);
        } catch (IOException e) {
            throw new CliException("cannot read --early-data " + earlyDataFile + ": " + Main.describe(e), e);
        }
    }

    /** RFC 8446, 4.2.10: data the server did not take as 0-RTT goes now, as ordinary application data. */
    private void sendEarlyDataLate(TlsSocket socket) throws IOException {
        if (earlyData == null) {
            return;
        }
        dev.parapet.tls.EarlyDataStatus status = socket.connection().earlyDataStatus();
        io.err().println("early data: " + switch (status) {
            case ACCEPTED -> "accepted (" + earlyData.length + " bytes sent as 0-RTT)";
            case REJECTED -> "rejected by the server; sent after the handshake";
            default -> "not sent as 0-RTT (no ticket allowing it); sent after the handshake";
        });
        if (status != dev.parapet.tls.EarlyDataStatus.ACCEPTED) {
            socket.getOutputStream().write(earlyData);
            socket.getOutputStream().flush();
        }
    }

    /** stdin -> connection on a helper thread, connection -> stdout here. */
    private int copy(TlsSocket socket) throws IOException {
        Thread pump = new Thread(() -> pumpStdin(socket), "parapet-stdin");
        pump.setDaemon(true); // a user still typing must not keep the process alive once the server is gone
        pump.start();
        InputStream in = socket.getInputStream();
        OutputStream out = io.out();
        byte[] buf = new byte[16 * 1024];
        long received = 0;
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
                received += n;
            }
        } catch (TlsException e) {
            if (!isTruncation(e)) {
                throw e;
            }
            io.err().println("parapet: warning: the server closed the connection without close_notify after "
                    + received + " bytes; the data may be truncated");
            return Main.OK;
        }
        if (verbose) {
            io.err().println("server closed the connection (close_notify) after " + received + " bytes");
        }
        return Main.OK;
    }

    private void pumpStdin(TlsSocket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = io.in();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            socket.shutdownOutput(); // close_notify: we are done writing; keep reading
        } catch (IOException | RuntimeException e) {
            // the connection ended under us: the reading side reports why
        }
    }

    /** A transport end of stream that came without close_notify (see {@link TlsSocket#getInputStream()}). */
    static boolean isTruncation(TlsException e) {
        return e.isTruncation();
    }

    private static void closeQuietly(TlsSocket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }

    /** Group names as OpenSSL and the RFC spell them: {@code x25519}, {@code secp256r1}, {@code P-256}, ... */
    static final class GroupConverter implements ITypeConverter<NamedGroup> {
        @Override
        public NamedGroup convert(String value) {
            NamedGroup g = NamedGroup.fromName(value);
            if (g == null) {
                throw new TypeConversionException("unknown group '" + value + "' (known: x25519, secp256r1, "
                        + "secp384r1)");
            }
            return g;
        }
    }
}
