package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsServerConfig;
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
        assertEquals(10_000, s.maxConnections);
        assertEquals(10, s.handshakeTimeoutSeconds);
        assertEquals(30, s.timeoutSeconds);
    }

    @Test
    void serverLimits() {
        ServerCommand s = parse(ServerCommand.class, "server", "--max-connections", "500", "--handshake-timeout", "3",
                "--idle-timeout", "60");
        assertEquals(500, s.maxConnections);
        assertEquals(3, s.handshakeTimeoutSeconds);
        assertEquals(60, s.timeoutSeconds);
        assertEquals(7, parse(ServerCommand.class, "server", "--timeout", "7").timeoutSeconds, "the old name");
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
        assertEquals(List.of(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_CHACHA20_POLY1305_SHA256),
                c.protocols.tls13Suites);
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

    // ---- TLS 1.2: --tls12/--tls13, --ciphers, --ciphersuites, --legacy, --key-type

    private static final List<ProtocolVersion> BOTH = List.of(ProtocolVersion.TLS13, ProtocolVersion.TLS12);

    @Test
    void versionPinning() {
        for (String verb : new String[] {"client", "server"}) {
            String[] target = verb.equals("client") ? new String[] {"h:1"} : new String[0];
            assertEquals(BOTH, options(verb, target).versions(), verb);
            assertEquals(List.of(ProtocolVersion.TLS12), options(verb, target, "--tls12").versions(), verb);
            assertEquals(List.of(ProtocolVersion.TLS13), options(verb, target, "--tls13").versions(), verb);
            assertEquals(BOTH, options(verb, target, "--tls12", "--tls13").versions(), verb);
            assertFalse(options(verb, target).legacy, verb);
            assertTrue(options(verb, target, "--legacy").legacy, verb);
        }
    }

    private ProtocolOptions options(String verb, String[] target, String... more) {
        String[] args = new String[1 + target.length + more.length];
        args[0] = verb;
        System.arraycopy(target, 0, args, 1, target.length);
        System.arraycopy(more, 0, args, 1 + target.length, more.length);
        Object command = parse(Object.class, args);
        return command instanceof ClientCommand c ? c.protocols : ((ServerCommand) command).protocols;
    }

    @Test
    void ciphersTakeOpensslAndIanaNamesSeparatedByColonOrComma() {
        ClientCommand c = parse(ClientCommand.class, "client", "h:1", "--ciphers",
                "ECDHE-ECDSA-AES128-GCM-SHA256:TLS_RSA_WITH_AES_128_GCM_SHA256,aes256-sha", "--ciphers",
                "ECDHE-RSA-CHACHA20-POLY1305");
        assertEquals(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
                CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256), c.protocols.tls12Suites);
        assertTrue(c.protocols.tls13Suites.isEmpty());
    }

    @Test
    void bothListsGiveTheUnionTls13First() {
        ServerCommand s = parse(ServerCommand.class, "server", "--ciphers", "AES128-GCM-SHA256",
                "--ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");
        assertEquals(List.of(CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256), s.protocols.suites(s.spec.commandLine()));
    }

    @Test
    void oneListLeavesTheOtherVersionWithItsDefaults() {
        ClientCommand c = parse(ClientCommand.class, "client", "h:1", "--ciphers", "AES128-SHA");
        List<CipherSuite> expected = new java.util.ArrayList<>(CipherSuite.tls13());
        expected.add(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA);
        assertEquals(expected, c.protocols.suites(c.spec.commandLine()));

        c = parse(ClientCommand.class, "client", "h:1", "--ciphersuites", "TLS_CHACHA20_POLY1305_SHA256");
        List<CipherSuite> suites = c.protocols.suites(c.spec.commandLine());
        assertEquals(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, suites.get(0));
        assertEquals(1, suites.stream().filter(CipherSuite::isTls13).count());
        assertTrue(suites.contains(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), suites.toString());
        assertTrue(suites.stream().noneMatch(CipherSuite::isLegacy), "legacy suites only with --legacy: " + suites);

        c = parse(ClientCommand.class, "client", "h:1", "--ciphersuites", "TLS_AES_128_GCM_SHA256", "--legacy");
        suites = c.protocols.suites(c.spec.commandLine());
        assertTrue(suites.contains(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256), suites.toString());
        assertTrue(suites.contains(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA), suites.toString());

        // pinned: only that version's suites; neither list: the engine's defaults (null)
        c = parse(ClientCommand.class, "client", "h:1", "--tls12", "--ciphers", "AES128-GCM-SHA256");
        assertEquals(List.of(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256), c.protocols.suites(c.spec.commandLine()));
        c = parse(ClientCommand.class, "client", "h:1", "--tls12", "--legacy");
        assertNull(c.protocols.suites(c.spec.commandLine()));
    }

    @Test
    void theConfigsGetVersionsSuitesAndLegacy() throws Exception {
        ClientCommand c = parse(ClientCommand.class, "client", "h:1", "--insecure", "--tls12", "--legacy",
                "--ciphers", "AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA");
        TlsClientConfig cc = c.config();
        assertEquals(List.of(ProtocolVersion.TLS12), cc.versions());
        assertTrue(cc.legacy());
        assertEquals(List.of(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA), cc.cipherSuites());

        c = parse(ClientCommand.class, "client", "h:1", "--insecure");
        cc = c.config();
        assertEquals(BOTH, cc.versions());
        assertFalse(cc.legacy());
        assertTrue(cc.cipherSuites().stream().noneMatch(CipherSuite::isLegacy), cc.cipherSuites().toString());

        ServerCommand s = parse(ServerCommand.class, "server", "--tls13", "--ciphersuites", "TLS_AES_256_GCM_SHA384");
        TlsServerConfig sc = s.config(List.of(ThrowawayCa.create("test CA").leaf()));
        assertEquals(List.of(ProtocolVersion.TLS13), sc.versions());
        assertEquals(List.of(CipherSuite.TLS_AES_256_GCM_SHA384), sc.cipherSuites());
        assertFalse(sc.legacy());

        s = parse(ServerCommand.class, "server", "--legacy");
        sc = s.config(List.of(ThrowawayCa.create("test CA").leaf()));
        assertEquals(BOTH, sc.versions());
        assertTrue(sc.legacy());
        assertTrue(sc.cipherSuites().contains(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256),
                sc.cipherSuites().toString());
    }

    @Test
    void suiteNamesForTheWrongOptionPointToTheRightOne() {
        assertEquals(2, Main.run(io, "client", "h:1", "--ciphersuites", "AES128-GCM-SHA256"));
        assertTrue(err.text().contains("is a TLS 1.2 cipher suite; give TLS 1.2 suites with --ciphers"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "server", "--ciphers", "TLS_AES_128_GCM_SHA256"));
        assertTrue(err.text().contains("is a TLS 1.3 cipher suite; give TLS 1.3 suites with --ciphersuites"),
                err.text());
        assertTrue(err.text().startsWith("parapet: "), err.text());
    }

    @Test
    void unknownSuitesListTheKnownNames() {
        assertEquals(2, Main.run(io, "client", "h:1", "--ciphers", "ECDHE-RSA-RC4-SHA"));
        String text = err.text();
        assertTrue(text.contains("unknown TLS 1.2 cipher suite 'ECDHE-RSA-RC4-SHA'"), text);
        for (CipherSuite s : CipherSuite.tls12()) {
            assertTrue(text.contains(s.opensslName() + " = " + s.name()), s + " not listed:\n" + text);
        }
        err.reset();
        assertEquals(2, Main.run(io, "server", "--ciphersuites", "TLS_AES_128_CCM_SHA256"));
        text = err.text();
        assertTrue(text.contains("unknown TLS 1.3 cipher suite 'TLS_AES_128_CCM_SHA256'"), text);
        for (CipherSuite s : CipherSuite.tls13()) {
            assertTrue(text.contains(s.name()), s + " not listed:\n" + text);
        }
    }

    @Test
    void contradictionsAreUsageErrors() {
        assertEquals(2, Main.run(io, "client", "h:1", "--tls13", "--ciphers", "AES128-GCM-SHA256"));
        assertTrue(err.text().contains("--ciphers sets TLS 1.2 suites, but --tls13 turns TLS 1.2 off"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "server", "--tls12", "--ciphersuites", "TLS_AES_128_GCM_SHA256"));
        assertTrue(err.text().contains("--ciphersuites sets TLS 1.3 suites, but --tls12 turns TLS 1.3 off"),
                err.text());
        err.reset();
        assertEquals(2, Main.run(io, "client", "h:1", "--ciphers", "AES128-SHA:TLS_RSA_WITH_AES_128_CBC_SHA"));
        assertTrue(err.text().contains("named twice"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "server", "--key-type", "rsa", "--cert", "a.pem", "--key", "a.key"));
        assertTrue(err.text().contains("--key-type"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "server", "--key-type", "dsa"));
        assertTrue(err.text().contains("--key-type"), err.text());
        err.reset();
        assertEquals(2, Main.run(io, "demo", "--hrr", "--rsa"));
        assertTrue(err.text().contains("--hrr"), err.text());
    }

    @Test
    void throwawayKeyTypeDefaults() {
        assertEquals(ThrowawayCa.KeyType.EC, parse(ServerCommand.class, "server").throwawayKeyType());
        assertEquals(ThrowawayCa.KeyType.BOTH, parse(ServerCommand.class, "server", "--legacy").throwawayKeyType());
        assertEquals(ThrowawayCa.KeyType.BOTH,
                parse(ServerCommand.class, "server", "--ciphers", "AES128-GCM-SHA256").throwawayKeyType());
        assertEquals(ThrowawayCa.KeyType.BOTH,
                parse(ServerCommand.class, "server", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256").throwawayKeyType());
        assertEquals(ThrowawayCa.KeyType.EC,
                parse(ServerCommand.class, "server", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256").throwawayKeyType());
        assertEquals(ThrowawayCa.KeyType.RSA,
                parse(ServerCommand.class, "server", "--key-type", "rsa").throwawayKeyType());
        assertEquals(ThrowawayCa.KeyType.EC,
                parse(ServerCommand.class, "server", "--legacy", "--key-type", "EC").throwawayKeyType());
    }

    @Test
    void mutualTlsOptions() {
        ServerCommand s = parse(ServerCommand.class, "server", "--client-ca", "ca.pem", "--require-client-cert");
        assertEquals(Path.of("ca.pem"), s.clientCa);
        assertTrue(s.requireClientCert);
        s = parse(ServerCommand.class, "server");
        assertNull(s.clientCa);
        assertFalse(s.requireClientCert);
        ClientCommand c = parse(ClientCommand.class, "client", "h:1", "--cert", "a.pem", "--key", "a.key",
                "--key", "b.key", "--cert", "b.pem");
        assertEquals(2, c.certs.size());
        assertEquals(Path.of("a.pem"), c.certs.get(0).cert);
        assertEquals(Path.of("a.key"), c.certs.get(0).key);
        assertEquals(Path.of("b.pem"), c.certs.get(1).cert);
        assertEquals(Path.of("b.key"), c.certs.get(1).key);
        assertTrue(parse(ClientCommand.class, "client", "h:1").certs.isEmpty());
    }

    @Test
    void helpNamesTheMutualTlsOptions() {
        assertEquals(0, Main.run(io, "server", "--help"));
        assertEquals(0, Main.run(io, "client", "--help"));
        String help = out.text();
        for (String option : List.of("--client-ca", "--require-client-cert", "certificate_required",
                "Mutual TLS: a client certificate chain")) {
            assertTrue(help.contains(option), option + " missing from help:\n" + help);
        }
    }

    @Test
    void helpNamesTheNewOptions() {
        assertEquals(0, Main.run(io, "server", "--help"));
        assertEquals(0, Main.run(io, "client", "--help"));
        assertEquals(0, Main.run(io, "demo", "--help"));
        String help = out.text();
        for (String option : List.of("--tls12", "--tls13", "--ciphers", "--ciphersuites", "--legacy", "--key-type",
                "--rsa", "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256")) {
            assertTrue(help.contains(option), option + " missing from help:\n" + help);
        }
    }
}
