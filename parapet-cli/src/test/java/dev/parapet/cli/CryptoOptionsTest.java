package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CryptoProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.ParseResult;

/** {@code --jca} reaches the configs of client, server and demo; without it the default is Parapet's provider. */
@Timeout(60)
class CryptoOptionsTest {
    private final Io io = new Io(new ByteArrayInputStream(new byte[0]), new Capture().printStream(),
            new Capture().printStream());

    private <T> T parse(Class<T> type, String... args) {
        ParseResult result = Main.commandLine(io).parseArgs(args);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    @Test
    void clientConfig() {
        assertSame(CryptoProvider.jca(), parse(ClientCommand.class, "client", "--jca", "example.com:443").config()
                .cryptoProvider());
        assertSame(CryptoProvider.parapet(), parse(ClientCommand.class, "client", "example.com:443").config()
                .cryptoProvider());
    }

    @Test
    void serverConfig() throws Exception {
        List<dev.parapet.tls.x509.CertifiedKey> keys = List.of(ThrowawayCa.create("test CA", ThrowawayCa.KeyType.EC)
                .leaf());
        assertSame(CryptoProvider.jca(), parse(ServerCommand.class, "server", "--jca").config(keys)
                .cryptoProvider());
        assertSame(CryptoProvider.parapet(), parse(ServerCommand.class, "server").config(keys).cryptoProvider());
    }

    /** The demo's handshake runs under the JCA with --jca, and says so. */
    @Test
    void demoWithJca() throws Exception {
        Capture out = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), new Capture().printStream()),
                "demo", "--jca");
        assertEquals(0, exit, out.text());
        out.await("^crypto: the JDK's \\(JCA\\) for every primitive \\(--jca\\)", 0);
        out.await("^client <<< application data: \"hello from the server\"", 0);
        assertTrue(parse(DemoCommand.class, "demo", "--jca").crypto.jca);
    }

    @Test
    void demoByDefault() throws Exception {
        Capture out = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), new Capture().printStream()),
                "demo");
        assertEquals(0, exit, out.text());
        out.await("^crypto: Parapet's where faster on Java \\d+ \\(X25519, P-256, Ed25519: Parapet's; ChaCha20-Poly1305: ", 0);
    }
}
