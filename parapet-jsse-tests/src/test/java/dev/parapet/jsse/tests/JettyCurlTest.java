package dev.parapet.jsse.tests;

import dev.parapet.interop.PeerProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jetty 12 with the provider's {@code SSLContext} serving HTTPS to Debian's curl (OpenSSL + nghttp2), run as a
 * subprocess: {@code curl --cacert ca.pem https://localhost:PORT/ -sS -o - -w '%{http_code} %{http_version}'}.
 * curl's verdict is its own output: the body (Jetty's view of HTTP and TLS versions), then the status code and the
 * HTTP version curl used ("1.1", "2"). curl verifies the chain and the name against ca.pem. (HttpClient against
 * the same Jetty server: {@link HttpClientTest}.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JettyCurlTest {
    private final Pki pki = new Pki();

    @TempDir
    Path dir;

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    private String curl(JettyServer jetty, String path, String... options) throws Exception {
        String curl = PeerProcess.requireBinary("curl");
        List<String> cmd = new ArrayList<>(List.of(curl, "--cacert", pki.caPem(dir).toString(),
                // localhost may resolve to ::1 first; Jetty listens on 127.0.0.1 only
                "--resolve", "localhost:" + jetty.port() + ":127.0.0.1", "--max-time", "15"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("https://localhost:" + jetty.port() + path, "-sS", "-o", "-",
                "-w", "%{http_code} %{http_version}"));
        try (PeerProcess p = PeerProcess.start(dir, cmd)) {
            int exit = p.awaitExit(Duration.ofSeconds(20));
            assertEquals(0, exit, "curl failed\n" + p.describe());
            return p.stdout();
        }
    }

    @ProviderTest
    void curlHttp11(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            assertEquals(JettyServer.body("HTTP/1.1", "TLSv1.3", "/one") + "200 1.1",
                    curl(jetty, "/one", "--http1.1"));
        }
    }

    @ProviderTest
    void curlHttp2(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            assertEquals(JettyServer.body("HTTP/2.0", "TLSv1.3", "/two") + "200 2", curl(jetty, "/two", "--http2"));
        }
    }

    /** curl limited to TLS 1.2, RSA certificate, HTTP/2. */
    @ProviderTest
    void curlHttp2OverTls12(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.RSA_2048))) {
            assertEquals(JettyServer.body("HTTP/2.0", "TLSv1.2", "/tls12") + "200 2",
                    curl(jetty, "/tls12", "--http2", "--tlsv1.2", "--tls-max", "1.2"));
        }
    }

    /**
     * Two URLs in one curl run (curl reuses the connection): in parallel over HTTP/2 (-Z, either order), and one
     * after the other over HTTP/1.1 (the extra URL comes first on the command line, so it is fetched first).
     */
    @ProviderTest
    void curlTwoRequestsInOneRun(String provider) throws Exception {
        try (JettyServer jetty = JettyServer.start(pki.serverContext(provider, KeyType.ECDSA_P256))) {
            String url2 = "https://localhost:" + jetty.port() + "/b";
            String out = curl(jetty, "/a", "--http2", url2, "-Z");
            // -Z runs the transfers in parallel: bodies and -w lines may come in any order and interleave, so the
            // output must be exactly the two bodies and two "200 2" verdicts, however mixed
            String a = JettyServer.body("HTTP/2.0", "TLSv1.3", "/a");
            String b = JettyServer.body("HTTP/2.0", "TLSv1.3", "/b");
            String rest = out.replaceFirst(java.util.regex.Pattern.quote(a), "")
                    .replaceFirst(java.util.regex.Pattern.quote(b), "");
            assertEquals(a.length() + b.length(), out.length() - rest.length(), "both bodies in " + out);
            assertEquals("200 2200 2", rest, "two HTTP/2 verdicts in " + out);
            String a1 = JettyServer.body("HTTP/1.1", "TLSv1.3", "/a") + "200 1.1";
            String b1 = JettyServer.body("HTTP/1.1", "TLSv1.3", "/b") + "200 1.1";
            assertEquals(b1 + a1, curl(jetty, "/a", "--http1.1", url2));
        }
    }
}
