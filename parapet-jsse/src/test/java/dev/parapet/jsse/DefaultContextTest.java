package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "Default" context reads javax.net.ssl.trustStore: checked in a child JVM, so this JVM keeps its default. */
class DefaultContextTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS", "none"})
    void trustStoreProperty(String type) throws Exception {
        Path store = dir.resolve("trust." + type);
        try (OutputStream out = Files.newOutputStream(store)) {
            Jsse.trustStore(type.equals("none") ? "PKCS12" : type, Jsse.PKI.caCertificate())
                    .store(out, Jsse.PASSWORD);
        }
        try (SSLServerSocket server = (SSLServerSocket) Jsse.context("Parapet", "TLS").getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // the client's verdict is what the test reads
                }
            });
            acceptor.start();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path")));
            if (!type.equals("none")) {
                cmd.add("-Djavax.net.ssl.trustStore=" + store);
                cmd.add("-Djavax.net.ssl.trustStorePassword=" + new String(Jsse.PASSWORD));
                cmd.add("-Djavax.net.ssl.trustStoreType=" + type);
            }
            cmd.add(DefaultContextProbe.class.getName());
            cmd.add(String.valueOf(server.getLocalPort()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            if (type.equals("none")) {
                assertTrue(output.contains("failed: javax.net.ssl.SSLHandshakeException")
                        && output.contains("not a trusted CA"), output);
            } else {
                assertTrue(output.contains("provider=Parapet protocol=TLSv1.3"), output);
            }
            acceptor.join(20_000);
        }
    }
}
