package dev.parapet.interop;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A Parapet client fetching "/" over HTTP/1.0 from a peer's web page mode (s_server -www, gnutls-serv --http). */
final class ParapetClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final String REQUEST = "GET / HTTP/1.0\r\n\r\n";

    record Fetch(TlsSession session, String page) {
    }

    private ParapetClient() {
    }

    /** Connects to host:port, sends GET / and reads the page up to its closing HTML tag. */
    static Fetch get(String host, int port, TlsClientConfig config) throws IOException {
        try (TlsSocket socket = TlsSocket.connect(host, port, config, CONNECT_TIMEOUT)) {
            socket.setSoTimeout(10_000);
            TlsSession session = socket.session();
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String page = ParapetServer.readUntil(socket.getInputStream(), "</HTML>");
            return new Fetch(session, page);
        }
    }
}
