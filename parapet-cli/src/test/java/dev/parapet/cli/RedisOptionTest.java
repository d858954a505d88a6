package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.redis.RedisSessionStore;
import dev.parapet.tls.TlsServerConfig;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** {@code parapet server --redis URI}: a bad URI is a usage error that never echoes a password. */
class RedisOptionTest {
    private final Capture out = new Capture();
    private final Capture err = new Capture();
    private final Io io = new Io(new ByteArrayInputStream(new byte[0]), out.printStream(), err.printStream());

    private ServerCommand server(String... args) {
        return (ServerCommand) Main.commandLine(io).parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static dev.parapet.tls.x509.CertifiedKey leaf;

    @BeforeAll
    static void leaf() throws Exception {
        leaf = ThrowawayCa.create("test CA").leaf();
    }

    private TlsServerConfig config(ServerCommand s) {
        return s.config(List.of(leaf));
    }

    @Test
    void aUriThatIsNotRedisIsAUsageError() {
        for (String uri : List.of("http://127.0.0.1:6379", "redis://", "127.0.0.1:6379", "redis://h:1/x",
                "redis://user:s3cret@h:1/notadb", "redis://user:s3cret@[bad")) {
            ParameterException e = assertThrows(ParameterException.class, () -> config(server("server", "--redis",
                    uri)), uri);
            assertTrue(e.getMessage().startsWith("--redis: "), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void aRedisThatDoesNotAnswerStillMakesAServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing answers there
        }
        TlsServerConfig config = config(server("server", "--redis", "redis://:s3cret@127.0.0.1:" + port + "/2"));
        RedisSessionStore store = assertInstanceOf(RedisSessionStore.class, config.sessionStore());
        try {
            assertFalse(store.ticketKeys().shared());
            assertTrue(store.where().equals("redis://127.0.0.1:" + port + "/2"), store.where());
            assertFalse(store.toString().contains("s3cret"));
        } finally {
            store.close();
        }
    }
}
