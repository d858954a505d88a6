package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code parapet demo} against the real engine. */
@Timeout(60)
class DemoTest {
    @Test
    void demoPrintsTheHandshake() throws Exception {
        Capture out = new Capture();
        Capture err = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), err.printStream()), "demo");
        String text = out.text();
        assertEquals(0, exit, text + "\nstderr:\n" + err.text());
        for (String regex : List.of("^client >>> ClientHello \\(\\d+ bytes\\)", "^server <<< ClientHello",
                "^server >>> ServerHello", "^client <<< ServerHello", "^server >>> EncryptedExtensions",
                "^server >>> Certificate ", "^server >>> CertificateVerify", "^server >>> Finished",
                "^client >>> Finished", "^server <<< Finished", "^negotiated:", "protocol:\\s+TLSv1.3",
                "^client >>> application data: \"hello from the client\"",
                "^server <<< application data: \"hello from the client\"",
                "^client <<< application data: \"hello from the server\"",
                "server answered with close_notify")) {
            out.await(regex, 0);
        }
    }

    @Test
    void demoWithHelloRetryRequest() throws Exception {
        Capture out = new Capture();
        int exit = Main.run(new Io(InputStream.nullInputStream(), out.printStream(), new Capture().printStream()),
                "demo", "--hrr");
        assertEquals(0, exit, out.text());
        out.await("after HelloRetryRequest", 0);
    }
}
