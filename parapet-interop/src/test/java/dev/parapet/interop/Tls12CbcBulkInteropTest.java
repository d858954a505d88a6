package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.io.TlsSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many TLS 1.2 CBC records in a row both ways against gnutls-serv's echo mode: the Parapet client's records (one
 * Cipher chaining across records, the explicit IV from a random block, RFC 4346 6.2.3.2 (2)(b)) must open in GnuTLS
 * and GnuTLS's (a fresh IV each) in Parapet, record after record, with encrypt_then_mac and without, from 1-byte
 * records to full 2^14-byte ones. The connection goes idle between exchanges, so the record protections also give
 * their Cipher back to the pool and borrow one again.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Tls12CbcBulkInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int[] SIZES = {1, 15, 16, 17, 31, 100, 1000, 4096, 16384, 16385, 40000, 3};

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String gnutlsServ;

    @BeforeAll
    static void setUp() {
        gnutlsServ = PeerProcess.requireBinary("gnutls-serv");
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    static Stream<Arguments> cases() {
        return Stream.of(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
                        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
                        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384)
                .flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
    }

    @ParameterizedTest(name = "Parapet client, gnutls-serv --echo: {0} no_etm={1}")
    @MethodSource("cases")
    void manyRecordsEchoBack(CipherSuite suite, boolean noEtm) throws Exception {
        Path[] chainAndKey = fx.chainAndKeyForGnutls(Tls12Names.keyTypeFor(suite));
        String priority = Tls12Names.gnutlsPriority(suite) + (noEtm ? ":%NO_ETM" : "");
        try (PeerProcess server = PeerProcess.startServer(fx.dir(), port -> List.of(gnutlsServ, "--echo",
                "-p", Integer.toString(port), "--x509certfile", chainAndKey[0].toString(),
                "--x509keyfile", chainAndKey[1].toString(), "--priority", priority, "--disable-client-cert"));
             TlsSocket socket = TlsSocket.connect(Fixtures.HOST, server.port(),
                     fx.client().versions(ProtocolVersion.TLS12).cipherSuites(suite).build(),
                     ParapetClient.CONNECT_TIMEOUT)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            Tls12OpensslInteropTest.assertSession(socket.session(), suite, !noEtm);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Random r = new Random(suite.ordinal() * 2L + (noEtm ? 1 : 0));
            long total = 0;
            for (int round = 0; round < 4; round++) {
                for (int size : SIZES) {
                    byte[] sent = text(r, size);
                    out.write(sent);
                    out.flush();
                    assertArrayEquals(sent, readFully(in, size), suite + " round " + round + " size " + size
                            + "\n" + server.describe());
                    total += size;
                }
            }
            assertTrue(total > 200_000, "bytes echoed: " + total);
            assertEquals(suite, socket.session().cipherSuite());
        }
    }

    /** Lines of printable bytes ending in LF (the echo server answers whole lines; no CR, which it drops). */
    private static byte[] text(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 61 == 60 || i == n - 1 ? '\n' : ' ' + 1 + r.nextInt(94));
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int k = in.read(b, got, n - got);
            if (k < 0) {
                throw new EOFException("echo ended after " + got + " of " + n + " bytes");
            }
            got += k;
        }
        return b;
    }
}
