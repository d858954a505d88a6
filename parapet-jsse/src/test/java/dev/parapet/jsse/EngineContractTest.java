package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSLEngine contract, checked on Parapet and, where both must agree, on SunJSSE too. */
class EngineContractTest {
    private static Jsse.Pump connected(String provider, String protocol) throws Exception {
        SSLContext ctx = Jsse.context(provider, "TLS");
        SSLEngine client = Jsse.client(ctx, "localhost");
        client.setEnabledProtocols(new String[] {protocol});
        return new Jsse.Pump(client, Jsse.server(ctx)).handshake();
    }

    @ParameterizedTest
    @CsvSource({"Parapet, TLSv1.3", "Parapet, TLSv1.2", "SunJSSE, TLSv1.3", "SunJSSE, TLSv1.2"})
    void underflowAndOverflowConsumeNothing(String provider, String protocol) throws Exception {
        Jsse.Pump p = connected(provider, protocol);
        drain(p.client, p.s2c); // e.g. SunJSSE's NewSessionTicket
        ByteBuffer net = ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        assertEquals(Status.BUFFER_OVERFLOW, p.client.wrap(ByteBuffer.wrap(new byte[100]),
                ByteBuffer.allocate(1000)).getStatus());
        SSLEngineResult w = p.client.wrap(ByteBuffer.wrap(new byte[100]), net);
        assertEquals(Status.OK, w.getStatus());
        assertEquals(100, w.bytesConsumed());
        net.flip();

        ByteBuffer partial = net.duplicate();
        partial.limit(3);
        SSLEngineResult u = p.server.unwrap(partial, ByteBuffer.allocate(20000));
        assertEquals(Status.BUFFER_UNDERFLOW, u.getStatus());
        partial.limit(net.limit() - 1);
        assertEquals(Status.BUFFER_UNDERFLOW, p.server.unwrap(partial, ByteBuffer.allocate(20000)).getStatus());
        assertEquals(0, partial.position());

        u = p.server.unwrap(net, ByteBuffer.allocate(50));
        assertEquals(Status.BUFFER_OVERFLOW, u.getStatus());
        assertEquals(0, u.bytesConsumed());
        assertEquals(0, net.position());

        ByteBuffer app = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        u = p.server.unwrap(net, app);
        assertEquals(Status.OK, u.getStatus());
        assertEquals(net.limit(), u.bytesConsumed());
        assertEquals(100, u.bytesProduced());
    }

    @ParameterizedTest
    @CsvSource({"Parapet, TLSv1.3", "Parapet, TLSv1.2", "SunJSSE, TLSv1.3", "SunJSSE, TLSv1.2"})
    void oneRecordPerUnwrap(String provider, String protocol) throws Exception {
        Jsse.Pump p = connected(provider, protocol);
        drain(p.client, p.s2c);
        ByteBuffer net = ByteBuffer.allocate(4 * p.client.getSession().getPacketBufferSize());
        p.client.wrap(ByteBuffer.wrap(new byte[10]), net);
        int first = net.position();
        p.client.wrap(ByteBuffer.wrap(new byte[10]), net);
        net.flip();
        SSLEngineResult u = p.server.unwrap(net, ByteBuffer.allocate(20000));
        assertEquals(first, u.bytesConsumed());
        assertEquals(10, u.bytesProduced());
    }

    @ParameterizedTest
    @CsvSource({"Parapet, TLSv1.3", "Parapet, TLSv1.2", "SunJSSE, TLSv1.3", "SunJSSE, TLSv1.2"})
    void closeHandshake(String provider, String protocol) throws Exception {
        Jsse.Pump p = connected(provider, protocol);
        drain(p.client, p.s2c);
        p.client.closeOutbound();
        assertEquals(HandshakeStatus.NEED_WRAP, p.client.getHandshakeStatus());
        assertFalse(p.client.isOutboundDone());
        ByteBuffer net = ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        SSLEngineResult w = p.client.wrap(ByteBuffer.allocate(0), net);
        assertEquals(Status.CLOSED, w.getStatus());
        assertTrue(w.bytesProduced() > 0);
        assertTrue(p.client.isOutboundDone());
        assertEquals(Status.CLOSED, p.client.wrap(ByteBuffer.allocate(0), net).getStatus());
        net.flip();
        SSLEngineResult u = p.server.unwrap(net, ByteBuffer.allocate(20000));
        assertEquals(Status.CLOSED, u.getStatus());
        assertTrue(p.server.isInboundDone());
        // TLS 1.2: the server answers with its own close_notify. TLS 1.3: SunJSSE (without
        // jdk.tls.acknowledgeCloseNotify) half-closes and may still write; Parapet answers, as in TLS 1.2
        boolean answers = protocol.equals("TLSv1.2") || provider.equals("Parapet");
        assertEquals(answers ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NOT_HANDSHAKING,
                p.server.getHandshakeStatus());
        if (answers) {
            ByteBuffer answer = ByteBuffer.allocate(p.server.getSession().getPacketBufferSize());
            SSLEngineResult sw = p.server.wrap(ByteBuffer.allocate(0), answer);
            assertEquals(Status.CLOSED, sw.getStatus());
            assertTrue(sw.bytesProduced() > 0);
            assertTrue(p.server.isOutboundDone());
            answer.flip();
            assertEquals(Status.CLOSED, p.client.unwrap(answer, ByteBuffer.allocate(20000)).getStatus());
            assertTrue(p.client.isInboundDone());
        }
        p.server.closeInbound(); // after close_notify: no exception
    }

    @ParameterizedTest
    @ValueSource(strings = {"Parapet", "SunJSSE"})
    void closeInboundWithoutCloseNotify(String provider) throws Exception {
        Jsse.Pump p = connected(provider, "TLSv1.3");
        SSLException e = assertThrows(SSLException.class, p.server::closeInbound);
        assertEquals("closing inbound before receiving peer's close_notify", e.getMessage());
        assertTrue(p.server.isInboundDone());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.server.getHandshakeStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Parapet", "SunJSSE"})
    void closeBeforeHandshake(String provider) throws Exception {
        SSLEngine e = Jsse.client(Jsse.context(provider, "TLS"), "localhost");
        e.closeInbound(); // nothing started: no exception
        e.closeOutbound();
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, e.getHandshakeStatus());
        assertEquals(Status.CLOSED, e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(20000)).getStatus());
        assertTrue(e.isOutboundDone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Parapet", "SunJSSE"})
    void modeRules(String provider) throws Exception {
        SSLContext ctx = Jsse.context(provider, "TLS");
        assertThrows(IllegalStateException.class, () -> ctx.createSSLEngine().beginHandshake());
        SSLEngine e = Jsse.client(ctx, "localhost");
        e.beginHandshake();
        assertThrows(IllegalArgumentException.class, () -> e.setUseClientMode(false));
        assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {"FOO"}));
    }

    /** Non-TLS bytes fail at once (no waiting for the 0x202F bytes "GE" announces), with the core's reason. */
    @Test
    void plainHttpToServerFailsAtOnceWithTheCoresReason() throws Exception {
        SSLEngine server = Jsse.server(Jsse.context("Parapet", "TLS"));
        server.beginHandshake();
        ByteBuffer http = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
        SSLException e = assertThrows(SSLException.class, () -> server.unwrap(http, ByteBuffer.allocate(20000)));
        assertEquals(SSLException.class, e.getClass(), "not the handshake subclass: " + e);
        assertEquals("peer spoke plain HTTP, not TLS", e.getMessage());
        assertInstanceOf(TlsException.class, e.getCause());
        assertEquals(HandshakeStatus.NEED_WRAP, server.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        assertEquals(Status.CLOSED, server.wrap(ByteBuffer.allocate(0), net).getStatus());
        net.flip();
        assertEquals(7, net.remaining());
        assertEquals(21, net.get(0)); // alert: fatal unexpected_message
        assertEquals(10, net.get(6));
        assertTrue(server.isInboundDone());
        assertTrue(server.isOutboundDone());
    }

    /** After the handshake too: a header that is not TLS (here an SSLv2-like one) fails with the core's alert. */
    @Test
    void garbageAfterHandshakeFailsAtOnce() throws Exception {
        Jsse.Pump p = connected("Parapet", "TLSv1.3");
        drain(p.client, p.s2c);
        ByteBuffer junk = ByteBuffer.wrap(new byte[] {23, 4, 0, 0x40, 0});
        SSLException e = assertThrows(SSLException.class, () -> p.client.unwrap(junk, ByteBuffer.allocate(20000)));
        assertEquals(SSLException.class, e.getClass());
        assertTrue(e.getMessage().contains("legacy_record_version 4.0"), e.getMessage());
        assertEquals(HandshakeStatus.NEED_WRAP, p.client.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        SSLEngineResult w = p.client.wrap(ByteBuffer.allocate(0), net);
        assertEquals(Status.CLOSED, w.getStatus());
        assertTrue(w.bytesProduced() > 0);
    }

    @Test
    void untrustedServerFailsWithParapetsReason() throws Exception {
        SSLContext clientCtx = SSLContext.getInstance("TLS", Jsse.PARAPET);
        clientCtx.init(null, null, null); // Parapet's verifier over the JDK's CAs
        SSLEngine client = Jsse.client(clientCtx, "localhost");
        SSLEngine server = Jsse.server(Jsse.context("SunJSSE", "TLS"));
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new Jsse.Pump(client, server).handshake());
        assertTrue(e.getMessage().contains("not a trusted CA"), e.getMessage());
        assertInstanceOf(TlsException.class, e.getCause());
        // the alert goes out on the next wrap, then CLOSED
        assertEquals(HandshakeStatus.NEED_WRAP, client.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        SSLEngineResult w = client.wrap(ByteBuffer.allocate(0), net);
        assertEquals(Status.CLOSED, w.getStatus());
        assertTrue(w.bytesProduced() > 0);
        assertTrue(client.isInboundDone());
        assertTrue(client.isOutboundDone());
        assertFalse(client.getSession().isValid());
    }

    @Test
    void nameMismatchWithHttpsIdentification() throws Exception {
        SSLEngine client = Jsse.client(Jsse.context("Parapet", "TLS"), "other.test");
        var params = client.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(params);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new Jsse.Pump(client, Jsse.server(Jsse.context("Parapet", "TLS"))).handshake());
        assertTrue(e.getMessage().contains("other.test"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void needClientAuthRefusesAClientWithoutCertificate(String protocol) throws Exception {
        SSLEngine client = Jsse.client(Jsse.context("SunJSSE", (dev.parapet.tls.x509.CertifiedKey) null),
                "localhost");
        client.setEnabledProtocols(new String[] {protocol});
        SSLEngine server = Jsse.server(Jsse.context("Parapet", "TLS"));
        server.setNeedClientAuth(true);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new Jsse.Pump(client, server).handshake());
        assertTrue(e.getMessage().contains("client sent no certificate, which this server requires"),
                e.getMessage());
        ByteBuffer net = ByteBuffer.allocate(20000);
        assertEquals(Status.CLOSED, server.wrap(ByteBuffer.allocate(0), net).getStatus());
        net.flip();
        assertThrows(SSLHandshakeException.class, () -> client.unwrap(net, ByteBuffer.allocate(20000)));
    }

    @Test
    void wantClientAuthServesAClientWithoutCertificate() throws Exception {
        SSLEngine client = Jsse.client(Jsse.context("SunJSSE", (dev.parapet.tls.x509.CertifiedKey) null),
                "localhost");
        SSLEngine server = Jsse.server(Jsse.context("Parapet", "TLS"));
        server.setWantClientAuth(true);
        new Jsse.Pump(client, server).handshake();
        assertTrue(server.getSession().isValid());
        assertThrows(javax.net.ssl.SSLPeerUnverifiedException.class, () -> server.getSession().getPeerCertificates());
    }

    @Test
    void applicationProtocolSelectorIsHonoured() throws Exception {
        SSLEngine client = Jsse.client(Jsse.context("SunJSSE", "TLS"), "localhost");
        var params = client.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        client.setSSLParameters(params);
        SSLEngine server = Jsse.server(Jsse.context("Parapet", "TLS"));
        server.setHandshakeApplicationProtocolSelector((engine, offered) -> offered.contains("http/1.1")
                ? "http/1.1" : null);
        new Jsse.Pump(client, server).handshake();
        assertEquals("http/1.1", server.getApplicationProtocol());
        assertEquals("http/1.1", client.getApplicationProtocol());
    }

    /** Unwraps whatever the peer already sent (post-handshake messages). */
    private static void drain(SSLEngine e, ByteBuffer in) throws Exception {
        in.flip();
        ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
        while (in.hasRemaining()) {
            SSLEngineResult r = e.unwrap(in, app);
            Jsse.runTasks(e);
            if (r.bytesConsumed() == 0) {
                break;
            }
        }
        in.compact();
    }
}
