package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.2 against SunJSSE ({@code SSLContext.getInstance("TLSv1.2")}, one suite enabled by its IANA name), both
 * directions, every suite of {@link CipherSuite#tls12()}. JDK 17's {@code jdk.tls.disabledAlgorithms} leaves all
 * twenty enabled, so no Security property is loosened and none is skipped ({@link #theJdkSpeaksEveryTls12Suite}
 * fails if a JDK update takes one away). SunJSSE negotiates extended_master_secret (on by default) but never
 * encrypt_then_mac, so CBC suites run MAC-then-encrypt here.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Tls12JdkInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Suites the JDK cannot do by policy; none for JDK 17. */
    private static final Set<CipherSuite> SKIPPED_BY_JDK_POLICY = Set.of();

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static SSLContext jdkClientContext;

    @BeforeAll
    static void setUp() throws Exception {
        fx = new Fixtures(tmp);
        jdkClientContext = JdkContexts.context("TLSv1.2", null,
                JdkContexts.trustManagers(fx.pki().caCertificate()));
    }

    static SSLContext jdkServerContext(KeyType keyType) throws Exception {
        return JdkContexts.context("TLSv1.2", JdkContexts.keyManagers(fx.leaf(keyType)), null);
    }

    static Stream<CipherSuite> suites() {
        return CipherSuite.tls12().stream().filter(s -> !SKIPPED_BY_JDK_POLICY.contains(s));
    }

    /** The suites exercised are all of them: the JDK supports and enables each by default. */
    @Test
    void theJdkSpeaksEveryTls12Suite() throws Exception {
        Set<String> supported = Set.of(jdkClientContext.getSupportedSSLParameters().getCipherSuites());
        Set<String> enabled = Set.of(jdkClientContext.getDefaultSSLParameters().getCipherSuites());
        Set<String> missing = new TreeSet<>();
        for (CipherSuite s : CipherSuite.tls12()) {
            if (!supported.contains(s.name()) || !enabled.contains(s.name())) {
                missing.add(s.name());
            }
        }
        assertEquals(Set.of(), missing, "TLS 1.2 suites the JDK does not support or enable by default");
        assertEquals(CipherSuite.tls12().size(), suites().count(), "suites exercised: "
                + suites().map(Enum::name).collect(Collectors.joining(", ")));
    }

    // ---- JDK client, Parapet server

    private static final ParapetServer.Handler PONG = (socket, srv) -> {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        srv.record(line);
        socket.getOutputStream().write(("pong " + line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        srv.record(String.valueOf(in.readLine()));
    };

    @ParameterizedTest(name = "JDK client, Parapet server: {0}")
    @MethodSource("suites")
    void jdkClientAgainstParapetServer(CipherSuite suite) throws Exception {
        TlsServerConfig config = fx.server(Tls12Names.keyTypeFor(suite)).cipherSuites(suite).build();
        try (ParapetServer server = ParapetServer.start(config, PONG)) {
            Socket raw = new Socket();
            raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
            raw.setSoTimeout(10_000);
            SSLSession jdk;
            try (SSLSocket ssl = (SSLSocket) jdkClientContext.getSocketFactory()
                    .createSocket(raw, Fixtures.HOST, server.port(), true)) {
                SSLParameters p = ssl.getSSLParameters();
                p.setProtocols(new String[] {"TLSv1.2"});
                p.setCipherSuites(new String[] {suite.name()});
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setServerNames(List.of(new SNIHostName(Fixtures.HOST)));
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                OutputStream out = ssl.getOutputStream();
                out.write("ping from jdk\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(ssl.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("pong ping from jdk", in.readLine());
                jdk = ssl.getSession();
            }
            server.awaitHandled(WAIT);
            assertEquals("TLSv1.2", jdk.getProtocol());
            assertEquals(suite.name(), jdk.getCipherSuite());
            assertEquals(fx.leaf(Tls12Names.keyTypeFor(suite)).leaf(), jdk.getPeerCertificates()[0]);
            assertEquals(List.of("ping from jdk", "null"), server.received());
            TlsSession s = server.awaitSession(WAIT);
            Tls12OpensslInteropTest.assertSession(s, suite, false);
            assertEquals(Fixtures.HOST, s.serverName());
        }
    }

    // ---- Parapet client, JDK server

    /** An SSLServerSocket serving one connection: reads a line, answers "pong ..", closes. */
    private static final class JdkServer implements AutoCloseable {
        final SSLServerSocket serverSocket;
        final CompletableFuture<String> result = new CompletableFuture<>();

        JdkServer(KeyType keyType, CipherSuite suite) throws Exception {
            serverSocket = (SSLServerSocket) jdkServerContext(keyType).getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            serverSocket.setEnabledProtocols(new String[] {"TLSv1.2"});
            serverSocket.setEnabledCipherSuites(new String[] {suite.name()});
            Thread t = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) serverSocket.accept()) {
                    s.setSoTimeout(10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8));
                    String line = in.readLine();
                    s.getOutputStream().write(("pong " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    SSLSession session = s.getSession();
                    result.complete(session.getProtocol() + "|" + session.getCipherSuite() + "|" + line);
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            }, "jdk-tls12-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return serverSocket.getLocalPort();
        }

        String await() throws Exception {
            return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            serverSocket.close();
        }
    }

    @ParameterizedTest(name = "Parapet client, JDK server: {0}")
    @MethodSource("suites")
    void parapetClientAgainstJdkServer(CipherSuite suite) throws Exception {
        try (JdkServer server = new JdkServer(Tls12Names.keyTypeFor(suite), suite);
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(),
                     fx.client().versions(ProtocolVersion.TLS12).cipherSuites(suite).build(),
                     ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("ping from parapet\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("pong ping from parapet", in.readLine());
            assertEquals("TLSv1.2|" + suite.name() + "|ping from parapet", server.await());
            TlsSession s = socket.session();
            Tls12OpensslInteropTest.assertSession(s, suite, false);
            assertEquals(fx.leaf(Tls12Names.keyTypeFor(suite)).leaf(), s.peerCertificates().get(0));
            assertFalse(s.encryptThenMac(), "SunJSSE does not implement encrypt_then_mac");
        }
    }
}
