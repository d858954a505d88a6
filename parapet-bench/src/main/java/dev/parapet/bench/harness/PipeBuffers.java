package dev.parapet.bench.harness;

import java.nio.ByteBuffer;

/**
 * The four in-memory buffers a pair drives its client and server through (two wire directions, two plaintext sinks).
 * A factory makes one set and hands it to each pair it makes, cleared: the pairs of a factory run one after the other
 * on one thread, and 256 KiB of fresh buffers per pair would be the harness's allocation, not the TLS stack's, in the
 * "heap allocated per handshake" rows (and would evict the stacks' working sets from the caches in every one).
 */
final class PipeBuffers {
    static final int BUFFER = 1 << 16;

    final ByteBuffer toServer;
    final ByteBuffer toClient;
    final ByteBuffer clientApp;
    final ByteBuffer serverApp;

    PipeBuffers(boolean direct) {
        toServer = allocate(direct);
        toClient = allocate(direct);
        clientApp = allocate(direct);
        serverApp = allocate(direct);
    }

    private static ByteBuffer allocate(boolean direct) {
        return direct ? ByteBuffer.allocateDirect(BUFFER) : ByteBuffer.allocate(BUFFER);
    }

    /** Empties every buffer (write mode) for the next pair, and returns this set. */
    PipeBuffers cleared() {
        toServer.clear();
        toClient.clear();
        clientApp.clear();
        serverApp.clear();
        return this;
    }
}
