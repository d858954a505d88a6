package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ArgumentParsingTest {
    private final Capture out = new Capture();
    private final Capture err = new Capture();
    private final Io io = new Io(new ByteArrayInputStream(new byte[0]), out.printStream(), err.printStream());

    private <T> T parse(Class<T> type, String... args) {
        ParseResult result = Main.commandLine(io).parseArgs(args);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    @Test
    void certAndKeyPairUpInOrder() {
        ServerCommand s = parse(ServerCommand.class, "server", "--cert", "a.pem", "--key", "a.key",
                "--cert", "b.pem", "--key", "b.key");
        assertEquals(2, s.certs.size());
        assertEquals(Path.of("a.pem"), s.certs.get(0).cert);
        assertEquals(Path.of("a.key"), s.certs.get(0).key);
        assertEquals(Path.of("b.pem"), s.certs.get(1).cert);
        assertEquals(Path.of("b.key"), s.certs.get(1).key);
    }

    @Test
    void keyBeforeCertStillPairs() {
        ServerCommand s = parse(ServerCommand.class, "server", "--key", "a.key", "--cert", "a.pem");
        assertEquals(Path.of("a.pem"), s.certs.get(0).cert);
        assertEquals(Path.of("a.key"), s.certs.get(0).key);
    }

    @Test
    void certWithoutKeyIsAUsageError() {
        assertEquals(2, Main.run(io, "server", "--cert", "a.pem", "--key", "a.key", "--cert", "b.pem"));
        assertTrue(err.text().contains("--key"), err.text());
        assertTrue(err.text().startsWith("parapet: "), err.text());
    }

    @Test
    void serverDefaults() {
        ServerCommand s = parse(ServerCommand.class, "server");
        assertEquals(8443, s.port);
        assertEquals("127.0.0.1", s.bind);
        assertTrue(s.certs.isEmpty());
        assertTrue(s.alpn.isEmpty());
        assertFalse(s.echo);
        assertFalse(s.verbose);
    }

    @Test
    void alpnIsACommaList() {
        ServerCommand s = parse(ServerCommand.class, "server", "--alpn", "h2,http/1.1", "--echo", "-v", "-p", "0");
        assertEquals(List.of("h2", "http/1.1"), s.alpn);
        assertTrue(s.echo);
        assertTrue(s.verbose);
        assertEquals(0, s.port);
        ClientCommand c = parse(ClientCommand.class, "client", "h:1", "--alpn", "http/1.1", "--alpn", "h2");
        assertEquals(List.of("http/1.1", "h2"), c.alpn);
    }

    @Test
    void clientOptions() {
        ClientCommand c = parse(ClientCommand.class, "client", "[::1]:8443", "--servername", "example.com",
                "--cafile", "ca.pem", "--groups", "x25519,P-256", "--ciphersuites",
                "TLS_AES_128_GCM_SHA256:tls_chacha20_poly1305_sha256", "-v");
        assertEquals(new HostPort("::1", 8443), c.target);
        assertEquals("example.com", c.serverName);
        assertEquals(Path.of("ca.pem"), c.caFile);
        assertEquals(List.of(NamedGroup.X25519, NamedGroup.SECP256R1), c.groups);
        assertEquals(List.of(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_CHACHA20_POLY1305_SHA256), c.suites);
        assertTrue(c.verbose);
    }

    @Test
    void badValuesAreUsageErrors() {
        assertEquals(2, Main.run(io, "client", "h:1", "--groups", "x448"));
        assertEquals(2, Main.run(io, "client", "h:1", "--ciphersuites", "TLS_RSA_WITH_RC4_128_MD5"));
        assertEquals(2, Main.run(io, "client", "::1:443"));
        assertEquals(2, Main.run(io, "client"));
        assertEquals(2, Main.run(io, "client", "h:1", "--insecure", "--cafile", "ca.pem"));
        assertEquals(2, Main.run(io, "server", "--port", "70000"));
        assertEquals(2, Main.run(io, "nonsense"));
        assertEquals(2, Main.run(io));
        assertTrue(err.text().contains("IPv6"), err.text());
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, Main.run(io, "--help"));
        assertEquals(0, Main.run(io, "--version"));
        assertEquals(0, Main.run(io, "client", "--help"));
        assertTrue(out.text().contains("parapet"), out.text());
        assertTrue(out.text().contains("HOST:PORT"), out.text());
    }

    @Test
    void hostPortForms() {
        assertEquals(new HostPort("example.com", 443), HostPort.parse("example.com:443"));
        assertEquals(new HostPort("example.com", 443), HostPort.parse("example.com"));
        assertEquals(new HostPort("127.0.0.1", 8443), HostPort.parse("127.0.0.1:8443"));
        assertEquals(new HostPort("::1", 443), HostPort.parse("[::1]:443"));
        assertEquals(new HostPort("::1", 443), HostPort.parse("[::1]"));
        assertEquals(new HostPort("fe80::1%eth0", 8443), HostPort.parse("[fe80::1%eth0]:8443"));
        assertEquals("[::1]:443", HostPort.parse("[::1]:443").toString());
        assertEquals("a.example:1", HostPort.parse("a.example:1").toString());
        for (String bad : new String[] {"", ":443", "host:", "host:x", "host:0", "host:65536", "[::1", "[::1]443",
                "::1", "[host]:1", "[]:1"}) {
            assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
        }
    }

    @Test
    void parseErrorNamesTheSubcommand() {
        CommandLine cl = Main.commandLine(io);
        assertEquals(2, cl.execute("client", "--bogus"));
        assertTrue(err.text().contains("parapet client --help"), err.text());
    }
}
