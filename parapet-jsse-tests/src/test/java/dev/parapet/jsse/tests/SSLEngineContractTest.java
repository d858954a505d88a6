package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.jsse.tests.EnginePair.Step;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Timeout;

/**
 * The SSLEngine contract, run once per provider with SunJSSE as the reference: where a test compares sequences it
 * drives a SunJSSE pair the same way in the same test and requires the provider's (normalised) sequence to equal
 * SunJSSE's. Engines are driven by {@link EnginePair}'s simple loop with buffers of exactly the announced sizes.
 *
 * <p>Normalisation ({@link #normalise}), for the legitimate differences between providers:
 * <ol>
 *   <li>NEED_TASK: SunJSSE hands out delegated tasks; a provider may do the work inline and never return
 *       NEED_TASK. A result whose handshake status is NEED_TASK counts as the status after running the tasks.</li>
 *   <li>TLS 1.3 middlebox-compatibility change_cipher_spec (RFC 8446, D.4): SunJSSE's client wraps it alone as soon
 *       as it has the ServerHello (it turns NEED_WRAP in the middle of the server's flight); a provider may send it
 *       with its Finished, or not at all. In TLS 1.3 a wrap whose whole output is one CCS record is left out.</li>
 *   <li>Records per call: SunJSSE wraps a flight one record per call (wrap OK NEED_WRAP, wrap OK NEED_WRAP, ...,
 *       wrap OK NEED_UNWRAP); another provider may wrap it whole, or unwrap several records at once. Consecutive
 *       calls of the same kind count as one, with the last one's result.</li>
 *   <li>TLS 1.3 NewSessionTicket: SunJSSE's server, having unwrapped the client's Finished, asks to wrap a
 *       ticket and reports FINISHED from that wrap ([unwrap OK NEED_WRAP, wrap OK FINISHED]); a provider that
 *       sends its tickets later, or none, reports FINISHED from the unwrap ([unwrap OK FINISHED]). In TLS 1.3 the
 *       server's tail [unwrap OK NEED_WRAP, wrap OK FINISHED] reads as [unwrap OK FINISHED].</li>
 * </ol>
 * What stays: which side wraps first, the order of wrap and unwrap turns, every status (OK throughout), on which
 * call FINISHED appears (exactly once per side), and that both end NOT_HANDSHAKING. After normalisation:
 * <pre>
 * TLS 1.3 client  wrap OK NEED_UNWRAP, unwrap OK NEED_WRAP, wrap OK FINISHED
 * TLS 1.3 server  unwrap OK NEED_WRAP, wrap OK NEED_UNWRAP, unwrap OK FINISHED
 * TLS 1.2 client  wrap OK NEED_UNWRAP, unwrap OK NEED_WRAP, wrap OK NEED_UNWRAP, unwrap OK FINISHED
 * TLS 1.2 server  unwrap OK NEED_WRAP, wrap OK NEED_UNWRAP, unwrap OK NEED_WRAP, wrap OK FINISHED
 * </pre>
 * (SunJSSE's raw sequences are printed by the test, to its output file.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SSLEngineContractTest {
    private final Pki pki = new Pki();

    private EnginePair pair(String provider, KeyType type, String protocol) {
        return new EnginePair(pki.clientContext(provider, protocol), pki.serverContext(provider, protocol, type));
    }

    private EnginePair handshaken(String provider) throws SSLException {
        EnginePair p = pair(provider, KeyType.ECDSA_P256, "TLS");
        p.handshake();
        return p;
    }

    static final List<String> TLS13_CLIENT = List.of("wrap OK NEED_UNWRAP", "unwrap OK NEED_WRAP",
            "wrap OK FINISHED");
    static final List<String> TLS13_SERVER = List.of("unwrap OK NEED_WRAP", "wrap OK NEED_UNWRAP",
            "unwrap OK FINISHED");
    static final List<String> TLS12_CLIENT = List.of("wrap OK NEED_UNWRAP", "unwrap OK NEED_WRAP",
            "wrap OK NEED_UNWRAP", "unwrap OK FINISHED");
    static final List<String> TLS12_SERVER = List.of("unwrap OK NEED_WRAP", "wrap OK NEED_UNWRAP",
            "unwrap OK NEED_WRAP", "wrap OK FINISHED");

    /** See the class comment (rules 1 to 4). */
    static List<String> normalise(List<Step> steps, boolean tls13, boolean server) {
        List<Step> resolved = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if ("task".equals(s.op) || (tls13 && s.ccsOnly)) {
                continue;
            }
            HandshakeStatus hs = s.hs;
            // the status after the tasks: the task step(s) that follow
            for (int j = i + 1; hs == HandshakeStatus.NEED_TASK && j < steps.size() && "task".equals(steps.get(j).op);
                 j++) {
                hs = steps.get(j).hs;
            }
            resolved.add(new Step(s.op, s.status, hs, s.consumed, s.produced));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            Step s = resolved.get(i);
            if (i + 1 < resolved.size() && resolved.get(i + 1).op.equals(s.op)) {
                continue;
            }
            out.add(s.toString());
        }
        int n = out.size();
        if (tls13 && server && n >= 2 && out.get(n - 2).equals("unwrap OK NEED_WRAP")
                && out.get(n - 1).equals("wrap OK FINISHED")) {
            out.subList(n - 2, n).clear();
            out.add("unwrap OK FINISHED");
        }
        return out;
    }

    private static long count(List<Step> steps, HandshakeStatus hs) {
        return steps.stream().filter(s -> s.hs == hs).count();
    }

    private void assertSameHandshakeSequence(String provider, KeyType type, String protocol) throws Exception {
        EnginePair reference = pair(Providers.SUN, type, protocol);
        reference.handshake();
        EnginePair p = pair(provider, type, protocol);
        p.handshake();
        String detail = "\nprovider " + provider + ": client " + p.clientSteps + "\n  server " + p.serverSteps
                + "\nSunJSSE: client " + reference.clientSteps + "\n  server " + reference.serverSteps;
        System.out.println(protocol + " " + type + detail);
        boolean tls13 = !"TLSv1.2".equals(protocol);
        assertEquals(tls13 ? TLS13_CLIENT : TLS12_CLIENT, normalise(reference.clientSteps, tls13, false),
                "SunJSSE's client sequence changed" + detail);
        assertEquals(tls13 ? TLS13_SERVER : TLS12_SERVER, normalise(reference.serverSteps, tls13, true),
                "SunJSSE's server sequence changed" + detail);
        assertEquals(normalise(reference.clientSteps, tls13, false), normalise(p.clientSteps, tls13, false),
                "client sequence" + detail);
        assertEquals(normalise(reference.serverSteps, tls13, true), normalise(p.serverSteps, tls13, true),
                "server sequence" + detail);
        assertEquals(1, count(p.clientSteps, HandshakeStatus.FINISHED), "client FINISHED once" + detail);
        assertEquals(1, count(p.serverSteps, HandshakeStatus.FINISHED), "server FINISHED once" + detail);
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.client.getHandshakeStatus());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.server.getHandshakeStatus());
        for (Step s : p.clientSteps) {
            assertEquals(Status.OK, s.status, "every handshake call returns OK" + detail);
        }
        for (Step s : p.serverSteps) {
            assertEquals(Status.OK, s.status, "every handshake call returns OK" + detail);
        }
        assertEquals(protocol.equals("TLS") ? "TLSv1.3" : protocol, p.client.getSession().getProtocol());
        assertEquals(p.client.getSession().getCipherSuite(), p.server.getSession().getCipherSuite());
    }

    @ProviderTest
    void handshakeSequenceTls13(String provider) throws Exception {
        assertSameHandshakeSequence(provider, KeyType.ECDSA_P256, "TLS");
    }

    @ProviderTest
    void handshakeSequenceTls13Rsa(String provider) throws Exception {
        assertSameHandshakeSequence(provider, KeyType.RSA_2048, "TLS");
    }

    @ProviderTest
    void handshakeSequenceTls12(String provider) throws Exception {
        assertSameHandshakeSequence(provider, KeyType.ECDSA_P256, "TLSv1.2");
    }

    @ProviderTest
    void statusBeforeAndAtBeginHandshake(String provider) throws Exception {
        EnginePair p = pair(provider, KeyType.ECDSA_P256, "TLS");
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.client.getHandshakeStatus());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.server.getHandshakeStatus());
        p.client.beginHandshake();
        p.server.beginHandshake();
        assertEquals(HandshakeStatus.NEED_WRAP, p.client.getHandshakeStatus());
        assertEquals(HandshakeStatus.NEED_UNWRAP, p.server.getHandshakeStatus());
        // a server with nothing to read: BUFFER_UNDERFLOW, nothing consumed or produced
        SSLEngineResult r = p.server.unwrap(ByteBuffer.allocate(0),
                ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize()));
        assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        // the ClientHello comes out of the first wrap
        Step hello = p.wrap(p.client, EnginePair.EMPTY);
        assertEquals(Status.OK, hello.status);
        assertTrue(hello.produced > 0, "ClientHello bytes");
        assertEquals(0x16, p.toServer.get(0), "a handshake record");
    }

    @ProviderTest
    void sessionAfterHandshake(String provider) throws Exception {
        EnginePair p = pair(provider, KeyType.RSA_2048, "TLS");
        SSLParameters cp = p.client.getSSLParameters();
        cp.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        p.client.setSSLParameters(cp);
        SSLParameters sp = p.server.getSSLParameters();
        sp.setApplicationProtocols(new String[] {"http/1.1", "h2"});
        p.server.setSSLParameters(sp);
        p.handshake();
        SSLSession c = p.client.getSession();
        assertEquals("TLSv1.3", c.getProtocol());
        assertTrue(c.getCipherSuite().startsWith("TLS_AES_") || c.getCipherSuite().startsWith("TLS_CHACHA20_"),
                c.getCipherSuite());
        assertEquals(pki.leaf(KeyType.RSA_2048).leaf(), c.getPeerCertificates()[0]);
        assertEquals(Pki.HOST, c.getPeerHost());
        // ALPN: the server's preference wins
        assertEquals("http/1.1", p.client.getApplicationProtocol());
        assertEquals("http/1.1", p.server.getApplicationProtocol());
        assertTrue(c.getPacketBufferSize() >= 16384 + 256 + 5, "packet buffer " + c.getPacketBufferSize());
        assertTrue(c.getApplicationBufferSize() >= 16384, "application buffer " + c.getApplicationBufferSize());
    }

    // ---- application data: underflow, overflow, sizes

    @ProviderTest
    void bufferUnderflowOnPartialRecord(String provider) throws Exception {
        EnginePair p = handshaken(provider);
        p.drain(p.client); // e.g. TLS 1.3 NewSessionTicket
        byte[] message = "partial records are not an error".getBytes(StandardCharsets.UTF_8);
        p.wrap(p.client, ByteBuffer.wrap(message));
        p.toServer.flip();
        byte[] record = new byte[p.toServer.remaining()];
        p.toServer.get(record);
        p.toServer.clear();
        ByteBuffer dst = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        for (int cut : new int[] {1, 4, 5, record.length - 1}) {
            ByteBuffer partial = ByteBuffer.wrap(record, 0, cut);
            SSLEngineResult r = p.server.unwrap(partial, dst);
            assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus(), "with " + cut + " of " + record.length + " bytes");
            assertEquals(0, r.bytesConsumed());
            assertEquals(0, r.bytesProduced());
            assertEquals(0, partial.position(), "nothing consumed from a partial record");
            assertEquals(0, dst.position());
        }
        SSLEngineResult r = p.server.unwrap(ByteBuffer.wrap(record), dst);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(record.length, r.bytesConsumed());
        assertEquals(message.length, r.bytesProduced());
        dst.flip();
        byte[] got = new byte[dst.remaining()];
        dst.get(got);
        assertArrayEquals(message, got);
    }

    @ProviderTest
    void bufferOverflowConsumesNothing(String provider) throws Exception {
        EnginePair p = handshaken(provider);
        p.drain(p.client);
        byte[] message = new byte[1000];
        new Random(1).nextBytes(message);
        // wrap into a destination too small for the record
        ByteBuffer src = ByteBuffer.wrap(message);
        ByteBuffer small = ByteBuffer.allocate(100);
        SSLEngineResult w = p.client.wrap(src, small);
        assertEquals(Status.BUFFER_OVERFLOW, w.getStatus());
        assertEquals(0, w.bytesConsumed());
        assertEquals(0, w.bytesProduced());
        assertEquals(0, src.position());
        assertEquals(0, small.position());
        // then it fits
        p.wrap(p.client, src);
        assertFalse(src.hasRemaining());
        p.toServer.flip();
        ByteBuffer in = p.toServer.slice();
        p.toServer.clear();
        int recordLength = in.remaining();
        ByteBuffer tiny = ByteBuffer.allocate(10);
        SSLEngineResult u = p.server.unwrap(in, tiny);
        assertEquals(Status.BUFFER_OVERFLOW, u.getStatus());
        assertEquals(0, u.bytesConsumed());
        assertEquals(0, u.bytesProduced());
        assertEquals(0, in.position(), "the record stays in src");
        assertEquals(0, tiny.position());
        ByteBuffer enough = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        u = p.server.unwrap(in, enough);
        assertEquals(Status.OK, u.getStatus());
        assertEquals(recordLength, u.bytesConsumed());
        assertEquals(message.length, u.bytesProduced());
    }

    /**
     * 100 000 bytes through wrap with a destination of exactly getPacketBufferSize() (each call takes at most one
     * record's worth, 16384 bytes) and unwrap with a destination of exactly getApplicationBufferSize(), which is
     * always enough for one record.
     */
    @ProviderTest
    void announcedBufferSizesAreEnough(String provider) throws Exception {
        EnginePair p = handshaken(provider);
        p.drain(p.client);
        byte[] data = new byte[100_000];
        new Random(2).nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data);
        int packet = p.client.getSession().getPacketBufferSize();
        int app = p.server.getSession().getApplicationBufferSize();
        ByteBuffer received = ByteBuffer.allocate(data.length);
        int wraps = 0;
        while (src.hasRemaining()) {
            ByteBuffer net = ByteBuffer.allocate(packet);
            SSLEngineResult w = p.client.wrap(src, net);
            wraps++;
            assertEquals(Status.OK, w.getStatus());
            assertTrue(w.bytesConsumed() > 0 && w.bytesConsumed() <= 16384, "consumed " + w.bytesConsumed());
            assertTrue(w.bytesProduced() <= packet);
            net.flip();
            while (net.hasRemaining()) {
                ByteBuffer dst = ByteBuffer.allocate(app);
                SSLEngineResult u = p.server.unwrap(net, dst);
                assertEquals(Status.OK, u.getStatus(), "an application buffer of " + app + " bytes");
                dst.flip();
                received.put(dst);
            }
        }
        assertTrue(wraps >= 7, wraps + " wraps for 100 000 bytes");
        assertArrayEquals(data, received.array());
    }

    // ---- the same faults, the same exception types

    @ProviderTest
    void untrustedCertificateIsSslHandshakeExceptionOnClient(String provider) throws Exception {
        SSLContext server = pki.serverContext(provider, KeyType.ECDSA_P256);
        EnginePair p = new EnginePair(Pki.untrustingClientContext(provider), server);
        SSLException e = assertThrows(SSLException.class, p::handshake);
        assertInstanceOf(SSLHandshakeException.class, e, "client's exception: " + e);
        assertTrue(p.client.isOutboundDone() || p.client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP,
                "the client has an alert to send or is done: " + p.client.getHandshakeStatus());
        // the alert reaches the server as an SSLException
        if (p.client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            p.wrap(p.client, EnginePair.EMPTY);
        }
        assertTrue(p.toServer.position() > 0, "the client sent an alert");
        SSLException onServer = assertThrows(SSLException.class,
                () -> p.unwrap(p.server, ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize())));
        String reference = "SSLHandshakeException";
        assertEquals(reference, onServer.getClass().getSimpleName(), "server's exception: " + onServer);
    }

    @ProviderTest
    void garbageIsSslException(String provider) throws Exception {
        EnginePair p = pair(provider, KeyType.ECDSA_P256, "TLS");
        p.server.beginHandshake();
        ByteBuffer garbage = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(
                StandardCharsets.US_ASCII));
        SSLEngineResult[] result = new SSLEngineResult[1];
        SSLException e = assertThrows(SSLException.class, () -> result[0] = p.server.unwrap(garbage,
                ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize())),
                () -> "unwrap of an HTTP request returned " + result[0] + " (SunJSSE: SSLException \"Unsupported or "
                        + "unrecognized SSL message\")");
        assertEquals(SSLException.class, e.getClass(), "SunJSSE throws a plain SSLException here: " + e);
        // after a handshake: a record whose bytes were changed fails authentication
        EnginePair q = handshaken(provider);
        q.drain(q.client);
        q.wrap(q.client, ByteBuffer.wrap("tampered".getBytes(StandardCharsets.US_ASCII)));
        q.toServer.put(q.toServer.position() - 1, (byte) (q.toServer.get(q.toServer.position() - 1) ^ 1));
        Step[] step = new Step[1];
        assertThrows(SSLException.class, () -> step[0] = q.unwrap(q.server,
                ByteBuffer.allocate(q.server.getSession().getApplicationBufferSize())),
                () -> "unwrap of a tampered record returned " + step[0]);
    }

    @ProviderTest
    void closeInboundBeforeCloseNotifyIsSslException(String provider) throws Exception {
        EnginePair p = handshaken(provider);
        assertThrows(SSLException.class, p.server::closeInbound);
        assertTrue(p.server.isInboundDone());
    }

    // ---- the close handshake

    /**
     * The client closes: closeOutbound, wrap gives CLOSED with close_notify bytes, the server's unwrap gives CLOSED
     * and inbound done; then either the server answers with its own close_notify (SunJSSE with
     * jdk.tls.acknowledgeCloseNotify=true, and Parapet always) or (TLS 1.3 half-close, SunJSSE's default) the server
     * still sends data the client reads, and closes in turn. Every call's result and the done flags must be
     * SunJSSE's: for Parapet in a JVM without the property, SunJSSE's as recorded with it
     * ({@link AcknowledgeCloseNotifyContractTest#CLIENT_CLOSES_ANSWERED}, checked against SunJSSE in the
     * duplex-close run).
     */
    @ProviderTest
    void closeHandshake(String provider) throws Exception {
        EnginePair reference = handshaken(Providers.SUN);
        List<String> expected = close(reference);
        if (Providers.PARAPET.equals(provider)
                && !"true".equals(System.getProperty(AcknowledgeCloseNotifyContractTest.PROPERTY))) {
            expected = AcknowledgeCloseNotifyContractTest.CLIENT_CLOSES_ANSWERED;
        }
        EnginePair p = handshaken(provider);
        List<String> actual = close(p);
        System.out.println("close " + provider + ": " + actual + "\nSunJSSE: " + expected);
        assertEquals(expected, actual);
    }

    /** Client closes; returns what each call returned, and the engines' done flags, as text. */
    static List<String> close(EnginePair p) throws Exception {
        List<String> seen = new ArrayList<>();
        p.drain(p.client);
        p.client.closeOutbound();
        seen.add("client after closeOutbound: " + p.client.getHandshakeStatus() + " outboundDone="
                + p.client.isOutboundDone());
        Step w = p.wrap(p.client, EnginePair.EMPTY);
        seen.add("client wrap: " + w + " produced>0=" + (w.produced > 0) + " outboundDone="
                + p.client.isOutboundDone() + " inboundDone=" + p.client.isInboundDone());
        byte type = p.toServer.get(0);
        assertTrue(type == 0x15 || type == 0x17, "an alert record (TLS 1.3: application_data around one): " + type);
        Step u = p.unwrap(p.server, ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize()));
        seen.add("server unwrap: " + u + " produced=" + u.produced + " inboundDone=" + p.server.isInboundDone()
                + " outboundDone=" + p.server.isOutboundDone());
        if (p.server.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            Step sw = p.wrap(p.server, EnginePair.EMPTY);
            seen.add("server wrap: " + sw + " produced>0=" + (sw.produced > 0) + " outboundDone="
                    + p.server.isOutboundDone());
            Step cu = p.unwrap(p.client, ByteBuffer.allocate(p.client.getSession().getApplicationBufferSize()));
            seen.add("client unwrap: " + cu + " inboundDone=" + p.client.isInboundDone());
        } else {
            // TLS 1.3 half-close: the server may still send, and the client still receive
            Step data = p.wrap(p.server, ByteBuffer.wrap("after your close".getBytes(StandardCharsets.US_ASCII)));
            seen.add("server wrap data: " + data + " consumed=" + data.consumed);
            ByteBuffer dst = ByteBuffer.allocate(p.client.getSession().getApplicationBufferSize());
            Step cu = p.unwrap(p.client, dst);
            seen.add("client unwrap data: " + cu + " '" + new String(dst.array(), 0, dst.position(),
                    StandardCharsets.US_ASCII) + "'");
            p.server.closeOutbound();
            Step sw = p.wrap(p.server, EnginePair.EMPTY);
            seen.add("server closeOutbound, wrap: " + sw + " produced>0=" + (sw.produced > 0) + " outboundDone="
                    + p.server.isOutboundDone());
            Step cc = p.unwrap(p.client, ByteBuffer.allocate(p.client.getSession().getApplicationBufferSize()));
            seen.add("client unwrap: " + cc + " inboundDone=" + p.client.isInboundDone());
        }
        // a wrap after the close produces nothing
        Step again = p.wrap(p.client, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        seen.add("client wrap after close: " + again.status + " consumed=" + again.consumed + " produced="
                + again.produced);
        return seen;
    }
}
