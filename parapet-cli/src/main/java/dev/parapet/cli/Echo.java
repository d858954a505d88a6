package dev.parapet.cli;

import dev.parapet.tls.io.TlsSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code parapet server --echo}: sends back what arrives until the client's close_notify. */
final class Echo {
    private Echo() {
    }

    static void run(TlsSocket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
