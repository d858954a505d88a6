package dev.parapet.tls.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool itself: reuse, bounds, refusals. */
class RecordBufferPoolTest {
    @Test
    void givenBackBufferIsReusedCleared() {
        RecordBufferPool pool = new RecordBufferPool(4);
        ByteBuffer a = pool.borrow();
        assertEquals(RecordBufferPool.BUFFER_SIZE, a.capacity());
        a.put((byte) 1).limit(10);
        pool.giveBack(a);
        assertEquals(1, pool.freeBuffers());
        ByteBuffer b = pool.borrow();
        assertSame(a, b);
        assertEquals(0, b.position());
        assertEquals(b.capacity(), b.limit());
        assertEquals(1, pool.allocations());
    }

    @Test
    void borrowedBuffersAreDistinct() {
        RecordBufferPool pool = new RecordBufferPool(4);
        ByteBuffer a = pool.borrow();
        ByteBuffer b = pool.borrow();
        assertNotSame(a, b);
        pool.giveBack(a);
        pool.giveBack(b);
        ByteBuffer c = pool.borrow();
        ByteBuffer d = pool.borrow();
        assertNotSame(c, d);
        assertEquals(2, pool.allocations());
    }

    @Test
    void keepsAtMostItsCapacity() {
        RecordBufferPool pool = new RecordBufferPool(3);
        List<ByteBuffer> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            held.add(pool.borrow());
        }
        held.forEach(pool::giveBack);
        assertEquals(3, pool.freeBuffers());
        assertEquals(10, pool.allocations());
    }

    @Test
    void zeroCapacityKeepsNothing() {
        RecordBufferPool pool = new RecordBufferPool(0);
        pool.giveBack(pool.borrow());
        assertEquals(0, pool.freeBuffers());
    }

    @Test
    void refusesADoubleGiveBackAndIgnoresForeignBuffers() {
        RecordBufferPool pool = new RecordBufferPool(4);
        ByteBuffer a = pool.borrow();
        pool.giveBack(a);
        assertThrows(IllegalStateException.class, () -> pool.giveBack(a));
        pool.giveBack(ByteBuffer.allocate(100));
        pool.giveBack(ByteBuffer.allocateDirect(RecordBufferPool.BUFFER_SIZE));
        pool.giveBack(null);
        assertEquals(1, pool.freeBuffers());
    }

    @Test
    void refusesABadCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new RecordBufferPool(-1));
        assertThrows(IllegalArgumentException.class, () -> new RecordBufferPool(1 << 17));
    }
}
