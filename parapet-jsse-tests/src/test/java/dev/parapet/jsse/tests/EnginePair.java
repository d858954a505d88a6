package dev.parapet.jsse.tests;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A client and a server {@code SSLEngine} connected in memory, driven by the simple loop every JSSE user writes:
 * look at {@code getHandshakeStatus()}; NEED_WRAP: wrap into the peer's inbox; NEED_UNWRAP: unwrap what the peer
 * sent (if anything); NEED_TASK: run the delegated tasks. Every call is recorded per side as a {@link Step}.
 * Buffers are the sizes the session announces (packet and application buffer sizes), never larger.
 */
final class EnginePair {
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** One call: "wrap", "unwrap" or "task", and the result (status and handshake status after the call). */
    static final class Step {
        final String op;
        final SSLEngineResult.Status status;
        final HandshakeStatus hs;
        final int consumed;
        final int produced;
        /** A wrap whose whole output is one change_cipher_spec record (14 03 03 00 01 01). */
        boolean ccsOnly;

        Step(String op, SSLEngineResult r) {
            this(op, r.getStatus(), r.getHandshakeStatus(), r.bytesConsumed(), r.bytesProduced());
        }

        Step(String op, SSLEngineResult.Status status, HandshakeStatus hs, int consumed, int produced) {
            this.op = op;
            this.status = status;
            this.hs = hs;
            this.consumed = consumed;
            this.produced = produced;
        }

        @Override
        public String toString() {
            return "task".equals(op) ? "task" : op + " " + status + " " + hs;
        }
    }

    final SSLEngine client;
    final SSLEngine server;
    /** Network bytes in flight: client to server, server to client (write mode). */
    ByteBuffer toServer;
    ByteBuffer toClient;
    final List<Step> clientSteps = new ArrayList<>();
    final List<Step> serverSteps = new ArrayList<>();

    EnginePair(SSLContext clientCtx, SSLContext serverCtx) {
        client = clientCtx.createSSLEngine(Pki.HOST, 443);
        client.setUseClientMode(true);
        SSLParameters p = client.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(p);
        server = serverCtx.createSSLEngine();
        server.setUseClientMode(false);
        toServer = ByteBuffer.allocate(4 * client.getSession().getPacketBufferSize());
        toClient = ByteBuffer.allocate(4 * server.getSession().getPacketBufferSize());
    }

    boolean isClient(SSLEngine e) {
        return e == client;
    }

    ByteBuffer inboxOf(SSLEngine e) {
        return e == client ? toClient : toServer;
    }

    ByteBuffer outboxOf(SSLEngine e) {
        return e == client ? toServer : toClient;
    }

    List<Step> stepsOf(SSLEngine e) {
        return e == client ? clientSteps : serverSteps;
    }

    /** Handshakes both engines to completion (both NOT_HANDSHAKING after each has reported FINISHED). */
    void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        boolean clientFinished = false;
        boolean serverFinished = false;
        for (int round = 0; round < 100; round++) {
            boolean progress = false;
            for (SSLEngine e : new SSLEngine[] {client, server}) {
                Step s = step(e);
                if (s != null) {
                    progress = true;
                    if (s.hs == HandshakeStatus.FINISHED) {
                        if (e == client) {
                            clientFinished = true;
                        } else {
                            serverFinished = true;
                        }
                    }
                }
            }
            if (clientFinished && serverFinished && client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                return;
            }
            if (!progress) {
                throw new AssertionError("handshake stalled: client " + client.getHandshakeStatus() + " "
                        + clientSteps + ", server " + server.getHandshakeStatus() + " " + serverSteps);
            }
        }
        throw new AssertionError("handshake did not finish in 100 rounds: client " + clientSteps + ", server "
                + serverSteps);
    }

    /** One step of {@code e} as its handshake status asks; null when it waits for the peer. */
    Step step(SSLEngine e) throws SSLException {
        HandshakeStatus hs = e.getHandshakeStatus();
        Step s;
        switch (hs) {
            case NEED_WRAP:
                s = wrap(e, EMPTY);
                break;
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN:
                if (inboxOf(e).position() == 0 && hs == HandshakeStatus.NEED_UNWRAP) {
                    return null;
                }
                s = unwrap(e, ByteBuffer.allocate(e.getSession().getApplicationBufferSize()));
                if (s.status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    return null;
                }
                break;
            case NEED_TASK:
                runTasks(e);
                s = new Step("task", SSLEngineResult.Status.OK, e.getHandshakeStatus(), 0, 0);
                stepsOf(e).add(s);
                break;
            default:
                return null;
        }
        return s;
    }

    static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps {@code src} into the peer's inbox through a buffer of exactly the packet buffer size. */
    Step wrap(SSLEngine e, ByteBuffer src) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        SSLEngineResult r = e.wrap(src, net);
        net.flip();
        boolean ccsOnly = net.remaining() == 6 && net.get(0) == 0x14 && net.get(3) == 0 && net.get(4) == 1;
        ByteBuffer out = outboxOf(e);
        if (out.remaining() < net.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2 + net.remaining());
            out.flip();
            bigger.put(out);
            if (e == client) {
                toServer = bigger;
            } else {
                toClient = bigger;
            }
            out = bigger;
        }
        out.put(net);
        Step s = new Step("wrap", r);
        s.ccsOnly = ccsOnly;
        stepsOf(e).add(s);
        return s;
    }

    /** Unwraps from {@code e}'s inbox into {@code dst}. */
    Step unwrap(SSLEngine e, ByteBuffer dst) throws SSLException {
        ByteBuffer in = inboxOf(e);
        in.flip();
        try {
            SSLEngineResult r = e.unwrap(in, dst);
            Step s = new Step("unwrap", r);
            stepsOf(e).add(s);
            return s;
        } finally {
            in.compact();
        }
    }

    /** Unwraps everything in {@code e}'s inbox (e.g. TLS 1.3 NewSessionTicket), returning the plaintext. */
    ByteBuffer drain(SSLEngine e) throws SSLException {
        ByteBuffer app = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < 1000 && inboxOf(e).position() > 0; i++) {
            ByteBuffer dst = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
            Step s = unwrap(e, dst);
            dst.flip();
            app.put(dst);
            if (s.status != SSLEngineResult.Status.OK) {
                break;
            }
            if (e.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks(e);
            }
            while (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrap(e, EMPTY);
            }
        }
        app.flip();
        return app;
    }
}
