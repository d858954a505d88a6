package dev.parapet.bench.harness;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Two {@link SSLEngine}s wired together in memory and driven on the calling thread: wrap on one side, unwrap on the
 * other, delegated tasks run inline. Every JSSE-shaped implementation is measured through this same loop.
 */
final class EnginePair implements Pair {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine client;
    private final SSLEngine server;
    private final Consumer<SSLEngine> release;
    /** Client-to-server and server-to-client wire buffers, kept in write mode between calls. */
    private final ByteBuffer toServer;
    private final ByteBuffer toClient;
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;

    /** The buffers are the factory's, reused from pair to pair (see {@link PipeBuffers}). */
    EnginePair(SSLEngine client, SSLEngine server, PipeBuffers buffers, Consumer<SSLEngine> release) {
        this.client = client;
        this.server = server;
        this.release = release;
        buffers.cleared();
        toServer = buffers.toServer;
        toClient = buffers.toClient;
        clientApp = buffers.clientApp;
        serverApp = buffers.serverApp;
    }

    @Override
    public void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 64; round++) {
            boolean progress = wrapAll(client, toServer);
            progress |= unwrapAll(server, toServer, serverApp);
            progress |= wrapAll(server, toClient);
            progress |= unwrapAll(client, toClient, clientApp);
            if (!progress) {
                if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                    return;
                }
                throw new SSLException("handshake stuck: client " + client.getHandshakeStatus() + ", server "
                        + server.getHandshakeStatus());
            }
        }
        throw new SSLException("handshake did not finish in 64 rounds");
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private static boolean wrapAll(SSLEngine e, ByteBuffer net) throws SSLException {
        boolean any = false;
        for (int i = 0; i < 32; i++) {
            SSLEngineResult r = e.wrap(EMPTY, net);
            boolean task = runTasks(e, r);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                throw new SSLException("wire buffer overflow");
            }
            if (r.bytesProduced() > 0) {
                any = true;
            } else if (!task && e.getHandshakeStatus() != HandshakeStatus.NEED_WRAP
                    || r.getStatus() == Status.CLOSED) {
                break;
            }
        }
        return any;
    }

    private static boolean unwrapAll(SSLEngine e, ByteBuffer net, ByteBuffer app) throws SSLException {
        boolean any = false;
        net.flip();
        try {
            for (int i = 0; i < 64 && net.hasRemaining(); i++) {
                app.clear();
                SSLEngineResult r = e.unwrap(net, app);
                boolean task = runTasks(e, r);
                if (r.getStatus() == Status.BUFFER_UNDERFLOW || r.getStatus() == Status.CLOSED) {
                    break;
                }
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    throw new SSLException("application buffer overflow");
                }
                if (r.bytesConsumed() > 0) {
                    any = true;
                } else if (!task) {
                    break;
                }
            }
        } finally {
            net.compact();
        }
        return any;
    }

    private static boolean runTasks(SSLEngine e, SSLEngineResult r) {
        boolean ran = false;
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK || e.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            Runnable t;
            while ((t = e.getDelegatedTask()) != null) {
                t.run();
                ran = true;
            }
        }
        return ran;
    }

    @Override
    public int send(ByteBuffer src) throws SSLException {
        int received = 0;
        while (src.hasRemaining()) {
            toServer.clear();
            SSLEngineResult r = client.wrap(src, toServer);
            if (r.getStatus() != Status.OK) {
                throw new SSLException("wrap: " + r);
            }
            toServer.flip();
            while (toServer.hasRemaining()) {
                serverApp.clear();
                r = server.unwrap(toServer, serverApp);
                if (r.getStatus() != Status.OK) {
                    throw new SSLException("unwrap: " + r);
                }
                received += r.bytesProduced();
            }
        }
        toServer.clear();
        return received;
    }

    @Override
    public String negotiated() {
        return client.getSession().getProtocol() + " " + client.getSession().getCipherSuite();
    }

    @Override
    public Object[] endpoints() {
        return new Object[] {client, server};
    }

    @Override
    public void close() {
        release.accept(client);
        release.accept(server);
    }
}
