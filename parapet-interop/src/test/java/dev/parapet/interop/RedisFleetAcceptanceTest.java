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
@Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisFleetAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration START = Duration.ofSeconds(40);

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

    /**
     * {@code parapet server --port P --cert --key --redis URI [extra]}, started once it says it listens. A JVM that
     * loads the Redis client on a busy machine may take longer than {@link PeerProcess#START_DEADLINE}, so this waits
     * up to {@link #START}; a port taken meanwhile (the server exits at once) is retried with another.
     */
    private static Server parapetServer(String redisUri, String... extra) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = PeerProcess.freePort();
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "server", "--port", Integer.toString(port), "--cert", chainAndKey[0].toString(),
                    "--key", chainAndKey[1].toString(), "--redis", redisUri));
            cmd.addAll(List.of(extra));
            PeerProcess server = PeerProcess.start(tmp, cmd);
            try {
                server.awaitOutput("listening on 127.0.0.1:" + port + " (HTTP/1.x)", START);
                return new Server(server, port);
            } catch (AssertionError e) {
                last = e;
                boolean exited = !server.isAlive();
                server.close();
                if (!exited) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** A started {@code parapet server} and its port. */
    record Server(PeerProcess process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
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
            try (Server a = parapetServer(uri); Server b = parapetServer(uri)) {
                for (Server server : List.of(a, b)) {
                    assertTrue(server.process().stdout().contains("session store: " + uri + " (ticket keys shared)"),
                            server.process().describe());
                }
                String first = sClient(a.port(), "-sess_out", session.toString());
                assertTrue(first.contains("New, TLSv1.3, Cipher is "), first);
                assertTrue(Files.size(session) > 0, "s_client wrote no session: no ticket arrived\n" + first);
                a.process().awaitOutput("resumed=no", WAIT);

                String second = sClient(b.port(), "-sess_in", session.toString());
                assertTrue(second.contains("Reused, TLSv1.3, Cipher is "), second + "\n" + b.process().describe());
                b.process().awaitOutput("resumed=yes", WAIT);
                assertFalse(b.process().stdout().contains("resumed=no"), b.process().describe());
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
            try (Server a = parapetServer(uri, "--early-data", "16384");
                 Server b = parapetServer(uri, "--early-data", "16384")) {
                sClient(a.port(), "-sess_out", session.toString());
                String first = sClient(a.port(), "-sess_in", session.toString(), "-early_data", request.toString());
                assertTrue(first.contains("Reused, TLSv1.3"), first);
                assertTrue(first.contains("Early data was accepted"), first);
                // s_client replays the very same ticket (-sess_in was not rewritten) at the other server
                String replay = sClient(b.port(), "-sess_in", session.toString(), "-early_data", request.toString());
                assertTrue(replay.contains("Reused, TLSv1.3"), replay);
                assertTrue(replay.contains("Early data was rejected"), replay + "\n" + b.process().describe());
            }
        }
    }

    @Test
    void aServerWithoutTheRedisMakesAFullHandshake() throws Exception {
        Path session = tmp.resolve("lone-session.pem");
        try (PeerProcess redis = redis()) {
            String uri = "redis://127.0.0.1:" + redis.port();
            try (Server a = parapetServer(uri); Server other = parapetServer(uri + "/1")) {
                sClient(a.port(), "-sess_out", session.toString());
                String second = sClient(other.port(), "-sess_in", session.toString());
                assertTrue(second.contains("New, TLSv1.3, Cipher is "), second);
                other.process().awaitOutput("resumed=no", WAIT);
            }
        }
    }
}
