package dev.parapet.jsse.tests;

import dev.parapet.interop.PeerProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance: an unmodified program ({@link FetchPage}: {@code HttpClient.newHttpClient()}, GET, print
 * {@code SSLContext.getDefault().getProvider().getName()} and the page) runs in a CHILD JVM on Parapet, selected
 * only by configuration, and fetches a page over TLS 1.3 from a real {@code openssl s_server -tls1_3 -www}.
 *
 * <ul>
 *   <li>{@code -Djava.security.properties=parapet.security}: the JDK 17 provider list with Parapet first and the
 *       JDK's providers renumbered after it, exactly as parapet-jsse/README.md shows;</li>
 *   <li>{@code -Djavax.net.ssl.trustStore=ca.p12} (+ type and password): the "Default" context's trust, as with
 *       SunJSSE;</li>
 *   <li>the classpath is the program's classes plus parapet-jsse and parapet-tls (the reactor's, never ~/.m2).</li>
 * </ul>
 * Verdicts: the child prints "provider: Parapet", status 200 and s_server's page, which says TLSv1.3. The
 * {@code insertProviderAt} variant runs the same program behind a two-line launcher, also in a child JVM (in this
 * JVM {@code SSLContext.getDefault()} is cached from earlier tests and other tests must keep SunJSSE as default).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnmodifiedProgramTest {
    private static final Duration CHILD_DEADLINE = Duration.ofSeconds(45);

    /** parapet-jsse/README.md's file: Parapet first, then JDK 17's twelve providers renumbered. */
    static final List<String> SECURITY_PROPERTIES = List.of(
            "security.provider.1=dev.parapet.jsse.ParapetProvider",
            "security.provider.2=SUN",
            "security.provider.3=SunRsaSign",
            "security.provider.4=SunEC",
            "security.provider.5=SunJSSE",
            "security.provider.6=SunJCE",
            "security.provider.7=SunJGSS",
            "security.provider.8=SunSASL",
            "security.provider.9=XMLDSig",
            "security.provider.10=SunPCSC",
            "security.provider.11=JdkLDAP",
            "security.provider.12=JdkSASL",
            "security.provider.13=SunPKCS11");

    private final Pki pki = new Pki();

    @TempDir
    Path dir;

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    @Test
    void javaSecurityPropertiesSelectParapet() throws Exception {
        Path security = dir.resolve("parapet.security");
        Files.write(security, SECURITY_PROPERTIES);
        fetch(List.of("-Djava.security.properties=" + security), FetchPage.class.getName());
    }

    @Test
    void insertProviderAtSelectsParapet() throws Exception {
        fetch(List.of(), FetchPage.InsertParapetFirst.class.getName());
    }

    private void fetch(List<String> jvmOptions, String mainClass) throws Exception {
        String openssl = PeerProcess.requireBinary("openssl");
        Path[] chainAndKey = pki.chainAndKey(KeyType.ECDSA_P256, dir);
        Path trustStore = dir.resolve("ca.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            KeyStore ks = pki.trustStore();
            ks.store(out, Pki.PASSWORD);
        }
        try (PeerProcess server = PeerProcess.startServer(dir, port -> new ArrayList<>(List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + port, "-tls1_3", "-cert", chainAndKey[0].toString(),
                "-key", chainAndKey[1].toString(), "-www")))) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Djavax.net.ssl.trustStore=" + trustStore);
            command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
            command.add("-Djavax.net.ssl.trustStorePassword=" + new String(Pki.PASSWORD));
            command.add("-cp");
            command.add(classpath());
            command.add(mainClass);
            command.add("https://localhost:" + server.port() + "/");
            try (PeerProcess child = PeerProcess.start(dir, command)) {
                int exit = child.awaitExit(CHILD_DEADLINE);
                String out = child.stdout();
                String why = child.describe() + "\n" + server.describe();
                assertEquals(0, exit, why);
                assertTrue(out.startsWith("provider: Parapet\n"), why);
                assertTrue(out.contains("status: 200\n"), why);
                // s_server's page: its own view of the session
                assertTrue(out.contains("<pre>") && out.contains("s_server"), why);
                assertTrue(out.contains("New, TLSv1.3, Cipher is TLS_"), why);
                assertTrue(out.contains("Protocol  : TLSv1.3"), why);
            }
        }
    }

    /** The program's classes, parapet-jsse's and parapet-tls's: where this JVM loaded them from (the reactor). */
    private static String classpath() throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(FetchPage.class, dev.parapet.jsse.ParapetProvider.class, TlsConnection.class)) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return Stream.of(entries.toArray(String[]::new)).distinct().collect(Collectors.joining(
                java.io.File.pathSeparator));
    }
}
