package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parapet.jsse.tests.EnginePair.Step;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Answering a TLS 1.3 close_notify. SunJSSE answers one with its own only under {@code jdk.tls.acknowledgeCloseNotify=true}
 * (the JDK's system property for peers that expect a duplex close; read once per JVM); without it a TLS 1.3 engine
 * half-closes. Parapet answers by default (it does not read the property): RFC 8446, 6.1 allows either, and
 * answering is what makes HttpClient complete a response from {@code openssl s_server -www -tls1_3}
 * ({@link HttpClientOpensslTest}) without any property.
 *
 * <p>The answered sequences, recorded from SunJSSE with the property, are {@link #SERVER_CLOSES_ANSWERED} and
 * {@link #CLIENT_CLOSES_ANSWERED}. The "duplex-close" run (surefire execution of that name, with the property)
 * checks them against SunJSSE and Parapet against SunJSSE; the default run (no property) checks Parapet against
 * them, and SunJSSE's half-close (so the constants can only stand for what SunJSSE does with the property).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcknowledgeCloseNotifyContractTest {
    static final String PROPERTY = "jdk.tls.acknowledgeCloseNotify";

    /** {@link #serverCloses} on SunJSSE with {@code jdk.tls.acknowledgeCloseNotify=true}. */
    static final List<String> SERVER_CLOSES_ANSWERED = List.of(
            "server wrap: wrap CLOSED NOT_HANDSHAKING",
            "client unwrap: unwrap CLOSED NEED_WRAP inboundDone=true getHandshakeStatus=NEED_WRAP",
            "client wrap: wrap CLOSED NOT_HANDSHAKING produced>0=true outboundDone=true",
            "server unwrap: unwrap CLOSED NOT_HANDSHAKING inboundDone=true");

    /** {@link SSLEngineContractTest#close} (the client closes) on SunJSSE with the property. */
    static final List<String> CLIENT_CLOSES_ANSWERED = List.of(
            "client after closeOutbound: NEED_WRAP outboundDone=false",
            "client wrap: wrap CLOSED NOT_HANDSHAKING produced>0=true outboundDone=true inboundDone=false",
            "server unwrap: unwrap CLOSED NEED_WRAP produced=0 inboundDone=true outboundDone=false",
            "server wrap: wrap CLOSED NOT_HANDSHAKING produced>0=true outboundDone=true",
            "client unwrap: unwrap CLOSED NOT_HANDSHAKING inboundDone=true",
            "client wrap after close: CLOSED consumed=0 produced=0");

    private final Pki pki = new Pki();

    private EnginePair handshaken(String provider) throws Exception {
        EnginePair p = new EnginePair(pki.clientContext(provider), pki.serverContext(provider, KeyType.ECDSA_P256));
        p.handshake();
        return p;
    }

    /** TLS 1.3: the server closes; what the client's engine does with its close_notify. */
    private List<String> serverCloses(String provider) throws Exception {
        EnginePair p = handshaken(provider);
        p.drain(p.client);
        List<String> seen = new ArrayList<>();
        p.server.closeOutbound();
        Step w = p.wrap(p.server, EnginePair.EMPTY);
        seen.add("server wrap: " + w);
        Step u = p.unwrap(p.client, ByteBuffer.allocate(p.client.getSession().getApplicationBufferSize()));
        seen.add("client unwrap: " + u + " inboundDone=" + p.client.isInboundDone() + " getHandshakeStatus="
                + p.client.getHandshakeStatus());
        if (p.client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            Step cw = p.wrap(p.client, EnginePair.EMPTY);
            seen.add("client wrap: " + cw + " produced>0=" + (cw.produced > 0) + " outboundDone="
                    + p.client.isOutboundDone());
            Step su = p.unwrap(p.server, ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize()));
            seen.add("server unwrap: " + su + " inboundDone=" + p.server.isInboundDone());
        }
        return seen;
    }

    /** With the property (the "duplex-close" JVM): SunJSSE answers, and the provider does exactly the same. */
    @Tag("duplex-close")
    @ProviderTest
    void closeNotifyIsAnsweredWithTheProperty(String provider) throws Exception {
        assertEquals("true", System.getProperty(PROPERTY), "run by the duplex-close execution");
        List<String> reference = serverCloses(Providers.SUN);
        System.out.println("server closes, SunJSSE with " + PROPERTY + "=true: " + reference);
        assertEquals(SERVER_CLOSES_ANSWERED, reference, "SunJSSE answers");
        assertEquals(reference, serverCloses(provider));
        List<String> clientCloses = SSLEngineContractTest.close(handshaken(Providers.SUN));
        System.out.println("client closes, SunJSSE with " + PROPERTY + "=true: " + clientCloses);
        assertEquals(CLIENT_CLOSES_ANSWERED, clientCloses, "SunJSSE answers");
        assertEquals(clientCloses, SSLEngineContractTest.close(handshaken(provider)));
    }

    /**
     * Without the property (the default JVM): Parapet answers all the same (a deliberate difference from SunJSSE's
     * default, documented in parapet-jsse/README.md); SunJSSE half-closes (no NEED_WRAP after the close_notify).
     */
    @ProviderTest
    void withoutTheProperty(String provider) throws Exception {
        assertNull(System.getProperty(PROPERTY), "the default JVM runs without " + PROPERTY);
        List<String> serverCloses = serverCloses(provider);
        List<String> clientCloses = SSLEngineContractTest.close(handshaken(provider));
        if (Providers.SUN.equals(provider)) {
            assertEquals(2, serverCloses.size(), "SunJSSE half-closes by default: " + serverCloses);
            assertEquals("client unwrap: unwrap CLOSED NOT_HANDSHAKING inboundDone=true getHandshakeStatus="
                    + "NOT_HANDSHAKING", serverCloses.get(1));
        } else {
            assertEquals(SERVER_CLOSES_ANSWERED, serverCloses);
            assertEquals(CLIENT_CLOSES_ANSWERED, clientCloses);
        }
    }
}
