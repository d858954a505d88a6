package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS against OpenSSL 3.0, GnuTLS 3.7 and the JDK, TLS 1.3 and TLS 1.2, in both roles, each with a client
 * certificate and without one against a peer that requires it.
 *
 * <p>Two PKIs: the server's ({@link Fixtures}: a CA and a leaf for localhost) and the clients' (a CA whose PEM file is
 * what the servers are given, {@code s_server -CAfile}, {@code gnutls-serv --x509cafile}, the JDK's TrustManager, our
 * {@code clientAuthentication(REQUIRED, anchors)}), and a leaf {@code CN=Parapet Interop Client} with EKU clientAuth.
 *
 * <p>The verdicts: with a certificate, the server's own words (s_server's {@code depth=0 CN = ...} and
 * {@code verify return:1} and its page's "Client certificate"; gnutls-serv's "The certificate is trusted." and its
 * page; the JDK's session) or our {@link TlsSession#peerCertificates()}. Without one, the alert: RFC 8446 4.4.2.4
 * names certificate_required for TLS 1.3, RFC 5246 7.4.6 handshake_failure for TLS 1.2, and both peers and we follow
 * that, except where a peer is noted to differ. In TLS 1.3 the client's handshake is over before the server has
 * judged its certificate, so the client learns the verdict on its first read: the tests read without writing first,
 * so that the alert is not lost to a TCP reset.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MutualTlsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CLIENT_CN = "Parapet Interop Client";

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;
    static String gnutlsServ;
    static String gnutlsCli;

    static TestPki clientPki;
    static CertifiedKey clientKey;
    /** The clients' CA certificate, PEM: what the servers trust. */
    static Path clientCaPem;
    /** The client's chain (leaf, then its CA), its leaf alone, the CA alone, its key; the key for GnuTLS. */
    static Path clientChainPem;
    static Path clientLeafPem;
    static Path clientKeyPem;
    static Path clientKeyForGnutls;

    @BeforeAll
    static void setUp() throws Exception {
        openssl = PeerProcess.requireBinary("openssl");
        gnutlsServ = PeerProcess.requireBinary("gnutls-serv");
        gnutlsCli = PeerProcess.requireBinary("gnutls-cli");
        fx = new Fixtures(tmp);
        clientPki = TestPki.create(KeyType.ECDSA_P256);
        clientKey = clientPki.leaf(KeyType.ECDSA_P256).commonName(CLIENT_CN).names("client.test").issue();
        Path dir = Files.createDirectories(tmp.resolve("client"));
        clientCaPem = clientPki.writeCaPem(dir);
        Path[] chainAndKey = TestPki.writeChainAndKey(clientKey, dir);
        clientChainPem = chainAndKey[0];
        clientKeyPem = chainAndKey[1];
        clientLeafPem = Files.writeString(dir.resolve("leaf.pem"), Pem.encodeCertificate(clientKey.leaf()));
        clientKeyForGnutls = Fixtures.writeKeyForGnutls(clientKey, dir.resolve("key-for-gnutls.pem"));
        assertEquals(2, clientKey.chain().size(), "leaf and root");
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    // ---- names per version

    private static String opensslFlag(ProtocolVersion v) {
        return v == ProtocolVersion.TLS13 ? "-tls1_3" : "-tls1_2";
    }

    private static String gnutlsPriority(ProtocolVersion v) {
        return "NORMAL:-VERS-ALL:+VERS-" + (v == ProtocolVersion.TLS13 ? "TLS1.3" : "TLS1.2");
    }

    /** The alert for a required certificate that did not come: RFC 8446, 4.4.2.4; RFC 5246, 7.4.6. */
    private static AlertDescription missingCertificateAlert(ProtocolVersion v) {
        return v == ProtocolVersion.TLS13 ? AlertDescription.CERTIFICATE_REQUIRED : AlertDescription.HANDSHAKE_FAILURE;
    }

    // ---- our side

    private static TlsClientConfig parapetClient(ProtocolVersion v, boolean withCertificate) {
        TlsClientConfig.Builder b = fx.client().versions(v);
        if (withCertificate) {
            b.clientCertificate(clientKey);
        }
        return b.build();
    }

    private static TlsServerConfig parapetServer(ProtocolVersion v) {
        return fx.server(KeyType.ECDSA_P256).versions(v)
                .clientAuthentication(ClientAuth.REQUIRED, clientPki.trustAnchors()).build();
    }

    /**
     * Connects, completes our side of the handshake and reads, without writing: the server's refusal must come as
     * an alert, during the handshake (TLS 1.2) or on the first read (TLS 1.3). Returns that failure.
     */
    private static TlsException refusedParapetClient(int port, ProtocolVersion v) {
        return assertThrows(TlsException.class, () -> {
            try (TlsSocket socket = TlsSocket.connect(Fixtures.HOST, port, parapetClient(v, false),
                    ParapetClient.CONNECT_TIMEOUT)) {
                socket.setSoTimeout(10_000);
                assertEquals(ProtocolVersion.TLS13, v, "a TLS 1.2 handshake must fail before it completes");
                assertTrue(socket.session().localCertificates().isEmpty());
                int b = socket.getInputStream().read();
                throw new AssertionError("read " + b + " instead of an alert");
            }
        });
    }

    private static void assertRefusedWith(TlsException e, AlertDescription alert) {
        assertTrue(e.receivedFromPeer(), "the peer's alert, not ours: " + e);
        assertEquals(alert, e.alert(), e.toString());
    }

    /** Our server's failure on the first connection, after a client came without a certificate. */
    private static TlsException serverFailure(ParapetServer server) {
        AssertionError e = assertThrows(AssertionError.class, () -> server.awaitSession(WAIT));
        TlsException cause = assertInstanceOf(TlsException.class, e.getCause(), e.getMessage());
        assertFalse(cause.receivedFromPeer(), cause.toString());
        assertTrue(cause.getMessage().contains("client sent no certificate, which this server requires"),
                cause.getMessage());
        return cause;
    }

    /** The server saw our whole chain, leaf first. */
    private static void assertClientChain(List<X509Certificate> chain) {
        assertEquals(clientKey.chain(), chain);
    }

    // ---- Parapet client, openssl s_server -Verify 1

    private static PeerProcess sServer(ProtocolVersion v) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        return PeerProcess.startServer(fx.dir(), port -> List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port,
                opensslFlag(v), "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString(),
                "-Verify", "1", "-CAfile", clientCaPem.toString(), "-www"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void parapetClientWithCertificateAgainstSServerVerify(ProtocolVersion v) throws Exception {
        try (PeerProcess server = sServer(v)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), parapetClient(v, true));

            String page = f.page();
            String why = "s_server page:\n" + page + "\n" + server.describe();
            assertTrue(page.contains("Protocol  : " + v.displayName()), why);
            // s_server -www prints the peer certificate it verified, or "no client certificate available"
            assertTrue(page.contains("Client certificate"), why);
            assertTrue(page.contains("Subject: CN=" + CLIENT_CN), why);
            String log = server.awaitOutput("depth=0 CN = " + CLIENT_CN + "\nverify return:1", WAIT);
            assertTrue(log.contains("depth=1 CN = " + clientCaCn() + "\nverify return:1"), why);
            assertEquals(v.displayName(), f.session().protocol());
            assertClientChain(f.session().localCertificates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void parapetClientWithoutCertificateIsRefusedBySServerVerify(ProtocolVersion v) throws Exception {
        try (PeerProcess server = sServer(v)) {
            TlsException e = refusedParapetClient(server.port(), v);

            // OpenSSL 3.0: certificate_required (116) in TLS 1.3, handshake_failure (40) in TLS 1.2
            assertRefusedWith(e, missingCertificateAlert(v));
            server.awaitOutput("peer did not return a certificate", WAIT);
        }
    }

    // ---- openssl s_client -cert, Parapet server requiring a client certificate

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void sClientWithCertificateAgainstParapetServer(ProtocolVersion v) throws Exception {
        try (ParapetServer server = ParapetServer.http(parapetServer(v));
             // -cert reads the leaf only; -cert_chain adds the rest (here the CA) to what s_client sends
             PeerProcess client = PeerProcess.start(fx.dir(), openssl, "s_client", "-connect",
                     "127.0.0.1:" + server.port(), opensslFlag(v), "-CAfile", fx.caPem().toString(),
                     "-servername", Fixtures.HOST, "-verify_hostname", Fixtures.HOST,
                     "-cert", clientLeafPem.toString(), "-cert_chain", clientCaPem.toString(),
                     "-key", clientKeyPem.toString(), "-ign_eof")) {
            client.send(ParapetClient.REQUEST);
            client.closeStdin();
            TlsSession session = server.awaitSession(WAIT);
            server.awaitHandled(WAIT);
            client.awaitExit(WAIT);

            String out = client.output();
            String why = client.describe();
            assertTrue(out.contains("Verify return code: 0 (ok)"), why);
            assertTrue(out.contains("New, " + v.displayName() + ", Cipher is "), why);
            // our CertificateRequest named the clients' CA
            assertTrue(out.contains("Acceptable client certificate CA names\nCN = " + clientCaCn() + "\n"), why);
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY + " " + session.cipherSuite()), why);
            assertEquals(v.displayName(), session.protocol());
            assertClientChain(session.peerCertificates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void sClientWithoutCertificateIsRefusedByParapetServer(ProtocolVersion v) throws Exception {
        try (ParapetServer server = ParapetServer.http(parapetServer(v));
             PeerProcess client = PeerProcess.start(fx.dir(), openssl, "s_client", "-connect",
                     "127.0.0.1:" + server.port(), opensslFlag(v), "-CAfile", fx.caPem().toString(),
                     "-servername", Fixtures.HOST)) {
            // stdin stays open and silent: s_client reads the alert instead of writing into a closed connection
            TlsException e = serverFailure(server);
            assertEquals(missingCertificateAlert(v), e.alert(), e.toString());
            String out = client.awaitOutput("SSL alert number", WAIT);
            String why = client.describe();
            if (v == ProtocolVersion.TLS13) {
                assertTrue(out.contains("tlsv13 alert certificate required") && out.contains("SSL alert number 116"),
                        why);
            } else {
                assertTrue(out.contains("sslv3 alert handshake failure") && out.contains("SSL alert number 40"), why);
            }
        }
    }

    // ---- Parapet client, gnutls-serv --require-client-cert

    private static PeerProcess gnutlsServ(ProtocolVersion v) throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(KeyType.ECDSA_P256);
        // --require-client-cert alone does not verify what arrives ("Peer's certificate was NOT verified."):
        // --verify-client-cert makes gnutls-serv check it against --x509cafile
        return PeerProcess.startServer(fx.dir(), port -> List.of(gnutlsServ, "--http", "-p", Integer.toString(port),
                "--x509certfile", chainAndKey[0].toString(), "--x509keyfile", chainAndKey[1].toString(),
                "--x509cafile", clientCaPem.toString(), "--require-client-cert", "--verify-client-cert",
                "--priority", gnutlsPriority(v)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void parapetClientWithCertificateAgainstGnutlsServ(ProtocolVersion v) throws Exception {
        try (PeerProcess server = gnutlsServ(v)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), parapetClient(v, true));

            String page = f.page();
            String why = "gnutls-serv page:\n" + page + "\n" + server.describe();
            assertTrue(page.contains("<TD>Protocol version:</TD><TD>" + v.displayName().replace("v", "")
                    + "</TD>"), why);
            // the page prints the client's certificates
            assertTrue(page.contains("Subject: CN=" + CLIENT_CN), why);
            String log = server.awaitOutput("- Got a certificate list of 2 certificates.", WAIT);
            assertTrue(log.contains("- Status: The certificate is trusted."), why);
            assertClientChain(f.session().localCertificates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void parapetClientWithoutCertificateIsRefusedByGnutlsServ(ProtocolVersion v) throws Exception {
        try (PeerProcess server = gnutlsServ(v)) {
            TlsException e = refusedParapetClient(server.port(), v);

            // (startServer's port probe costs a line of its own: "... non-properly terminated.")
            if (v == ProtocolVersion.TLS13) {
                assertRefusedWith(e, AlertDescription.CERTIFICATE_REQUIRED);
                server.awaitOutput("Error in handshake: Certificate is required.", WAIT);
            } else {
                // GnuTLS 3.7's TLS 1.2 server answers an empty Certificate with decode_error (50), not
                // handshake_failure; gnutls-cli without a certificate gets the same from it
                assertRefusedWith(e, AlertDescription.DECODE_ERROR);
                server.awaitOutput("Error in handshake: No certificate was found.", WAIT);
            }
        }
    }

    // ---- gnutls-cli --x509certfile/--x509keyfile, Parapet server requiring a client certificate

    private static List<String> gnutlsCliCommand(ParapetServer server, ProtocolVersion v, boolean withCertificate) {
        List<String> cmd = new ArrayList<>(List.of(gnutlsCli, "--x509cafile", fx.caPem().toString(),
                "-p", Integer.toString(server.port()), "--sni-hostname", Fixtures.HOST,
                "--verify-hostname", Fixtures.HOST, "--priority", gnutlsPriority(v)));
        if (withCertificate) {
            cmd.addAll(List.of("--x509certfile", clientChainPem.toString(),
                    "--x509keyfile", clientKeyForGnutls.toString()));
        }
        cmd.add("127.0.0.1");
        return cmd;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void gnutlsCliWithCertificateAgainstParapetServer(ProtocolVersion v) throws Exception {
        try (ParapetServer server = ParapetServer.http(parapetServer(v));
             PeerProcess client = PeerProcess.start(fx.dir(), gnutlsCliCommand(server, v, true))) {
            client.awaitOutput("Handshake was completed", WAIT);
            client.send(ParapetClient.REQUEST);
            client.awaitOutput(ParapetServer.RESPONSE_BODY, WAIT);
            server.awaitHandled(WAIT);
            client.closeStdin();
            client.awaitExit(WAIT);

            String out = client.output();
            String why = client.describe();
            // (gnutls-cli says "- Server has requested a certificate." in TLS 1.3 only)
            assertEquals(v == ProtocolVersion.TLS13, out.contains("- Server has requested a certificate."), why);
            assertTrue(out.contains("- Successfully sent 2 certificate(s) to server."), why);
            assertTrue(out.contains("- Status: The certificate is trusted."), why);
            assertTrue(out.contains("- Description: (" + v.displayName().replace("v", "") + "-X.509)"), why);
            TlsSession session = server.awaitSession(WAIT);
            assertEquals(v.displayName(), session.protocol());
            assertClientChain(session.peerCertificates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void gnutlsCliWithoutCertificateIsRefusedByParapetServer(ProtocolVersion v) throws Exception {
        try (ParapetServer server = ParapetServer.http(parapetServer(v));
             PeerProcess client = PeerProcess.start(fx.dir(), gnutlsCliCommand(server, v, false))) {
            // stdin stays open and silent, so gnutls-cli keeps reading until the alert
            TlsException e = serverFailure(server);
            assertEquals(missingCertificateAlert(v), e.alert(), e.toString());
            String out = client.awaitOutput("Received alert", WAIT);
            String why = client.describe();
            assertTrue(out.contains("- Successfully sent 0 certificate(s) to server."), why);
            assertTrue(out.contains(v == ProtocolVersion.TLS13 ? "Received alert [116]: Certificate is required"
                    : "Received alert [40]: Handshake failed"), why);
        }
    }

    // ---- the JDK (SunJSSE) in both roles

    private static KeyManager[] keyManagers(CertifiedKey ck) throws Exception {
        return JdkContexts.keyManagers(ck);
    }

    private static SSLContext jdkContext(KeyManager[] keys, X509Certificate trusted) throws Exception {
        return JdkContexts.context("TLS", keys, JdkContexts.trustManagers(trusted));
    }

    /**
     * A JDK SSLServerSocket requiring a client certificate (setNeedClientAuth) from the clients' CA, serving one
     * connection: the handshake, then an HTTP answer. Completes with the client's chain, or the JDK's exception.
     */
    private static final class JdkServer implements AutoCloseable {
        final SSLServerSocket socket;
        final CompletableFuture<Certificate[]> peer = new CompletableFuture<>();

        JdkServer(ProtocolVersion v) throws Exception {
            SSLContext ctx = jdkContext(keyManagers(fx.leaf(KeyType.ECDSA_P256)), clientPki.caCertificate());
            socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                    InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            socket.setEnabledProtocols(new String[] {v.displayName()});
            Thread t = new Thread(this::serveOne, "jdk-server");
            t.setDaemon(true);
            t.start();
        }

        private void serveOne() {
            try (SSLSocket s = (SSLSocket) socket.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                Certificate[] chain = s.getSession().getPeerCertificates();
                ParapetServer.readUntil(s.getInputStream(), "\r\n\r\n");
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n<HTML>hello from the JDK, "
                        + s.getSession().getProtocol() + "</HTML>").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                peer.complete(chain);
            } catch (Throwable e) {
                peer.completeExceptionally(e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        Certificate[] awaitPeer() throws Exception {
            return peer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The JDK server's exception (it must have failed). */
        Throwable awaitFailure() throws Exception {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> peer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            return e.getCause();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void parapetClientWithCertificateAgainstJdkServer(ProtocolVersion v) throws Exception {
        try (JdkServer server = new JdkServer(v)) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(), parapetClient(v, true));

            assertTrue(f.page().contains("hello from the JDK, " + v.displayName()), f.page());
            assertArrayEquals(clientKey.chain().toArray(new Certificate[0]), server.awaitPeer());
            assertClientChain(f.session().localCertificates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void parapetClientWithoutCertificateIsRefusedByJdkServer(ProtocolVersion v) throws Exception {
        try (JdkServer server = new JdkServer(v)) {
            TlsException e = refusedParapetClient(server.port(), v);

            Throwable jdk = server.awaitFailure();
            assertInstanceOf(SSLException.class, jdk);
            // SunJSSE 17 answers an empty client Certificate with bad_certificate (42) in both versions, where
            // RFC 8446 names certificate_required (and RFC 5246 handshake_failure)
            assertRefusedWith(e, AlertDescription.BAD_CERTIFICATE);
            assertTrue(String.valueOf(jdk.getMessage()).contains("Empty client certificate chain"), String.valueOf(jdk));
        }
    }

    /**
     * A JDK SSLSocket client, with a KeyManager over the client key (or none), against our server; reads before it
     * writes. Returns the response.
     */
    private static String jdkClient(int port, ProtocolVersion v, boolean withCertificate) throws Exception {
        SSLContext ctx = jdkContext(withCertificate ? keyManagers(clientKey) : null, fx.pki().caCertificate());
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        raw.setSoTimeout(10_000);
        try (SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, Fixtures.HOST, port, true)) {
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(new String[] {v.displayName()});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(Fixtures.HOST)));
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            if (!withCertificate) {
                // TLS 1.3: our verdict comes after the JDK's Finished; read it before writing anything
                int b = ssl.getInputStream().read();
                throw new AssertionError("JDK client read " + b + " instead of an alert");
            }
            OutputStream out = ssl.getOutputStream();
            out.write(ParapetClient.REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = ssl.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void jdkClientWithCertificateAgainstParapetServer(ProtocolVersion v) throws Exception {
        try (ParapetServer server = ParapetServer.http(parapetServer(v))) {
            String response = jdkClient(server.port(), v, true);

            TlsSession session = server.awaitSession(WAIT);
            assertTrue(response.contains(ParapetServer.RESPONSE_BODY + " " + session.cipherSuite()), response);
            assertEquals(v.displayName(), session.protocol());
            assertClientChain(session.peerCertificates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProtocolVersion.class)
    void jdkClientWithoutCertificateIsRefusedByParapetServer(ProtocolVersion v) throws Exception {
        try (ParapetServer server = ParapetServer.http(parapetServer(v))) {
            IOException jdk = assertThrows(IOException.class, () -> jdkClient(server.port(), v, false));

            TlsException e = serverFailure(server);
            assertEquals(missingCertificateAlert(v), e.alert(), e.toString());
            String expected = "Received fatal alert: " + missingCertificateAlert(v).rfcName();
            // TlsSocket drains the client's flight after a failure, so the alert is read, not lost to a reset
            assertInstanceOf(SSLException.class, jdk);
            assertTrue(String.valueOf(jdk.getMessage()).contains(expected), expected + " in " + jdk);
        }
    }

    /** The clients' CA's common name, unescaped (e.g. {@code Parapet Test Root CA ECDSA_P256 #7}). */
    private static String clientCaCn() throws Exception {
        String rfc2253 = clientPki.caCertificate().getSubjectX500Principal().getName();
        return (String) javax.naming.ldap.Rdn.unescapeValue(rfc2253.substring("CN=".length()));
    }
}
