package dev.parapet.bench.harness;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/** Parapet's own sans-IO API: two {@link TlsConnection}s and a memory pipe, as in the core's engine-pair tests. */
final class ParapetPair implements Pair {
    private final TlsConnection client;
    private final TlsConnection server;
    private final ByteBuffer toServer;
    private final ByteBuffer toClient;
    private final ByteBuffer serverApp;
    private final ByteBuffer clientApp;

    /** The buffers are the factory's, reused from pair to pair (see {@link PipeBuffers}). */
    ParapetPair(TlsConnection client, TlsConnection server, PipeBuffers buffers) {
        this.client = client;
        this.server = server;
        buffers.cleared();
        toServer = buffers.toServer;
        toClient = buffers.toClient;
        serverApp = buffers.serverApp;
        clientApp = buffers.clientApp;
    }

    @Override
    public void handshake() throws TlsException {
        for (int round = 0; round < 64; round++) {
            boolean progress = move(client, toServer, server, serverApp);
            progress |= move(server, toClient, client, clientApp);
            if (!progress) {
                if (client.isHandshaking() || server.isHandshaking()) {
                    throw new IllegalStateException("handshake stuck");
                }
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish in 64 rounds");
    }

    private static boolean move(TlsConnection from, ByteBuffer wire, TlsConnection to, ByteBuffer app)
            throws TlsException {
        int sent = from.sendToNetwork(wire);
        wire.flip();
        int before = wire.remaining();
        while (wire.hasRemaining()) {
            int r = wire.remaining();
            to.receiveFromNetwork(wire);
            while (to.available() > 0) {
                app.clear();
                to.read(app);
            }
            if (wire.remaining() == r) {
                break;
            }
        }
        boolean consumed = wire.remaining() != before;
        wire.compact();
        return sent > 0 || consumed;
    }

    @Override
    public int send(ByteBuffer src) throws TlsException {
        // wrap and unwrap: sealed straight into the wire buffer, opened straight into the application's
        int received = 0;
        while (src.hasRemaining() || client.hasPendingOutput()) {
            toServer.clear();
            client.wrap(src, toServer);
            toServer.flip();
            while (toServer.hasRemaining()) {
                int r = toServer.remaining();
                serverApp.clear();
                received += Math.max(server.unwrap(toServer, serverApp), 0);
                while (server.available() > 0) {
                    serverApp.clear();
                    received += Math.max(server.read(serverApp), 0);
                }
                if (toServer.remaining() == r) {
                    throw new IllegalStateException("server consumed nothing");
                }
            }
        }
        toServer.clear();
        return received;
    }

    @Override
    public String negotiated() {
        return client.session().protocol() + " " + client.session().cipherSuite().name()
                + (client.session().resumed() ? " resumed" : " full handshake");
    }

    @Override
    public Object[] endpoints() {
        return new Object[] {client, server};
    }

    @Override
    public void close() {
    }
}
