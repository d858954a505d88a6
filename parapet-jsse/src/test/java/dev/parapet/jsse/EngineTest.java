package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Engine pairs in memory: Parapet with Parapet, and Parapet with SunJSSE on either side. */
class EngineTest {
    @ParameterizedTest(name = "{0} client, {1} server, {2}")
    @CsvSource({
            "Parapet, Parapet, TLSv1.3", "Parapet, Parapet, TLSv1.2",
            "Parapet, SunJSSE, TLSv1.3", "Parapet, SunJSSE, TLSv1.2",
            "SunJSSE, Parapet, TLSv1.3", "SunJSSE, Parapet, TLSv1.2"})
    void handshakeAlpnSniAndData(String clientProvider, String serverProvider, String protocol) throws Exception {
        SSLEngine client = Jsse.client(Jsse.context(clientProvider, "TLS"), "server.test");
        SSLEngine server = Jsse.server(Jsse.context(serverProvider, "TLS"));
        SSLParameters cp = client.getSSLParameters();
        cp.setProtocols(new String[] {protocol});
        cp.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        cp.setServerNames(List.of(new SNIHostName("server.test")));
        cp.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(cp);
        SSLParameters sp = server.getSSLParameters();
        sp.setApplicationProtocols(new String[] {"http/1.1", "h2"});
        server.setSSLParameters(sp);

        Jsse.Pump pump = new Jsse.Pump(client, server).handshake();

        assertEquals(1, Collections.frequency(pump.clientStatuses, HandshakeStatus.FINISHED), "client");
        assertEquals(1, Collections.frequency(pump.serverStatuses, HandshakeStatus.FINISHED), "server");
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, client.getHandshakeStatus());
        SSLSession cs = client.getSession();
        assertEquals(protocol, cs.getProtocol());
        assertEquals(protocol, server.getSession().getProtocol());
        assertEquals(cs.getCipherSuite(), server.getSession().getCipherSuite());
        assertEquals("http/1.1", client.getApplicationProtocol());
        assertEquals("http/1.1", server.getApplicationProtocol());
        assertEquals(Jsse.SERVER.leaf(), cs.getPeerCertificates()[0]);
        assertEquals(List.of(new SNIHostName("server.test")),
                ((ExtendedSSLSession) server.getSession()).getRequestedServerNames());
        assertTrue(cs.isValid());

        byte[] request = "GET / HTTP/1.1\r\n\r\n".getBytes();
        assertArrayEquals(request, Jsse.transfer(client, server, pump.c2s, request));
        byte[] big = new byte[100_000];
        new Random(1).nextBytes(big);
        assertArrayEquals(big, Jsse.transfer(server, client, pump.s2c, big));
    }

    @ParameterizedTest
    @CsvSource({"TLS, TLSv1.3", "TLSv1.3, TLSv1.3", "TLSv1.2, TLSv1.2"})
    void contextNameSetsTheClientDefault(String contextName, String negotiated) throws Exception {
        SSLContext ctx = Jsse.context("Parapet", contextName);
        SSLEngine client = Jsse.client(ctx, "localhost");
        SSLEngine server = Jsse.server(ctx);
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, server.getEnabledProtocols());
        new Jsse.Pump(client, server).handshake();
        assertEquals(negotiated, client.getSession().getProtocol());
    }

    @ParameterizedTest
    @CsvSource({"Parapet", "SunJSSE"})
    void statusSequenceBeforeAndAfter(String provider) throws Exception {
        SSLEngine client = Jsse.client(Jsse.context(provider, "TLS"), "localhost");
        SSLSession before = client.getSession();
        assertEquals("NONE", before.getProtocol());
        assertEquals("SSL_NULL_WITH_NULL_NULL", before.getCipherSuite());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, client.getHandshakeStatus());
        assertNull(client.getHandshakeSession());
        client.beginHandshake();
        assertEquals(HandshakeStatus.NEED_WRAP, client.getHandshakeStatus());
        assertTrue(before.getApplicationBufferSize() >= 16384);
        assertTrue(before.getPacketBufferSize() >= 16709);
        ByteBuffer out = ByteBuffer.allocate(before.getPacketBufferSize());
        assertEquals(HandshakeStatus.NEED_UNWRAP, client.wrap(ByteBuffer.allocate(0), out).getHandshakeStatus());
    }
}
