package dev.parapet.bench.harness;

import dev.parapet.jsse.ParapetProvider;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.x509.TrustAnchors;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.conscrypt.Conscrypt;

/**
 * Builds each implementation's client and server configuration the way its users normally do, over the benchmark
 * PKI, and hands out connected-in-memory pairs.
 *
 * <ul>
 *   <li>SunJSSE, BouncyCastle JSSE, Conscrypt, Parapet JSSE: an {@link SSLContext} initialised with key managers
 *       over a PKCS#12 key store and trust managers over a trust store holding the test roots (BouncyCastle: its own
 *       "PKIX" factories over the BC crypto provider; Conscrypt: its own "PKIX" trust manager factory, since the
 *       JDK's trust manager rejects the authType "GENERIC" Conscrypt passes in TLS 1.3, with the JDK's key manager
 *       factory; SunJSSE and Parapet JSSE: the JDK's default factories); the client sets SNI
 *       and "HTTPS" endpoint identification.</li>
 *   <li>netty-tcnative: Netty's {@code SslContextBuilder} with {@code SslProvider.OPENSSL_REFCNT}, the key and
 *       chain given directly, the roots as trust certificates, "HTTPS" endpoint identification.</li>
 *   <li>Parapet: {@code TlsClientConfig.trustAnchors(roots)} (Parapet's own verifier) and
 *       {@code TlsServerConfig.certificate(leaf)}.</li>
 * </ul>
 * Each client engine gets a new peer port, so no client session cache can offer resumption: every handshake is full.
 * Key exchange: x25519. Groups offered: x25519 then secp256r1 (TLS 1.2 ECDSA needs the certificate's curve among
 * them): Parapet through its config (key share x25519 only); SunJSSE, BC, Parapet JSSE and Netty through
 * {@code jdk.tls.namedGroups=x25519,secp256r1}; BoringSSL's defaults put x25519 first for Conscrypt.
 */
public final class Stacks {
    private static final AtomicInteger PORT = new AtomicInteger(1024);

    static {
        configureJvm();
    }

    private Stacks() {
    }

    /** System properties read by the JSSE stacks at first use; set before any of them is touched. */
    public static void configureJvm() {
        if (System.getProperty("jdk.tls.namedGroups") == null) {
            System.setProperty("jdk.tls.namedGroups", "x25519,secp256r1");
        }
    }

    /** Null when the implementation can run here; otherwise why not. */
    public static String unavailable(Impl impl) {
        try {
            switch (impl) {
                case TCNATIVE -> {
                    if (!OpenSsl.isAvailable()) {
                        return "netty-tcnative did not load: " + OpenSsl.unavailabilityCause();
                    }
                }
                case CONSCRYPT -> {
                    if (!Conscrypt.isAvailable()) {
                        try {
                            Conscrypt.checkAvailability();
                        } catch (Throwable t) {
                            return "Conscrypt did not load: " + t;
                        }
                        return "Conscrypt did not load";
                    }
                }
                default -> {
                }
            }
            return null;
        } catch (Throwable t) {
            return impl.label + " did not load: " + t;
        }
    }

    public static PairFactory factory(Impl impl, Scenario s) throws Exception {
        return switch (impl) {
            case SUNJSSE -> jsse(impl, s, Provider.class.cast(SSLContext.getInstance("TLS", "SunJSSE").getProvider()),
                    null, null, false, e -> { });
            case BCJSSE -> {
                Provider bc = new BouncyCastleJsseProvider(new BouncyCastleProvider());
                yield jsse(impl, s, bc, bc, bc, false, e -> { });
            }
            case CONSCRYPT -> {
                Provider c = Conscrypt.newProvider();
                yield jsse(impl, s, c, null, c, true, Stacks::closeQuietly);
            }
            case PARAPET_JSSE -> jsse(impl, s, new ParapetProvider(), null, null, false, e -> { });
            case TCNATIVE -> tcnative(s);
            case PARAPET -> parapet(s, CryptoProvider.parapet());
            case PARAPET_JCA -> parapet(s, CryptoProvider.jca());
        };
    }

    /** A new port for each full handshake (no session to reuse); always the same one when resuming. */
    private static int port(Scenario s) {
        return s.resumed() ? 443 : PORT.updateAndGet(p -> p >= 65535 ? 1024 : p + 1);
    }

    /** Where Conscrypt's close_notify goes when a pair is dropped (one per thread: pairs are closed on theirs). */
    private static final ThreadLocal<ByteBuffer> CLOSE_SINK =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 15));

    /**
     * Conscrypt frees an engine's native SSL (and the pipe it holds) only once both directions are closed, the
     * outbound one by wrapping its close_notify; until then only a GC would, and a benchmark that allocates little
     * runs out of file descriptors first ("Too many open files").
     */
    private static void closeQuietly(SSLEngine e) {
        e.closeOutbound();
        ByteBuffer sink = CLOSE_SINK.get();
        try {
            for (int i = 0; i < 4 && !e.isOutboundDone(); i++) {
                sink.clear();
                e.wrap(EMPTY_BUFFER, sink);
            }
            e.closeInbound();
        } catch (SSLException ignored) {
            // no close_notify from the peer: expected, the pair is simply dropped
        }
    }

    private static final ByteBuffer EMPTY_BUFFER = ByteBuffer.allocate(0);

    private static PairFactory jsse(Impl impl, Scenario s, Provider tlsProvider, Provider managerProvider,
            Provider trustProvider, boolean direct, Consumer<SSLEngine> release) throws Exception {
        Pki pki = Pki.get();
        KeyManagerFactory kmf = managerProvider == null
                ? KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
                : KeyManagerFactory.getInstance("PKIX", managerProvider);
        kmf.init(pki.keyStore(s.rsa()), Pki.PASSWORD);
        TrustManagerFactory tmf = trustProvider == null
                ? TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
                : TrustManagerFactory.getInstance("PKIX", trustProvider);
        tmf.init(pki.trustStore());
        SSLContext serverCtx = SSLContext.getInstance("TLS", tlsProvider);
        serverCtx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLContext clientCtx = SSLContext.getInstance("TLS", tlsProvider);
        clientCtx.init(null, tmf.getTrustManagers(), null);
        for (SSLContext c : List.of(serverCtx, clientCtx)) {
            try {
                c.getClientSessionContext().setSessionCacheSize(s.resumed() ? 16 : 1);
                c.getServerSessionContext().setSessionCacheSize(s.resumed() ? 16 : 1);
            } catch (RuntimeException ignored) {
                // not every provider has session contexts to size
            }
        }
        PipeBuffers buffers = new PipeBuffers(direct);
        return () -> {
            SSLEngine client = clientCtx.createSSLEngine(Pki.HOST, port(s));
            client.setUseClientMode(true);
            configure(client, s, true, impl);
            SSLEngine server = serverCtx.createSSLEngine();
            server.setUseClientMode(false);
            configure(server, s, false, impl);
            return new EnginePair(client, server, buffers, release);
        };
    }

    private static void configure(SSLEngine e, Scenario s, boolean client, Impl impl) {
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {s.protocol()});
        // Conscrypt cannot choose TLS 1.3 suites (BoringSSL fixes them) and fails with no TLS 1.2 suite enabled:
        // leave its defaults; the negotiated suite is checked by the callers.
        if (!(impl == Impl.CONSCRYPT && s.protocol().equals(Scenario.TLS13))) {
            p.setCipherSuites(new String[] {s.suite()});
        }
        if (client) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(Pki.HOST)));
        }
        e.setSSLParameters(p);
    }

    private static PairFactory tcnative(Scenario s) throws Exception {
        String why = unavailable(Impl.TCNATIVE);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        Pki pki = Pki.get();
        var leaf = pki.leaf(s.rsa());
        SslContext server = SslContextBuilder.forServer(leaf.privateKey(), leaf.chain().toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.OPENSSL_REFCNT).protocols(s.protocol()).ciphers(List.of(s.suite())).build();
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL_REFCNT)
                .trustManager(pki.roots()).protocols(s.protocol()).ciphers(List.of(s.suite()))
                .endpointIdentificationAlgorithm("HTTPS").build();
        server.sessionContext().setSessionCacheSize(s.resumed() ? 16 : 1);
        client.sessionContext().setSessionCacheSize(s.resumed() ? 16 : 1);
        PipeBuffers buffers = new PipeBuffers(true);
        return () -> {
            SSLEngine c = client.newEngine(UnpooledByteBufAllocator.DEFAULT, Pki.HOST, port(s));
            SSLEngine sv = server.newEngine(UnpooledByteBufAllocator.DEFAULT);
            return new EnginePair(c, sv, buffers, ReferenceCountUtil::release);
        };
    }

    private static PairFactory parapet(Scenario s, CryptoProvider crypto) {
        Pki pki = Pki.get();
        ProtocolVersion v = s.protocol().equals(Scenario.TLS13) ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12;
        CipherSuite suite = CipherSuite.valueOf(s.suite());
        TlsClientConfig cc = TlsClientConfig.builder().versions(v).cipherSuites(suite)
                .namedGroups(NamedGroup.X25519, NamedGroup.SECP256R1).keyShareGroups(NamedGroup.X25519)
                .trustAnchors(TrustAnchors.of(pki.roots()))
                .sessionCache(s.resumed() ? SessionCache.inMemory() : SessionCache.none())
                .cryptoProvider(crypto).build();
        TlsServerConfig sc = TlsServerConfig.builder().versions(v).cipherSuites(suite)
                .namedGroups(NamedGroup.X25519, NamedGroup.SECP256R1)
                .certificate(pki.leaf(s.rsa())).cryptoProvider(crypto).build();
        PipeBuffers buffers = new PipeBuffers(false);
        return () -> new ParapetPair(TlsConnection.client(cc, Pki.HOST, 443), TlsConnection.server(sc), buffers);
    }
}
