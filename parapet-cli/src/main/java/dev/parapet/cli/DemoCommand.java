package dev.parapet.cli;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.io.TlsServerSocket;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parapet demo}: a Parapet client and a Parapet server in this process, over 127.0.0.1, printing the
 * handshake as it happens ({@code client >>>} what the client sends, {@code server <<<} what the server receives,
 * and so on), then one message each way under the agreed keys, then close_notify both ways.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a TLS 1.3 handshake between a Parapet client and server in this process and prints "
                + "it message by message: what each side offers and chooses, the certificate, the signature, "
                + "the key schedule, then one message each way and close_notify.",
                "--rsa and --tls12 walk through a TLS 1.2 handshake instead, explaining each step."})
final class DemoCommand implements Callable<Integer> {
    static final String CLIENT_MESSAGE = "hello from the client";
    static final String SERVER_MESSAGE = "hello from the server";
    static final CipherSuite RSA_SUITE = CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256;

    @Option(names = "--hrr", description = "Make the client guess a key share the server refuses (secp384r1 "
            + "while the server takes only x25519), to show a HelloRetryRequest round trip.")
    boolean helloRetry;

    @Option(names = "--rsa", description = "Walk through a TLS 1.2 handshake with the classic RSA key exchange "
            + "(TLS_RSA_WITH_AES_128_GCM_SHA256, legacy mode, an RSA 2048 certificate), step by step: the encrypted "
            + "pre-master secret, the master secret and the lengths of the derived keys (never the keys).")
    boolean rsa;

    @Option(names = "--tls12", description = "Walk through a TLS 1.2 handshake with ECDHE (the default TLS 1.2 "
            + "suites), step by step.")
    boolean tls12;

    @Mixin
    CryptoOptions crypto = new CryptoOptions();

    @Spec
    CommandSpec spec;

    private final Io io;

    DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (helloRetry && (rsa || tls12)) {
            throw new ParameterException(spec.commandLine(), "--hrr shows a TLS 1.3 HelloRetryRequest; it does not "
                    + "go with --rsa or --tls12");
        }
        boolean walkthrough = rsa || tls12;
        long start = System.nanoTime();
        PrintStream out = io.out();
        ThrowawayCa ca = ThrowawayCa.create("Parapet demo CA", rsa ? ThrowawayCa.KeyType.RSA : ThrowawayCa.KeyType.EC);
        PublicKey serverKey = ca.leaf().leaf().getPublicKey();

        TlsServerConfig.Builder server = TlsServerConfig.builder()
                .certificate(ca.leaf())
                .applicationProtocols("http/1.1")
                .listener(walkthrough ? new Walkthrough(out, false, serverKey) : new Trace(out, "server"))
                .cryptoProvider(crypto.provider());
        TlsClientConfig.Builder client = TlsClientConfig.builder()
                .certificateVerifier(CertificateVerifier.parapet(TrustAnchors.of(ca.ca().leaf())))
                .applicationProtocols("h2", "http/1.1")
                .listener(walkthrough ? new Walkthrough(out, true, serverKey) : new Trace(out, "client"))
                .cryptoProvider(crypto.provider());
        if (helloRetry) {
            server.namedGroups(NamedGroup.X25519);
            client.namedGroups(NamedGroup.SECP384R1, NamedGroup.X25519).keyShareGroups(NamedGroup.SECP384R1);
        }
        if (walkthrough) {
            server.versions(ProtocolVersion.TLS12);
            client.versions(ProtocolVersion.TLS12);
        }
        if (rsa) {
            server.legacy(true).cipherSuites(RSA_SUITE);
            client.legacy(true).cipherSuites(RSA_SUITE);
        }

        try (TlsServerSocket listener = TlsServerSocket.bind(InetAddress.getByName("127.0.0.1"), 0,
                server.build())) {
            int port = listener.getLocalPort();
            out.println("parapet demo: a Parapet client and server talking "
                    + (rsa ? "TLS 1.2 with the RSA key exchange" : tls12 ? "TLS 1.2 with ECDHE" : "TLS 1.3")
                    + " over 127.0.0.1:" + port);
            out.println("the server's certificate: CN=localhost (" + Describe.keyType(serverKey)
                    + "), signed by a throwaway CA the client trusts");
            out.println(crypto.describe());
            out.println("client lines show what the client sends (>>>) and receives (<<<); server lines likewise");
            if (walkthrough) {
                out.println("indented lines explain each step; secrets and keys are never printed, only their "
                        + "lengths");
            }
            out.println();

            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            CountDownLatch serverDone = new CountDownLatch(1);
            Thread serverThread = new Thread(() -> {
                try {
                    serveOne(listener, out, serverDone);
                } catch (Throwable t) {
                    serverFailure.set(t);
                    serverDone.countDown();
                }
            }, "demo-server");
            serverThread.setDaemon(true);
            serverThread.start();

            try (TlsSocket socket = connect(port, client.build())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                TlsSession session = socket.session();
                // the server finishes when our Finished arrives: let its last lines print before the summary
                serverDone.await(5, TimeUnit.SECONDS);
                out.println();
                out.println("negotiated:");
                Describe.session(session).forEach(l -> out.println("  " + l));
                out.println("  server certificate: " + Describe.name(session.peerCertificates().get(0)
                        .getSubjectX500Principal()) + " (" + Describe.keyType(session.peerCertificates().get(0)
                        .getPublicKey()) + "), verified for localhost against the demo CA");
                if (rsa) {
                    out.println("  no forward secrecy: the server's RSA private key decrypts a recording of this "
                            + "connection");
                }
                out.println();

                out.println("client >>> application data: \"" + CLIENT_MESSAGE + "\"");
                socket.getOutputStream().write((CLIENT_MESSAGE + "\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                String reply = readLine(socket.getInputStream());
                out.println("client <<< application data: \"" + reply + "\"");

                out.println("client: done, sending close_notify");
                socket.shutdownOutput();
                int end = socket.getInputStream().read();
                out.println("client: " + (end < 0 ? "server answered with close_notify" : "unexpected data"));
            }
            serverThread.join(10_000);
            if (serverFailure.get() != null) {
                Throwable t = serverFailure.get();
                if (t instanceof Exception e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        }
        out.println();
        out.printf("done in %d ms (including key generation)%n", (System.nanoTime() - start) / 1_000_000);
        return Main.OK;
    }

    private static TlsSocket connect(int port, TlsClientConfig config) throws IOException {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
        // the name to reach is localhost: sent as SNI and checked against the certificate
        return new TlsSocket(tcp, TlsConnection.client(config, "localhost"));
    }

    private static void serveOne(TlsServerSocket listener, PrintStream out, CountDownLatch handshakeDone)
            throws IOException {
        try (TlsSocket socket = listener.accept()) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            handshakeDone.countDown();
            String message = readLine(socket.getInputStream());
            out.println("server <<< application data: \"" + message + "\"");
            out.println("server >>> application data: \"" + SERVER_MESSAGE + "\"");
            socket.getOutputStream().write((SERVER_MESSAGE + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            int end = socket.getInputStream().read();
            out.println("server: " + (end < 0 ? "client sent close_notify; closing with close_notify too"
                    : "unexpected data"));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.size() < 1024) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
