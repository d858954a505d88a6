package dev.parapet.cli;

import dev.parapet.redis.RedisSessionStore;
import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.io.nio.NioTlsServer;
import dev.parapet.tls.session.TicketKeys;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.CertifiedKeys;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parapet server}: a TLS 1.3 and 1.2 server answering HTTP/1.x with a page about the connection, or echoing
 * bytes.
 * Served by {@link NioTlsServer} (one selector thread, a few workers, thousands of connections); handshake and idle
 * timeouts; a failed handshake is one log line, never the end of the server.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a TLS 1.3 and 1.2 server. Without --cert it makes a throwaway CA and a certificate "
                + "for localhost, 127.0.0.1 and ::1, and writes the CA certificate to a file for clients to trust.",
                "Answers each HTTP/1.x request with a page describing the TLS session (or echoes bytes with --echo)."})
final class ServerCommand implements Callable<Integer> {
    /** One --cert/--key pair; pairs are matched in the order given. */
    static final class CertKey {
        @Option(names = "--cert", required = true, paramLabel = "CHAIN.pem",
                description = "Certificate chain in PEM, leaf first. Repeat --cert/--key for several; the engine "
                        + "picks one by SNI, the first is the default.")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "KEY.pem",
                description = "The leaf's private key in PEM (PKCS#8).")
        Path key;
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, defaultValue = "8443", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<CertKey> certs = new ArrayList<>();

    @Option(names = "--ca-out", paramLabel = "PATH",
            description = "Where to write the throwaway CA certificate (default: <tmpdir>/parapet-ca-<port>.pem).")
    Path caOut;

    @Option(names = "--alpn", split = ",", paramLabel = "PROTOCOL",
            description = "ALPN protocols to accept, in preference order, e.g. http/1.1 (default: none).")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--groups", split = ",", paramLabel = "GROUP", converter = ClientCommand.GroupConverter.class,
            description = "Key-exchange groups to accept, most preferred first (x25519, secp256r1, secp384r1); "
                    + "a client that key-shared none of them gets a HelloRetryRequest.")
    List<NamedGroup> groups = new ArrayList<>();

    @Option(names = "--client-ca", paramLabel = "CA.pem",
            description = {"Mutual TLS: ask each client for a certificate issued by one of these CAs (PEM), whose "
                    + "names are sent as hints; a certificate that does not verify (for the clientAuth purpose) "
                    + "ends the handshake. A client that sends none is still served unless "
                    + "--require-client-cert."})
    Path clientCa;

    @Option(names = "--require-client-cert",
            description = "With --client-ca: refuse a client that sends no certificate (TLS 1.3 alert "
                    + "certificate_required, TLS 1.2 handshake_failure).")
    boolean requireClientCert;

    @Mixin
    ProtocolOptions protocols = new ProtocolOptions();

    @Mixin
    CryptoOptions crypto = new CryptoOptions();

    @Option(names = "--key-type", paramLabel = "ec|rsa|both",
            description = {"Key of the throwaway certificate (without --cert): EC P-256, RSA 2048, or both (two "
                    + "certificates, EC first; the engine picks the one the suite needs).",
                    "Default: both with --legacy or when --ciphers names an RSA suite, else ec."})
    ThrowawayCa.KeyType keyType;

    @Option(names = "--ticket-keys", paramLabel = "FILE",
            description = {"Resumption: seal session tickets (TLS 1.3 and 1.2) and cached TLS 1.2 sessions with "
                    + "the keys in FILE (one 32-byte key a line, "
                    + "hex or base64, e.g. from 'openssl rand -hex 32'; the first seals, the others still open; "
                    + "re-read when it changes). Servers sharing the file resume each other's sessions.",
                    "Default: random keys in memory, rotated hourly."})
    Path ticketKeys;

    @Option(names = "--redis", paramLabel = "URI",
            description = {"A fleet: share ticket keys, 0-RTT replay records and TLS 1.2 sessions through the Redis "
                    + "at URI (redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], rediss:// for TLS), under keys starting "
                    + "with parapet:. Servers sharing it resume each other's sessions; with --ticket-keys, the "
                    + "file's keys seal tickets instead."})
    String redis;

    @Option(names = "--tickets", paramLabel = "N",
            description = "TLS 1.3 session tickets sent after each full or resumed handshake, 0..16; 0 turns "
                    + "resumption off, TLS 1.2's tickets and session IDs too (default: the engine's, 2).")
    Integer tickets;

    @Option(names = "--early-data", paramLabel = "MAX",
            description = "Accept up to MAX bytes of TLS 1.3 0-RTT early data on resumed connections (each ticket "
                    + "once; answer only requests that are safe to replay). Default 0: early data is refused.")
    int earlyData;

    @Option(names = "--echo", description = "Echo received bytes back instead of answering HTTP.")
    boolean echo;

    @Option(names = {"-v", "--verbose"}, description = "Print each connection's handshake, message by message.")
    boolean verbose;

    @Option(names = "--max-connections", defaultValue = "10000",
            description = "Connections open at once; at the cap new clients wait in the listen backlog "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--handshake-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Close, without an alert, a connection whose handshake is not complete this long after "
                    + "it was accepted (default: ${DEFAULT-VALUE}).")
    int handshakeTimeoutSeconds;

    @Option(names = {"--idle-timeout", "--timeout"}, defaultValue = "30", paramLabel = "SECONDS",
            description = "Send close_notify to a connection idle this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final Io io;
    private volatile NioTlsServer server;
    private RedisSessionStore redisStore;

    ServerCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, not " + port);
        }
        if (maxConnections < 1 || timeoutSeconds < 1 || handshakeTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connections, --handshake-timeout and "
                    + "--idle-timeout must be positive");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: unknown address " + bind);
        }

        protocols.suites(spec.commandLine()); // usage errors before any key is made
        if (tickets != null && (tickets < 0 || tickets > 16)) {
            throw new ParameterException(spec.commandLine(), "--tickets must be 0..16, not " + tickets);
        }
        TrustAnchors clientAnchors = clientAnchors();
        if (keyType != null && !certs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--key-type is for the throwaway certificate; it does "
                    + "not go with --cert");
        }
        ThrowawayCa throwaway = null;
        List<CertifiedKey> keys = new ArrayList<>();
        if (certs.isEmpty()) {
            throwaway = ThrowawayCa.create("Parapet throwaway CA", throwawayKeyType());
            keys.addAll(throwaway.leaves());
        } else {
            for (CertKey ck : certs) {
                keys.add(load(ck));
            }
        }

        TlsServerConfig serverConfig = config(keys, clientAnchors);

        NioTlsServer server;
        try {
            server = NioTlsServer.builder()
                    .config(serverConfig)
                    .bind(new InetSocketAddress(address, port))
                    .handler(new ServerConnections(io, echo, clientCa != null, timeoutSeconds))
                    .connectionListener(verbose ? c -> new Trace(io.out(), "#" + c.id()) : null)
                    .maxConnections(maxConnections)
                    .handshakeTimeout(Duration.ofSeconds(handshakeTimeoutSeconds))
                    .idleTimeout(Duration.ofSeconds(timeoutSeconds))
                    .build()
                    .start();
        } catch (BindException e) {
            closeRedis();
            throw new CliException("cannot listen on " + HostPort.format(address.getHostAddress(), port) + ": "
                    + e.getMessage());
        }
        this.server = server;
        Thread onExit = new Thread(() -> server.shutdown(Duration.ofSeconds(2)), "parapet-server-shutdown");
        Runtime.getRuntime().addShutdownHook(onExit); // Ctrl-C: close_notify to every client
        int actualPort = server.port();
        String shown = HostPort.format(address.getHostAddress(), actualPort);
        try {
            if (throwaway != null) {
                Path caFile = writeCaFile(throwaway, actualPort);
                String connectHost = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
                io.out().println("CA certificate: " + caFile);
                for (CertifiedKey k : throwaway.leaves()) {
                    io.out().println("certificate: " + Describe.name(k.leaf().getSubjectX500Principal()) + " ("
                            + Describe.keyType(k.leaf().getPublicKey()) + "), for localhost, 127.0.0.1 and ::1");
                }
                for (String flags : tryFlags()) {
                    io.out().println("try: openssl s_client -connect " + HostPort.format(connectHost, actualPort)
                            + " " + flags + " -CAfile " + caFile
                            + (requireClientCert ? " -cert CLIENT.pem -key CLIENT-KEY.pem" : ""));
                }
            } else {
                for (CertifiedKey k : keys) {
                    io.out().println("certificate: " + Describe.name(k.leaf().getSubjectX500Principal())
                            + " (" + Describe.keyType(k.leaf().getPublicKey()) + ")");
                }
            }
            if (clientAnchors != null) {
                io.out().println("client certificates: " + (requireClientCert ? "required" : "optional")
                        + ", issued by " + clientAnchors.certificates().stream()
                                .map(c -> Describe.name(c.getSubjectX500Principal()))
                                .collect(java.util.stream.Collectors.joining("; ")) + " (from " + clientCa + ")");
            }
            if (alpn.contains("h2") && !echo) {
                io.err().println("parapet: warning: this server speaks HTTP/1.x only; a client that picks h2 "
                        + "will not understand the answer");
            }
            if (verbose) {
                io.out().println(crypto.describe());
            }
            if (redisStore != null) {
                io.out().println("session store: " + redisStore.where() + (ticketKeys != null
                        ? " (ticket keys from " + ticketKeys + ")" : redisStore.ticketKeys().shared()
                        ? " (ticket keys shared)" : " (not answering: this server's own ticket keys until it does)"));
            }
            io.out().println("listening on " + shown + (echo ? " (echo)" : " (HTTP/1.x)"));
            io.out().flush();
            server.awaitTermination();
        } finally {
            server.shutdown(Duration.ofSeconds(2));
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException exiting) {
                // the hook is running: it shuts the server down
            }
            closeRedis();
        }
        return Main.OK;
    }

    /** Closes every connection (close_notify) and returns from {@link #call()}. For tests. */
    void stop() {
        NioTlsServer s = server;
        if (s != null) {
            s.shutdown(Duration.ofSeconds(2));
        }
    }

    /**
     * The client's certificate as the log line and the page show it: {@code CN=alice (verified)}, or {@code (none)}.
     * The engine has checked any chain it returns against --client-ca (a chain that fails ends the handshake).
     */
    static String clientCertificate(TlsSession session) {
        List<X509Certificate> chain = session.peerCertificates();
        return chain.isEmpty() ? "(none)" : Describe.name(chain.get(0).getSubjectX500Principal()) + " (verified)";
    }

    /** --client-ca's anchors, or null without it; --require-client-cert needs it. */
    TrustAnchors clientAnchors() {
        if (clientCa == null) {
            if (requireClientCert) {
                throw new ParameterException(spec.commandLine(), "--require-client-cert needs --client-ca (the CAs "
                        + "whose client certificates this server trusts)");
            }
            return null;
        }
        TrustAnchors anchors;
        try {
            anchors = TrustAnchors.fromPemFile(clientCa);
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), "cannot read --client-ca " + clientCa + ": "
                    + Main.describe(e));
        }
        if (anchors.size() == 0) {
            throw new ParameterException(spec.commandLine(), "--client-ca " + clientCa + " holds no certificate");
        }
        return anchors;
    }

    /** The engine's config from the options, with these certificates. */
    TlsServerConfig config(List<CertifiedKey> keys) {
        return config(keys, clientAnchors());
    }

    /** The engine's config from the options, with these certificates; mutual TLS when {@code clientAnchors}. */
    TlsServerConfig config(List<CertifiedKey> keys, TrustAnchors clientAnchors) {
        try {
            TlsServerConfig.Builder config = TlsServerConfig.builder();
            keys.forEach(config::certificate);
            if (clientAnchors != null) {
                config.clientAuthentication(requireClientCert ? ClientAuth.REQUIRED : ClientAuth.OPTIONAL,
                        clientAnchors);
            }
            if (!alpn.isEmpty()) {
                config.applicationProtocols(alpn.toArray(String[]::new));
            }
            if (!groups.isEmpty()) {
                config.namedGroups(groups.toArray(NamedGroup[]::new));
            }
            config.versions(protocols.versions().toArray(ProtocolVersion[]::new));
            config.legacy(protocols.legacy);
            config.cryptoProvider(crypto.provider());
            List<CipherSuite> suites = protocols.suites(spec.commandLine());
            if (suites != null) {
                config.cipherSuites(suites.toArray(CipherSuite[]::new));
            }
            if (tickets != null) {
                config.ticketsPerConnection(tickets);
                config.tls12SessionTickets(tickets > 0).tls12SessionIds(tickets > 0);
            }
            if (ticketKeys != null) {
                config.ticketKeys(ticketKeys());
            }
            if (earlyData < 0 || earlyData > (1 << 24)) {
                throw new ParameterException(spec.commandLine(), "--early-data must be 0..16777216, not " + earlyData);
            }
            config.maxEarlyData(earlyData);
            if (redis != null) {
                config.sessionStore(redisStore());
            }
            return config.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private TicketKeys ticketKeys() {
        try {
            return TicketKeys.fromFile(ticketKeys);
        } catch (RuntimeException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            throw new ParameterException(spec.commandLine(), "--ticket-keys: " + why);
        }
    }

    /** The --redis store, made once (it holds a connection pool); a bad URI is a usage error. */
    private RedisSessionStore redisStore() {
        if (redisStore == null) {
            try {
                redisStore = RedisSessionStore.connect(redis);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
            }
        }
        return redisStore;
    }

    private void closeRedis() {
        if (redisStore != null) {
            redisStore.close();
        }
    }

    /** --key-type, or its default: RSA too when a TLS 1.2 suite that may be chosen needs an RSA certificate. */
    ThrowawayCa.KeyType throwawayKeyType() {
        if (keyType != null) {
            return keyType;
        }
        return protocols.legacy || !protocols.tls12Suites.isEmpty() && protocols.needsRsaCertificate()
                ? ThrowawayCa.KeyType.BOTH : ThrowawayCa.KeyType.EC;
    }

    /**
     * The openssl s_client flags to suggest: TLS 1.3 when spoken (as before), TLS 1.2 when pinned or in legacy mode,
     * and RSA key transport when legacy mode has an RSA certificate to do it with.
     */
    private List<String> tryFlags() {
        List<String> out = new ArrayList<>();
        List<ProtocolVersion> versions = protocols.versions();
        if (versions.contains(ProtocolVersion.TLS13)) {
            out.add("-tls1_3");
        }
        if (versions.contains(ProtocolVersion.TLS12) && (protocols.pinned() || protocols.legacy)) {
            out.add("-tls1_2");
            if (protocols.legacy && throwawayKeyType() != ThrowawayCa.KeyType.EC) {
                out.add("-tls1_2 -cipher AES128-GCM-SHA256");
            }
        }
        return out;
    }

    private CertifiedKey load(CertKey ck) {
        try {
            return CertifiedKeys.load(ck.cert, ck.key);
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), "cannot load --cert " + ck.cert + " --key " + ck.key
                    + ": " + Main.describe(e));
        }
    }

    private Path writeCaFile(ThrowawayCa ca, int actualPort) throws Exception {
        Path file = caOut != null ? caOut
                : Path.of(System.getProperty("java.io.tmpdir"), "parapet-ca-" + actualPort + ".pem");
        Files.writeString(file, ca.caPem(), StandardCharsets.US_ASCII);
        if (caOut == null) {
            file.toFile().deleteOnExit(); // the CA dies with the server: its key was never written anywhere
        }
        return file.toAbsolutePath();
    }
}
