package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.x509.CertifiedKey;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mutual TLS through SSLEngine pairs: need/want client auth, Parapet on both sides and mixed with SunJSSE. */
class ClientAuthTest {
    private static SSLEngine server(String provider, String mode) throws Exception {
        return server(Jsse.context(provider, "TLS"), mode);
    }

    private static SSLEngine server(SSLContext ctx, String mode) {
        SSLEngine e = Jsse.server(ctx);
        if (mode.equals("need")) {
            e.setNeedClientAuth(true);
        } else {
            e.setWantClientAuth(true);
        }
        return e;
    }

    private static SSLEngine client(SSLContext ctx, String protocol) {
        SSLEngine e = Jsse.client(ctx, "localhost");
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    @ParameterizedTest(name = "{0} client, {1} server, {2}, {3}ClientAuth")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3, need", "Parapet, Parapet, TLSv1.2, need",
            "Parapet, Parapet, TLSv1.3, want", "Parapet, Parapet, TLSv1.2, want",
            "Parapet, SunJSSE, TLSv1.3, need", "Parapet, SunJSSE, TLSv1.2, need",
            "Parapet, SunJSSE, TLSv1.3, want", "Parapet, SunJSSE, TLSv1.2, want",
            "SunJSSE, Parapet, TLSv1.3, need", "SunJSSE, Parapet, TLSv1.2, need",
            "SunJSSE, Parapet, TLSv1.3, want", "SunJSSE, Parapet, TLSv1.2, want"})
    void clientCertificateIsSentCheckedAndReported(String clientProvider, String serverProvider, String protocol,
                                                  String mode) throws Exception {
        SSLEngine client = client(Jsse.context(clientProvider, Jsse.CLIENT), protocol);
        SSLEngine server = server(serverProvider, mode);

        Jsse.Pump pump = new Jsse.Pump(client, server).handshake();

        assertEquals(protocol, server.getSession().getProtocol());
        assertEquals(Jsse.CLIENT.leaf(), server.getSession().getPeerCertificates()[0]);
        assertEquals(Jsse.CLIENT.leaf().getSubjectX500Principal(), server.getSession().getPeerPrincipal());
        assertEquals(Jsse.CLIENT.leaf(), client.getSession().getLocalCertificates()[0]);
        assertEquals(Jsse.CLIENT.leaf().getSubjectX500Principal(), client.getSession().getLocalPrincipal());
        assertEquals(Jsse.SERVER.leaf(), client.getSession().getPeerCertificates()[0]);
        byte[] data = "mutual".getBytes();
        assertArrayEquals(data, Jsse.transfer(client, server, pump.c2s, data));
        assertArrayEquals(data, Jsse.transfer(server, client, pump.s2c, data));
    }

    @ParameterizedTest(name = "{0} client, {1} server, {2}")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3", "Parapet, Parapet, TLSv1.2",
            "Parapet, SunJSSE, TLSv1.3", "Parapet, SunJSSE, TLSv1.2",
            "SunJSSE, Parapet, TLSv1.3", "SunJSSE, Parapet, TLSv1.2"})
    void wantServesAClientWithoutCertificate(String clientProvider, String serverProvider, String protocol)
            throws Exception {
        SSLEngine client = client(Jsse.context(clientProvider, (CertifiedKey) null), protocol);
        SSLEngine server = server(serverProvider, "want");
        Jsse.Pump pump = new Jsse.Pump(client, server).handshake();
        assertTrue(server.getSession().isValid());
        assertThrows(SSLPeerUnverifiedException.class, () -> server.getSession().getPeerCertificates());
        assertNull(client.getSession().getLocalCertificates());
        byte[] data = "anonymous".getBytes();
        assertArrayEquals(data, Jsse.transfer(client, server, pump.c2s, data));
        assertArrayEquals(data, Jsse.transfer(server, client, pump.s2c, data));
    }

    @ParameterizedTest(name = "{0} client, {1} server, {2}")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3", "Parapet, Parapet, TLSv1.2",
            "Parapet, SunJSSE, TLSv1.3", "Parapet, SunJSSE, TLSv1.2",
            "SunJSSE, Parapet, TLSv1.3", "SunJSSE, Parapet, TLSv1.2"})
    void needRefusesAClientWithoutCertificateOnBothSides(String clientProvider, String serverProvider,
                                                         String protocol) throws Exception {
        SSLEngine client = client(Jsse.context(clientProvider, (CertifiedKey) null), protocol);
        SSLEngine server = server(serverProvider, "need");
        SSLException[] errors = failingHandshake(client, server);
        assertInstanceOf(SSLHandshakeException.class, errors[0], "client: " + errors[0]);
        assertInstanceOf(SSLHandshakeException.class, errors[1], "server: " + errors[1]);
        if (serverProvider.equals("Parapet")) {
            assertTrue(errors[1].getMessage().contains("client sent no certificate"), errors[1].getMessage());
        }
        if (clientProvider.equals("Parapet")) {
            // Parapet: certificate_required (1.3) / handshake_failure (1.2); SunJSSE 17: bad_certificate in both
            String expected = !serverProvider.equals("Parapet") ? "bad_certificate"
                    : protocol.equals("TLSv1.3") ? "certificate_required" : "handshake_failure";
            assertTrue(errors[0].getMessage().contains(expected), errors[0].getMessage());
            assertFalse(client.getSession().isValid());
        }
    }

    @ParameterizedTest(name = "{0} client, {1} server, {2}")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3", "Parapet, Parapet, TLSv1.2",
            "Parapet, SunJSSE, TLSv1.3", "Parapet, SunJSSE, TLSv1.2",
            "SunJSSE, Parapet, TLSv1.3", "SunJSSE, Parapet, TLSv1.2"})
    void untrustedClientCertificateIsRefused(String clientProvider, String serverProvider, String protocol)
            throws Exception {
        // no CA hints (the trust manager accepts no issuers), and a client key manager that ignores hints anyway,
        // so that the untrusted certificate is really sent
        RecordingTrustManager tm = new RecordingTrustManager(Jsse.trustManager(), false);
        SSLContext serverCtx = Jsse.context(serverProvider, Jsse.keyManagers(Jsse.SERVER), new TrustManager[] {tm});
        SSLContext clientCtx = Jsse.context(clientProvider,
                new KeyManager[] {new AnyIssuerKeyManager(Jsse.keyManagers(Jsse.UNTRUSTED_CLIENT))},
                new TrustManager[] {Jsse.trustManager()});
        SSLEngine client = client(clientCtx, protocol);
        SSLEngine server = server(serverCtx, "need");
        SSLException[] errors = failingHandshake(client, server);
        assertInstanceOf(SSLHandshakeException.class, errors[0], "client: " + errors[0]);
        assertInstanceOf(SSLHandshakeException.class, errors[1], "server: " + errors[1]);
        if (serverProvider.equals("Parapet")) {
            assertEquals(List.of("EC"), tm.authTypes);
            assertTrue(errors[1].getMessage().contains("the trust manager rejected the client certificate"
                    + " CN=Untrusted Client"), errors[1].getMessage());
            if (clientProvider.equals("Parapet")) {
                assertTrue(errors[0].getMessage().contains("certificate_unknown"), errors[0].getMessage());
            }
        }
    }

    @ParameterizedTest(name = "{0} client, {1}, {2} key, extended={3}")
    @CsvSource({
            "Parapet, TLSv1.3, ECDSA_P256, true", "Parapet, TLSv1.2, ECDSA_P256, false",
            "Parapet, TLSv1.3, RSA_2048, false", "Parapet, TLSv1.2, RSA_2048, true",
            "Parapet, TLSv1.3, ED25519, true", "Parapet, TLSv1.3, RSA_PSS_2048, false",
            "SunJSSE, TLSv1.3, RSA_2048, true", "SunJSSE, TLSv1.2, RSA_2048, false",
            "SunJSSE, TLSv1.3, ED25519, false"})
    void trustManagerGetsSunJsseAuthTypeAndTheEngine(String clientProvider, String protocol, String keyType,
                                                     boolean extended) throws Exception {
        CertifiedKey key = Jsse.PKI.leaf(TestPki.KeyType.valueOf(keyType)).commonName("Client " + keyType)
                .extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).issue();
        RecordingTrustManager tm = new RecordingTrustManager(Jsse.trustManager(), true);
        X509TrustManager given = extended ? tm : tm.plain();
        SSLEngine server = server(Jsse.context("Parapet", Jsse.keyManagers(Jsse.SERVER),
                new TrustManager[] {given}), "need");
        SSLEngine client = client(Jsse.context(clientProvider, key), protocol);
        new Jsse.Pump(client, server).handshake();
        String expected = switch (keyType) {
            case "ECDSA_P256" -> "EC";
            case "RSA_2048" -> "RSA";
            case "RSA_PSS_2048" -> "RSASSA-PSS";
            default -> "UNKNOWN";
        };
        assertEquals(List.of(expected), tm.authTypes);
        assertEquals(extended ? List.of(server) : List.of(), tm.engines);
        assertEquals(key.leaf(), server.getSession().getPeerCertificates()[0]);
    }

    @Test
    void withoutTrustManagerParapetsOwnVerifierJudgesClientCertificates() throws Exception {
        // init(km, null, null): the JDK's CAs, which do not include the test CA
        SSLEngine server = server(Jsse.context("Parapet", Jsse.keyManagers(Jsse.SERVER), null), "need");
        SSLContext clientCtx = Jsse.context("SunJSSE",
                new KeyManager[] {new AnyIssuerKeyManager(Jsse.keyManagers(Jsse.CLIENT))},
                new TrustManager[] {Jsse.trustManager()});
        SSLException[] errors = failingHandshake(client(clientCtx, "TLSv1.3"), server);
        assertInstanceOf(SSLHandshakeException.class, errors[0], "client: " + errors[0]);
        assertInstanceOf(SSLHandshakeException.class, errors[1], "server: " + errors[1]);
        assertTrue(errors[1].getMessage().contains("trust anchors"), errors[1].getMessage());
    }

    @Test
    void caHintsComeFromTheTrustManager() throws Exception {
        // SunJSSE's client picks by the server's CA names: with the test CA named, the trusted certificate goes
        SSLContext clientCtx = Jsse.context("SunJSSE", Jsse.keyManagers(Jsse.CLIENT),
                new TrustManager[] {Jsse.trustManager()});
        SSLEngine client = client(clientCtx, "TLSv1.2");
        SSLEngine server = server("Parapet", "need");
        new Jsse.Pump(client, server).handshake();
        assertEquals(Jsse.CLIENT.leaf(), server.getSession().getPeerCertificates()[0]);
        String[] peerAlgorithms = ((javax.net.ssl.ExtendedSSLSession) client.getSession())
                .getPeerSupportedSignatureAlgorithms();
        assertTrue(peerAlgorithms.length > 0);
    }

    @Test
    void needAndWantAreExclusiveAndSurviveParameters() throws Exception {
        SSLEngine server = Jsse.server(Jsse.context("Parapet", "TLS"));
        server.setNeedClientAuth(true);
        assertTrue(server.getSSLParameters().getNeedClientAuth());
        server.setWantClientAuth(true);
        assertFalse(server.getNeedClientAuth());
        assertTrue(server.getSSLParameters().getWantClientAuth());
        var p = server.getSSLParameters();
        p.setNeedClientAuth(true);
        server.setSSLParameters(p);
        assertTrue(server.getNeedClientAuth());
        assertFalse(server.getWantClientAuth());
    }

    /**
     * Runs a handshake expected to fail, moving bytes (alerts included) until each side has thrown or nothing moves;
     * returns {client's exception, server's exception}.
     */
    static SSLException[] failingHandshake(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer c2s = ByteBuffer.allocate(1 << 16);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 16);
        SSLException[] errors = new SSLException[2];
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 100 && (errors[0] == null || errors[1] == null); i++) {
            errors[0] = step(client, c2s, s2c, errors[0]);
            errors[1] = step(server, s2c, c2s, errors[1]);
        }
        return errors;
    }

    private static SSLException step(SSLEngine e, ByteBuffer out, ByteBuffer in, SSLException failed) {
        for (int i = 0; i < 20; i++) {
            try {
                SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
                Jsse.runTasks(e);
                if (r.bytesProduced() == 0) {
                    break;
                }
            } catch (SSLException x) {
                return failed != null ? failed : x;
            }
        }
        if (failed != null) {
            return failed;
        }
        in.flip();
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        try {
            while (in.hasRemaining()) {
                SSLEngineResult r = e.unwrap(in, app);
                Jsse.runTasks(e);
                app.clear();
                if (r.bytesConsumed() == 0) {
                    break;
                }
            }
        } catch (SSLException x) {
            return x;
        } finally {
            in.compact();
        }
        return null;
    }

    /** Delegates to a real trust manager; records authType and engine; may name no accepted issuers. */
    static final class RecordingTrustManager extends X509ExtendedTrustManager {
        final X509ExtendedTrustManager delegate;
        final boolean issuers;
        final List<String> authTypes = new CopyOnWriteArrayList<>();
        final List<Object> engines = new CopyOnWriteArrayList<>();

        RecordingTrustManager(X509ExtendedTrustManager delegate, boolean issuers) {
            this.delegate = delegate;
            this.issuers = issuers;
        }

        /** A plain X509TrustManager view of this one (recording authType only). */
        X509TrustManager plain() {
            RecordingTrustManager outer = this;
            return new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    outer.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    outer.checkServerTrusted(chain, authType);
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return outer.getAcceptedIssuers();
                }
            };
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            authTypes.add(authType);
            engines.add(socket);
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            authTypes.add(authType);
            engines.add(engine);
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            authTypes.add(authType);
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers ? delegate.getAcceptedIssuers() : new X509Certificate[0];
        }
    }

    /** A client key manager that ignores the server's CA names (to send an untrusted certificate). */
    static final class AnyIssuerKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;

        AnyIssuerKeyManager(KeyManager[] kms) {
            this.delegate = (X509ExtendedKeyManager) kms[0];
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    static {
        assertNotNull(Jsse.CLIENT);
    }
}
