package dev.parapet.tls.io.nio;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Heap buffers of one size, lent to connections only while they have bytes in flight, so an idle connection holds
 * none. At most {@code maxIdle} free buffers are kept; beyond that returned buffers are left to the collector.
 */
final class BufferPool {
    private final int bufferSize;
    private final int maxIdle;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    BufferPool(int bufferSize, int maxIdle) {
        this.bufferSize = bufferSize;
        this.maxIdle = maxIdle;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes. */
    ByteBuffer take() {
        ByteBuffer b;
        synchronized (free) {
            b = free.pollFirst();
        }
        return b != null ? b.clear() : ByteBuffer.allocate(bufferSize);
    }

    void give(ByteBuffer b) {
        synchronized (free) {
            if (free.size() < maxIdle) {
                free.addFirst(b);
            }
        }
    }

    int bufferSize() {
        return bufferSize;
    }
}
