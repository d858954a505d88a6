package dev.parapet.tls.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection fuzz targets reach deep only if their seeds replay: each recorded OpenSSL flight, unmutated, must
 * take the deterministic Parapet endpoint through a whole handshake, without a failure.
 */
class ReplayTest {

    static Stream<Path> clientSeeds() throws Exception {
        return seeds("client");
    }

    static Stream<Path> serverSeeds() throws Exception {
        return seeds("server");
    }

    @ParameterizedTest
    @MethodSource("clientSeeds")
    void clientSeedCompletesTheHandshake(Path seed) throws IOException {
        assertCompletes(Replay.client(), seed);
    }

    @ParameterizedTest
    @MethodSource("serverSeeds")
    void serverSeedCompletesTheHandshake(Path seed) throws IOException {
        assertCompletes(Replay.server(), seed);
    }

    private static void assertCompletes(Replay replay, Path seed) throws IOException {
        replay.run(Flight.parse(Files.readAllBytes(seed)));
        assertNull(replay.connection().failure(), "replaying " + seed.getFileName() + " failed");
        assertNotNull(replay.connection().session(), "the handshake of " + seed.getFileName() + " did not complete");
        assertFalse(replay.connection().isHandshaking());
    }

    private static Stream<Path> seeds(String method) throws IOException, URISyntaxException {
        String target = method.equals("client") ? "ClientConnectionFuzzTestInputs/" : "ServerConnectionFuzzTestInputs/";
        Path dir = Path.of(ReplayTest.class.getResource(target + method).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.sorted().toList();
            if (list.size() < 3) {
                throw new AssertionError("expected the recorded seeds in " + dir);
            }
            return list.stream();
        }
    }
}
