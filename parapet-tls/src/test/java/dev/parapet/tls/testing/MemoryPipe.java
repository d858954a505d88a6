package dev.parapet.tls.testing;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/** Wires a client and a server connection together in memory, for engine-pair tests. */
public final class MemoryPipe {
    private final TlsConnection client;
    private final TlsConnection server;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 20);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 20);
    private java.util.function.UnaryOperator<dev.parapet.tls.handshake.ClientHello> clientHelloRewriter;

    public MemoryPipe(TlsConnection client, TlsConnection server) {
        this.client = client;
        this.server = server;
    }

    /**
     * Moves bytes both ways until neither side has anything to send. When a side fails, its alert still reaches the
     * other side; then the first failure is thrown.
     */
    public void pump() throws TlsException {
        TlsException first = null;
        for (int round = 0; round < 50; round++) {
            Outcome a = move(client, toServer, server);
            Outcome b = move(server, toClient, client);
            first = first != null ? first : a.failure != null ? a.failure : b.failure;
            if (!a.moved && !b.moved) {
                if (first != null) {
                    throw first;
                }
                return;
            }
        }
        throw new AssertionError("connections keep talking after 50 rounds");
    }

    /** Runs the handshake to completion (or throws the first failure). */
    public void handshake() throws TlsException {
        pump();
        if (client.isHandshaking() || server.isHandshaking()) {
            throw new AssertionError("handshake did not complete: client handshaking=" + client.isHandshaking()
                    + " server handshaking=" + server.isHandshaking());
        }
    }

    private record Outcome(boolean moved, TlsException failure) {
    }

    /**
     * Acts as a middlebox on the client's first flight: the ClientHello is decoded, rewritten and re-encoded before
     * the server sees it (the handshake then fails at Finished at the latest, unless the server refuses first).
     */
    public void rewriteClientHello(java.util.function.UnaryOperator<dev.parapet.tls.handshake.ClientHello> rewriter) {
        this.clientHelloRewriter = rewriter;
    }

    private Outcome move(TlsConnection from, ByteBuffer wire, TlsConnection to) {
        int sent = from == client && clientHelloRewriter != null ? sendRewritten(wire) : from.sendToNetwork(wire);
        wire.flip();
        int before = wire.remaining();
        TlsException failure = null;
        try {
            if (to.failure() == null) {
                to.receiveFromNetwork(wire);
            } else {
                wire.position(wire.limit()); // a failed connection reads nothing more
            }
        } catch (TlsException e) {
            failure = e;
        }
        boolean consumed = wire.remaining() != before;
        wire.compact();
        return new Outcome(sent > 0 || consumed, failure);
    }

    private int sendRewritten(ByteBuffer wire) {
        ByteBuffer first = ByteBuffer.allocate(1 << 16);
        client.sendToNetwork(first);
        first.flip();
        byte[] header = new byte[5];
        first.get(header);
        byte[] record = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
        first.get(record);
        try {
            dev.parapet.tls.handshake.HandshakeMessage m = dev.parapet.tls.handshake.HandshakeMessage.of(
                    dev.parapet.tls.handshake.HandshakeType.CLIENT_HELLO, java.util.Arrays.copyOfRange(record, 4,
                            record.length));
            byte[] rewritten = clientHelloRewriter.apply(dev.parapet.tls.handshake.ClientHello.decode(m)).encode()
                    .encoded();
            clientHelloRewriter = null;
            wire.put(header, 0, 3).putShort((short) rewritten.length).put(rewritten).put(first);
            return rewritten.length + 5;
        } catch (TlsException e) {
            throw new AssertionError("the client's first record is not a ClientHello", e);
        }
    }

    /** Sends {@code data} from one side and returns what the other side reads. */
    public byte[] transfer(TlsConnection from, TlsConnection to, byte[] data) throws TlsException {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer got = ByteBuffer.allocate(data.length);
        while (src.hasRemaining() || got.hasRemaining()) {
            from.write(src);
            pump();
            while (to.read(got) > 0) {
                pump();
            }
            if (!src.hasRemaining() && got.hasRemaining() && !from.hasPendingOutput() && to.available() == 0) {
                pump();
                if (to.read(got) <= 0) {
                    break;
                }
            }
        }
        byte[] out = new byte[got.position()];
        got.flip().get(out);
        return out;
    }
}
