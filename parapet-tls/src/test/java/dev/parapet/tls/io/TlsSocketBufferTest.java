package dev.parapet.tls.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.record.RecordBufferPool;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** TlsSocket borrows its network buffers from the config's pool: data intact, every buffer back once idle. */
class TlsSocketBufferTest {
    @Test
    void echoOverLoopbackKeepsDataIntactAndGivesBuffersBack() throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        RecordBufferPool pool = new RecordBufferPool(16);
        TlsServerConfig sc = TlsServerConfig.builder().certificate(pki.issue(KeyType.ECDSA_P256, "localhost"))
                .recordBufferPool(pool).build();
        TlsClientConfig cc = TlsClientConfig.builder().recordBufferPool(pool)
                .certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors())).build();
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        try (TlsServerSocket server = TlsServerSocket.bind(InetAddress.getLoopbackAddress(), 0, sc)) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (TlsSocket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[7000];
                    int total = 0;
                    while (total < data.length) {
                        int n = in.read(buf);
                        out.write(buf, 0, n);
                        total += n;
                    }
                    out.flush();
                    in.read(); // waits, holding no buffer, until the client closes
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (TlsSocket c = TlsSocket.connect("localhost", server.getLocalPort(), cc, Duration.ofSeconds(20))) {
                c.setSoTimeout(20_000);
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        c.getOutputStream().write(data);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                byte[] got = new byte[data.length];
                new DataInputStream(c.getInputStream()).readFully(got);
                writer.get();
                assertArrayEquals(data, got);
                // both ends idle (the server blocked in a read): every buffer they borrowed is free again
                for (int i = 0; i < 100 && pool.freeBuffers() != pool.allocations(); i++) {
                    Thread.sleep(50); // the server's last write may still be returning its buffer
                }
                assertEquals(pool.allocations(), pool.freeBuffers());
            }
            echo.get();
        }
    }
}
