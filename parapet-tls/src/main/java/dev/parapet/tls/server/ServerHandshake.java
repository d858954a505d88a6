package dev.parapet.tls.server;

import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;

/** The server side of a TLS 1.3 handshake (RFC 8446, 2 and 4): {@link #start} returns the first state. */
public final class ServerHandshake {
    private ServerHandshake() {
    }

    public static State start(HandshakeContext context, TlsServerConfig config) {
        return new ExpectClientHello(context, config, null);
    }
}
