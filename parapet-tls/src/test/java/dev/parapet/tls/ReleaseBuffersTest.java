package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TlsConnection.releaseBuffers: an idle connection drops its record buffers and works on as before. */
class ReleaseBuffersTest {
    @Test
    void connectionWorksAfterReleasingBuffersAtEveryPause() throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        for (ProtocolVersion version : new ProtocolVersion[] {ProtocolVersion.TLS13, ProtocolVersion.TLS12}) {
            TlsConnection c = TlsConnection.client(TlsClientConfig.builder().versions(version)
                    .certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors())).build(), "server.test");
            TlsConnection s = TlsConnection.server(TlsServerConfig.builder()
                    .certificate(pki.issue(KeyType.ECDSA_P256, "server.test")).build());
            c.releaseBuffers();
            s.releaseBuffers();
            MemoryPipe pipe = new MemoryPipe(c, s);
            pipe.handshake();
            byte[] data = new byte[40_000];
            new Random(2).nextBytes(data);
            for (int round = 0; round < 3; round++) {
                c.releaseBuffers();
                s.releaseBuffers();
                assertArrayEquals(data, pipe.transfer(c, s, data));
                s.releaseBuffers();
                assertArrayEquals(data, pipe.transfer(s, c, data));
            }
            c.closeOutbound();
            c.releaseBuffers(); // close_notify is pending: kept
            pipe.pump();
            assertEquals(-1, s.read(ByteBuffer.allocate(1)), version + ": close_notify arrived");
        }
    }

    @Test
    void pendingPlaintextIsKept() throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        TlsConnection c = TlsConnection.client(TlsClientConfig.builder()
                .certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors())).build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder()
                .certificate(pki.issue(KeyType.ECDSA_P256, "server.test")).build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        c.write(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        pipe.pump(); // decrypted on the server, not yet read
        s.releaseBuffers();
        ByteBuffer got = ByteBuffer.allocate(16);
        s.read(got);
        assertEquals("hello", new String(got.array(), 0, got.position(), java.nio.charset.StandardCharsets.US_ASCII));
    }
}
