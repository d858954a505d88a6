package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.x509.CertifiedKey;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** Test support: a PKI, key and trust managers, contexts from either provider, and an in-memory engine pump. */
final class Jsse {
    static final char[] PASSWORD = "changeit".toCharArray();
    static final TestPki PKI = TestPki.create(TestPki.KeyType.ECDSA_P256);
    static final CertifiedKey SERVER = PKI.issue(TestPki.KeyType.ECDSA_P256, "localhost", "server.test", "127.0.0.1");
    static final ParapetProvider PARAPET = new ParapetProvider();
    /** A client certificate (clientAuth EKU only) under the test CA. */
    static final CertifiedKey CLIENT = PKI.leaf(TestPki.KeyType.ECDSA_P256).commonName("Parapet Test Client")
            .names("client.test").extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).issue();
    /** A CA nobody here trusts, and a client certificate under it. */
    static final TestPki OTHER_PKI = TestPki.create(TestPki.KeyType.ECDSA_P256);
    static final CertifiedKey UNTRUSTED_CLIENT = OTHER_PKI.leaf(TestPki.KeyType.ECDSA_P256)
            .commonName("Untrusted Client").names("client.test").extendedKeyUsage(KeyPurposeId.id_kp_clientAuth)
            .issue();

    private Jsse() {
    }

    static KeyStore keyStore(String type, CertifiedKey key) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setKeyEntry("server", key.privateKey(), PASSWORD, key.chain().toArray(new X509Certificate[0]));
        return ks;
    }

    static KeyStore trustStore(String type, X509Certificate ca) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        return ks;
    }

    /** A context of the given provider ("Parapet" or "SunJSSE") with the test server key and the test CA. */
    static SSLContext context(String provider, String protocol) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keyStore("PKCS12", SERVER), PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore("PKCS12", PKI.caCertificate()));
        SSLContext ctx = "Parapet".equals(provider) ? SSLContext.getInstance(protocol, PARAPET)
                : SSLContext.getInstance(protocol, provider);
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Key managers holding {@code key} (none when null). */
    static KeyManager[] keyManagers(CertifiedKey key) throws Exception {
        if (key == null) {
            return null;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keyStore("PKCS12", key), PASSWORD);
        return kmf.getKeyManagers();
    }

    /** The PKIX trust manager over the test CA. */
    static X509ExtendedTrustManager trustManager() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore("PKCS12", PKI.caCertificate()));
        return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }

    /** A context of either provider with these managers (null: none). */
    static SSLContext context(String provider, KeyManager[] kms, TrustManager[] tms) throws Exception {
        SSLContext ctx = "Parapet".equals(provider) ? SSLContext.getInstance("TLS", PARAPET)
                : SSLContext.getInstance("TLS", provider);
        ctx.init(kms, tms, null);
        return ctx;
    }

    /** A context trusting the test CA that holds {@code key} (a client's certificate; none when null). */
    static SSLContext context(String provider, CertifiedKey key) throws Exception {
        return context(provider, keyManagers(key), new TrustManager[] {trustManager()});
    }

    static SSLEngine client(SSLContext ctx, String host) {
        SSLEngine e = ctx.createSSLEngine(host, 443);
        e.setUseClientMode(true);
        return e;
    }

    static SSLEngine server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** Sends {@code data} from one engine to the other; returns what the receiver decrypted. */
    static byte[] transfer(SSLEngine from, SSLEngine to, ByteBuffer pending, byte[] data) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer received = ByteBuffer.allocate(data.length + to.getSession().getApplicationBufferSize());
        ByteBuffer app = ByteBuffer.allocate(to.getSession().getApplicationBufferSize());
        for (int i = 0; i < 10_000 && received.position() < data.length; i++) {
            if (src.hasRemaining()) {
                SSLEngineResult r = from.wrap(src, pending);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    fail("wrap: " + r);
                }
            }
            pending.flip();
            SSLEngineResult r = to.unwrap(pending, app);
            pending.compact();
            runTasks(to);
            app.flip();
            received.put(app);
            app.clear();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !src.hasRemaining()) {
                fail("receiver wants more, nothing left to send");
            }
        }
        byte[] out = new byte[received.position()];
        received.flip().get(out);
        return out;
    }

    /** Runs delegated tasks (SunJSSE's); Parapet never has any. */
    static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
    }

    /** Moves bytes between two engines until both finished; records each side's reported handshake statuses. */
    static final class Pump {
        final SSLEngine client;
        final SSLEngine server;
        final ByteBuffer c2s;
        final ByteBuffer s2c;
        final ByteBuffer clientApp;
        final ByteBuffer serverApp;
        final List<HandshakeStatus> clientStatuses = new ArrayList<>();
        final List<HandshakeStatus> serverStatuses = new ArrayList<>();

        Pump(SSLEngine client, SSLEngine server) {
            this.client = client;
            this.server = server;
            int net = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
            c2s = ByteBuffer.allocate(4 * net);
            s2c = ByteBuffer.allocate(4 * net);
            clientApp = ByteBuffer.allocate(4 * net);
            serverApp = ByteBuffer.allocate(4 * net);
        }

        Pump handshake() throws Exception {
            client.beginHandshake();
            server.beginHandshake();
            boolean clientDone = false;
            boolean serverDone = false;
            for (int i = 0; i < 200 && !(clientDone && serverDone); i++) {
                clientDone |= step(client, c2s, s2c, clientApp, clientStatuses);
                serverDone |= step(server, s2c, c2s, serverApp, serverStatuses);
            }
            if (!(clientDone && serverDone)) {
                fail("handshake did not finish: client " + clientStatuses + ", server " + serverStatuses);
            }
            return this;
        }

        /** One round for one engine: wrap what it has, unwrap what the peer sent. True once it said FINISHED. */
        private static boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app,
                                    List<HandshakeStatus> statuses) throws Exception {
            boolean finished = false;
            while (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
                statuses.add(r.getHandshakeStatus());
                finished |= r.getHandshakeStatus() == HandshakeStatus.FINISHED;
                runTasks(e);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
            in.flip();
            try {
                while (in.hasRemaining() && e.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    SSLEngineResult r = e.unwrap(in, app);
                    statuses.add(r.getHandshakeStatus());
                    finished |= r.getHandshakeStatus() == HandshakeStatus.FINISHED;
                    runTasks(e);
                    if (r.bytesConsumed() == 0) {
                        break;
                    }
                }
            } finally {
                in.compact();
            }
            return finished;
        }
    }
}
