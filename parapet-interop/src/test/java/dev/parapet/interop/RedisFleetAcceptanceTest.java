package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's fleet acceptance, as users run it: a real {@code redis-server} on 127.0.0.1, two
 * {@code parapet server --redis redis://127.0.0.1:PORT} processes (the shaded CLI jar) with one certificate, and
 * {@code openssl s_client -sess_out} against the first then {@code -sess_in} against the second, which must say
 * {@code Reused} (and the second server {@code resumed=yes}). Missing binaries fail; every process is killed.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisFleetAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;
    static String redisServer;
    static Path jar;

    @BeforeAll
    static void setUp() throws Exception {
        openssl = PeerProcess.requireBinary("openssl");
        redisServer = PeerProcess.requireBinary("redis-server");
        jar = CliAcceptanceTest.requireJar();
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    private static PeerProcess redis() throws Exception {
        return PeerProcess.startServer(tmp, port -> List.of(redisServer, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmp.toString()));
    }

    /** {@code parapet server --port P --cert --key --redis URI [extra]}, started once it says it listens. */
    private static PeerProcess parapetServer(String redisUri, String... extra) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        return PeerProcess.startServer(tmp, port -> {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "server", "--port", Integer.toString(port), "--cert", chainAndKey[0].toString(),
                    "--key", chainAndKey[1].toString(), "--redis", redisUri));
            cmd.addAll(List.of(extra));
            return cmd;
        }, port -> "listening on 127.0.0.1:" + port + " (HTTP/1.x)");
    }

    /** s_client GET / in TLS 1.3, reading until the server closes (so the tickets arrive). */
    private static String sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST, "-verify_hostname", Fixtures.HOST,
                "-ign_eof"));
        cmd.addAll(List.of(extra));
        try (PeerProcess client = PeerProcess.start(tmp, cmd)) {
            client.send(ParapetClient.REQUEST);
            client.closeStdin();
            assertEquals(0, client.awaitExit(WAIT), client.describe());
            return client.output();
        }
    }

    @Test
    void twoServersSharingARedisResumeEachOthersSessions() throws Exception {
        Path session = tmp.resolve("fleet-session.pem");
        try (PeerProcess redis = redis()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            try (PeerProcess a = parapetServer(uri); PeerProcess b = parapetServer(uri)) {
                for (PeerProcess server : List.of(a, b)) {
                    assertTrue(server.stdout().contains("session store: " + uri + " (ticket keys shared)"),
                            server.describe());
                }
                String first = sClient(a.port(), "-sess_out", session.toString());
                assertTrue(first.contains("New, TLSv1.3, Cipher is "), first);
                assertTrue(Files.size(session) > 0, "s_client wrote no session: no ticket arrived\n" + first);
                a.awaitOutput("resumed=no", WAIT);

                String second = sClient(b.port(), "-sess_in", session.toString());
                assertTrue(second.contains("Reused, TLSv1.3, Cipher is "), second + "\n" + b.describe());
                b.awaitOutput("resumed=yes", WAIT);
                assertFalse(b.stdout().contains("resumed=no"), b.describe());
            }
        }
    }

    @Test
    void aReplayed0RttTicketGetsNoEarlyDataFromTheOtherServer() throws Exception {
        Path session = tmp.resolve("early-session.pem");
        Path request = tmp.resolve("early-request.txt");
        Files.writeString(request, ParapetClient.REQUEST);
        try (PeerProcess redis = redis()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            try (PeerProcess a = parapetServer(uri, "--early-data", "16384");
                 PeerProcess b = parapetServer(uri, "--early-data", "16384")) {
                sClient(a.port(), "-sess_out", session.toString());
                String first = sClient(a.port(), "-sess_in", session.toString(), "-early_data", request.toString());
                assertTrue(first.contains("Reused, TLSv1.3"), first);
                assertTrue(first.contains("Early data was accepted"), first);
                // s_client replays the very same ticket (-sess_in was not rewritten) at the other server
                String replay = sClient(b.port(), "-sess_in", session.toString(), "-early_data", request.toString());
                assertTrue(replay.contains("Reused, TLSv1.3"), replay);
                assertTrue(replay.contains("Early data was rejected"), replay + "\n" + b.describe());
            }
        }
    }

    @Test
    void aServerWithoutTheRedisMakesAFullHandshake() throws Exception {
        Path session = tmp.resolve("lone-session.pem");
        try (PeerProcess redis = redis()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            try (PeerProcess a = parapetServer(uri); PeerProcess other = parapetServer(uri + "/1")) {
                sClient(a.port(), "-sess_out", session.toString());
                String second = sClient(other.port(), "-sess_in", session.toString());
                assertTrue(second.contains("New, TLSv1.3, Cipher is "), second);
                other.awaitOutput("resumed=no", WAIT);
            }
        }
    }
}
