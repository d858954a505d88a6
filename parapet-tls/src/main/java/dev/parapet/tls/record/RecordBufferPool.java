package dev.parapet.tls.record;

import java.nio.ByteBuffer;

/**
 * A small, bounded, thread-safe pool of record buffers, each big enough for one whole record of any version
 * ({@link #BUFFER_SIZE} bytes). A connection borrows one while a record is being opened or sealed data waits for the
 * network, and gives it back once the content was read or the bytes drained, so an idle connection holds none and
 * steady traffic allocates none. One pool serves every connection of a config ({@code TlsConfig.recordBufferPool()}).
 *
 * <p>At most {@link #capacity()} free buffers are kept; beyond that, returned buffers are dropped for the garbage
 * collector, and a borrow from an empty pool allocates. Borrowing and returning do not allocate.
 */
public final class RecordBufferPool {
    /** One record with its header: TLS 1.2's longest fragment (2^14 + 2048) plus 5. */
    public static final int BUFFER_SIZE = RecordLayer.MAX_CIPHERTEXT + RecordLayer.HEADER_LENGTH;
    /** Free buffers kept by default (about 1.2 MiB at most). */
    public static final int DEFAULT_CAPACITY = 64;

    private final ByteBuffer[] free;
    private int count;
    private long allocated;

    /** A pool keeping at most {@code capacity} free buffers (0: every borrow allocates, nothing is kept). */
    public RecordBufferPool(int capacity) {
        if (capacity < 0 || capacity > 1 << 16) {
            throw new IllegalArgumentException("record buffer pool capacity must be 0..65536, got " + capacity);
        }
        this.free = new ByteBuffer[capacity];
    }

    /** A pool of {@link #DEFAULT_CAPACITY}. */
    public RecordBufferPool() {
        this(DEFAULT_CAPACITY);
    }

    /** A cleared buffer of {@link #BUFFER_SIZE} bytes that only the caller uses until it gives it back. */
    public ByteBuffer borrow() {
        synchronized (this) {
            if (count > 0) {
                ByteBuffer b = free[--count];
                free[count] = null;
                return b.clear();
            }
            allocated++;
        }
        return ByteBuffer.allocate(BUFFER_SIZE);
    }

    /**
     * Gives back a buffer from {@link #borrow()}; the caller must not touch it afterwards. Buffers of another size are
     * ignored. The content is not wiped: records hold ciphertext or plaintext the connection already handed out.
     */
    public void giveBack(ByteBuffer buffer) {
        if (buffer == null || buffer.capacity() != BUFFER_SIZE || buffer.isDirect() || buffer.isReadOnly()) {
            return;
        }
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                if (free[i] == buffer) {
                    throw new IllegalStateException("record buffer given back twice");
                }
            }
            if (count < free.length) {
                free[count++] = buffer;
            }
        }
    }

    /** The most free buffers kept. */
    public int capacity() {
        return free.length;
    }

    /** Free buffers held now. */
    public synchronized int freeBuffers() {
        return count;
    }

    /** Buffers this pool allocated because it had none free (for tests and benchmarks). */
    public synchronized long allocations() {
        return allocated;
    }
}
