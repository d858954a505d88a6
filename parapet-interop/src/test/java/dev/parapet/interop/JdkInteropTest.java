package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parapet against the JDK's own TLS 1.3 (SunJSSE), in process: a JDK SSLSocket client against a Parapet server and a
 * Parapet client against a JDK SSLServerSocket. Data flows both ways; both sides' view of the session is checked.
 * JDK 17 cannot choose its named groups per socket (SSLParameters.setNamedGroups came in 20), so the group is forced
 * from the Parapet side and checked there.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JdkInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static SSLContext jdkClientContext;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new Fixtures(tmp);
        jdkClientContext = JdkContexts.context("TLSv1.3", null,
                JdkContexts.trustManagers(fx.pki().caCertificate()));
    }

    static SSLContext jdkServerContext(KeyType keyType) throws Exception {
        return JdkContexts.context("TLSv1.3", JdkContexts.keyManagers(fx.leaf(keyType)), null);
    }

    static Stream<Arguments> suitesAndGroups() {
        List<Arguments> args = new ArrayList<>();
        for (CipherSuite s : CipherSuite.tls13()) {
            for (NamedGroup g : NamedGroup.values()) {
                args.add(Arguments.of(s, g));
            }
        }
        return args.stream();
    }

    // ---- JDK client, Parapet server

    /** Answers one line "ping ..." with "pong ..." and reads until the client closes. */
    private static final ParapetServer.Handler PONG = (socket, srv) -> {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        srv.record(line);
        socket.getOutputStream().write(("pong " + line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        srv.record(String.valueOf(in.readLine()));   // "null": the JDK's close_notify ended the stream
    };

    /** Runs a JDK client against the Parapet server; returns the JDK's session. */
    private static SSLSession jdkClient(ParapetServer server, String suite, String... alpn) throws Exception {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        raw.setSoTimeout(10_000);
        try (SSLSocket ssl = (SSLSocket) jdkClientContext.getSocketFactory()
                .createSocket(raw, Fixtures.HOST, server.port(), true)) {
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            if (suite != null) {
                p.setCipherSuites(new String[] {suite});
            }
            p.setEndpointIdentificationAlgorithm("HTTPS");
            // SunJSSE sends SNI by itself only for names with a dot; ask for it explicitly
            p.setServerNames(List.of(new SNIHostName(Fixtures.HOST)));
            if (alpn.length > 0) {
                p.setApplicationProtocols(alpn);
            }
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            OutputStream out = ssl.getOutputStream();
            out.write("ping from jdk\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("pong ping from jdk", in.readLine());
            SSLSession s = ssl.getSession();
            assertEquals("TLSv1.3", s.getProtocol());
            if (alpn.length > 0) {
                assertEquals("h2", ssl.getApplicationProtocol());
            }
            return s;
        }
    }

    @ParameterizedTest(name = "JDK client, Parapet server: {0} {1}")
    @MethodSource("suitesAndGroups")
    void jdkClientSuiteAndGroup(CipherSuite suite, NamedGroup group) throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).cipherSuites(suite).namedGroups(group).build();
        try (ParapetServer server = ParapetServer.start(config, PONG)) {
            SSLSession jdk = jdkClient(server, suite.name());

            assertEquals(suite.name(), jdk.getCipherSuite());
            TlsSession s = server.awaitSession(WAIT);
            assertEquals(suite, s.cipherSuite());
            assertEquals(group, s.namedGroup());
            assertEquals(Fixtures.HOST, s.serverName());
            server.awaitHandled(WAIT);
            assertEquals(List.of("ping from jdk", "null"), server.received());
        }
    }

    @ParameterizedTest(name = "JDK client, Parapet server: {0}")
    @EnumSource(KeyType.class)
    void jdkClientCertificateKeyType(KeyType keyType) throws Exception {
        try (ParapetServer server = ParapetServer.start(fx.server(keyType).build(), PONG)) {
            SSLSession jdk = jdkClient(server, null);

            TlsSession s = server.awaitSession(WAIT);
            assertEquals(s.cipherSuite().name(), jdk.getCipherSuite());
            assertEquals(fx.leaf(keyType).leaf(), jdk.getPeerCertificates()[0]);
            server.awaitHandled(WAIT);
        }
    }

    @Test
    void jdkClientAlpn() throws Exception {
        TlsServerConfig config = fx.server(KeyType.ECDSA_P256).applicationProtocols("h2", "http/1.1").build();
        try (ParapetServer server = ParapetServer.start(config, PONG)) {
            jdkClient(server, null, "http/1.1", "h2");
            assertEquals("h2", server.awaitSession(WAIT).applicationProtocol());
        }
    }

    // ---- Parapet client, JDK server

    /** A JDK SSLServerSocket serving one connection: reads a line, answers "pong ...", then closes. */
    private static final class JdkServer implements AutoCloseable {
        final SSLServerSocket serverSocket;
        final CompletableFuture<String> result = new CompletableFuture<>();   // "suite|received line|alpn"
        final Thread thread;

        JdkServer(KeyType keyType, String suite, String... alpn) throws Exception {
            serverSocket = (SSLServerSocket) jdkServerContext(keyType).getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            SSLParameters p = serverSocket.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            if (suite != null) {
                p.setCipherSuites(new String[] {suite});
            }
            if (alpn.length > 0) {
                p.setApplicationProtocols(alpn);
            }
            serverSocket.setSSLParameters(p);
            thread = new Thread(this::serve, "jdk-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return serverSocket.getLocalPort();
        }

        private void serve() {
            try (SSLSocket s = (SSLSocket) serverSocket.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = in.readLine();
                s.getOutputStream().write(("pong " + line + "\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                result.complete(s.getSession().getCipherSuite() + "|" + line + "|" + s.getApplicationProtocol());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }

        String await() throws Exception {
            try {
                return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return fail("JDK server failed: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            serverSocket.close();
        }
    }

    private static TlsSession parapetClient(int port, TlsClientConfig config) throws Exception {
        try (TlsSocket socket = TlsSocket.connect(Fixtures.HOST, port, config, ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("ping from parapet\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("pong ping from parapet", in.readLine());
            assertEquals(null, in.readLine(), "the JDK closed with close_notify");
            return socket.session();
        }
    }

    @ParameterizedTest(name = "Parapet client, JDK server: {0} {1}")
    @MethodSource("suitesAndGroups")
    void parapetClientSuiteAndGroup(CipherSuite suite, NamedGroup group) throws Exception {
        try (JdkServer server = new JdkServer(KeyType.ECDSA_P256, suite.name())) {
            TlsSession s = parapetClient(server.port(),
                    fx.client().namedGroups(group).keyShareGroups(group).build());

            assertEquals(suite.name() + "|ping from parapet|", server.await());
            assertEquals("TLSv1.3", s.protocol());
            assertEquals(suite, s.cipherSuite());
            assertEquals(group, s.namedGroup());
        }
    }

    @ParameterizedTest(name = "Parapet client, JDK server: {0}")
    @EnumSource(KeyType.class)
    void parapetClientCertificateKeyType(KeyType keyType) throws Exception {
        try (JdkServer server = new JdkServer(keyType, null)) {
            TlsSession s = parapetClient(server.port(), fx.client().build());

            assertEquals(s.cipherSuite().name() + "|ping from parapet|", server.await());
            assertEquals(fx.leaf(keyType).leaf(), s.peerCertificates().get(0));
            assertEquals(OpensslServerInteropTest.expectedScheme(keyType), s.signatureScheme());
        }
    }

    @Test
    void parapetClientAlpn() throws Exception {
        try (JdkServer server = new JdkServer(KeyType.ECDSA_P256, null, "h2")) {
            TlsSession s = parapetClient(server.port(), fx.client().applicationProtocols("http/1.1", "h2").build());

            assertEquals("h2", s.applicationProtocol());
            assertTrue(server.await().endsWith("|h2"), server.await());
        }
    }
}
