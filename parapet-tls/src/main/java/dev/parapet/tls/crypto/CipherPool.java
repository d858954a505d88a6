package dev.parapet.tls.crypto;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * A small, bounded, thread-safe pool of JCA {@link Cipher} and {@link Mac} instances, keyed by transformation (or MAC
 * algorithm), so that an idle connection holds none: a record protection keeps only its key, IV and sequence number,
 * borrows an instance while it seals or opens records, initialises it with its own key and nonce, and gives it back
 * once its record buffer went back to the {@code RecordBufferPool}. One pool serves every connection of a config
 * ({@code TlsConfig.cipherPool()}), like the record buffer pool it sits next to.
 *
 * <p>At most {@link #FREE_PER_KEY} (or {@link #capacity()} when smaller) free instances are kept per key: they only
 * serve new keys (handshakes, AEADs without a parked Cipher), so a few suffice; beyond that, returned ones are dropped for the
 * garbage collector, and a borrow from an empty pool makes a new one. Borrowing and returning do not allocate once
 * the pool holds instances. The record AEADs ({@link JcaAead}) park their Cipher when idle and take it back with its
 * key schedule; at most {@link #capacity()} AEADs stay parked, the longest idle giving theirs up first. A pooled instance keeps the JDK's expanded form of the last key it was initialised with
 * (the JCA has no way to wipe it) until it is initialised again or collected.
 */
public final class CipherPool {
    /** Free instances kept per transformation, and idle AEADs keeping theirs parked, by default. */
    public static final int DEFAULT_CAPACITY = 64;

    /** Free instances kept per key at most (fewer when the capacity is smaller). */
    public static final int FREE_PER_KEY = 64;

    private final int capacity;
    private final int freePerKey;
    private final Map<String, Stack> ciphers = new HashMap<>();
    private final Map<String, Stack> macs = new HashMap<>();
    private final Map<String, Stack> aeads = new HashMap<>();
    private long created;
    /**
     * AEADs that went idle holding their worker, oldest at parkedHead (a ring of capacity entries). An AEAD whose keys
     * are done ({@link JcaAead#dispose()}) leaves nothing parked here; one of a connection dropped while idle stays
     * until capacity more AEADs went idle after it (bounded, like the free instances).
     */
    private final JcaAead[] parked;
    private int parkedHead;
    private int parkedCount;

    /** A pool keeping at most {@code capacity} free instances per key (0: every borrow makes one, none is kept). */
    public CipherPool(int capacity) {
        if (capacity < 0 || capacity > 1 << 16) {
            throw new IllegalArgumentException("cipher pool capacity must be 0..65536, got " + capacity);
        }
        this.capacity = capacity;
        this.freePerKey = Math.min(capacity, FREE_PER_KEY);
        this.parked = new JcaAead[capacity];
    }

    /** A pool of {@link #DEFAULT_CAPACITY}. */
    public CipherPool() {
        this(DEFAULT_CAPACITY);
    }

    /** A {@code Cipher.getInstance(transformation)} that only the caller uses until it gives it back. */
    public Cipher cipher(String transformation) {
        Object c = take(ciphers, transformation);
        if (c != null) {
            return (Cipher) c;
        }
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + transformation, e);
        }
    }

    /** Gives back a Cipher from {@link #cipher(String)}; the caller must not touch it afterwards. */
    public void giveBack(Cipher cipher) {
        if (cipher != null) {
            put(ciphers, cipher.getAlgorithm(), cipher);
        }
    }

    /** A {@code Mac.getInstance(algorithm)} (not initialised) that only the caller uses until it gives it back. */
    public Mac mac(String algorithm) {
        Object m = take(macs, algorithm);
        if (m != null) {
            return (Mac) m;
        }
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    /** Gives back a Mac from {@link #mac(String)}; the caller must not touch it afterwards. */
    public void giveBack(Mac mac) {
        if (mac != null) {
            put(macs, mac.getAlgorithm(), mac);
        }
    }

    /**
     * For {@link JcaAead}: a free Cipher with its reusable parameters, or null when the caller should make one. An
     * AEAD going idle first parks its worker with itself ({@link #park}), so that its next record takes it back
     * without coming here, and the JDK's expanded AES key of that Cipher is still its own (re-expanding costs
     * microseconds and allocation per switch).
     */
    JcaAead.Worker aeadWorker(String transformation) {
        synchronized (this) {
            Stack stack = aeads.get(transformation);
            if (stack != null && stack.count > 0) {
                Object w = stack.items[--stack.count];
                stack.items[stack.count] = null;
                return (JcaAead.Worker) w;
            }
            created++;
            return null;
        }
    }

    /** A worker whose AEAD's keys are done ({@link JcaAead#dispose()}): free for any AEAD of its transformation. */
    void giveBack(JcaAead.Worker worker) {
        put(aeads, worker.transformation(), worker);
    }

    /**
     * {@code aead} went idle holding its worker parked: it keeps it unless more than {@link #capacity()} AEADs are
     * parked, in which case the one parked longest ago gives its worker up to the free stack.
     */
    void park(JcaAead aead) {
        JcaAead evicted = null;
        synchronized (this) {
            if (aead.listed) {
                return;
            }
            aead.listed = true;
            if (parkedCount == parked.length) {
                evicted = parked[parkedHead];
                parked[parkedHead] = null;
                parkedHead = (parkedHead + 1) % parked.length;
                parkedCount--;
                evicted.listed = false;
            }
            if (parked.length == 0) {
                evicted = aead;
                aead.listed = false;
            } else {
                parked[(parkedHead + parkedCount) % parked.length] = aead;
                parkedCount++;
            }
        }
        if (evicted != null) {
            JcaAead.Worker w = evicted.unpark();
            if (w != null) {
                put(aeads, w.transformation(), w);
            }
        }
    }

    private synchronized Object take(Map<String, Stack> map, String key) {
        Stack stack = map.get(key);
        if (stack != null && stack.count > 0) {
            Object item = stack.items[--stack.count];
            stack.items[stack.count] = null;
            return item;
        }
        created++;
        return null;
    }

    private synchronized void put(Map<String, Stack> map, String key, Object item) {
        Stack stack = map.get(key);
        if (stack == null) {
            stack = new Stack(freePerKey);
            map.put(key, stack);
        }
        if (map != aeads) { // the record AEADs' workers: given back by this pool itself or by their AEAD once
            for (int i = 0; i < stack.count; i++) {
                if (stack.items[i] == item) {
                    throw new IllegalStateException("pooled cipher given back twice");
                }
            }
        }
        if (stack.count < freePerKey) {
            // last in, first out: the instance most likely to still hold the key schedule of a live connection
            stack.items[stack.count++] = item;
        }
    }

    /** Free instances of one key, last in first out. */
    private static final class Stack {
        final Object[] items;
        int count;

        Stack(int capacity) {
            items = new Object[capacity];
        }

        /** Takes out the item at {@code i}, keeping the order of the rest (oldest at 0). */
        Object remove(int i) {
            Object item = items[i];
            System.arraycopy(items, i + 1, items, i, count - i - 1);
            items[--count] = null;
            return item;
        }
    }

    /** The most free instances kept per key. */
    public int capacity() {
        return capacity;
    }

    /** Free instances held now, over all keys, with the idle AEADs' parked ones. */
    public synchronized int freeInstances() {
        int n = 0;
        for (int i = 0; i < parkedCount; i++) {
            if (parked[(parkedHead + i) % parked.length].hasParked()) {
                n++;
            }
        }
        for (Map<String, Stack> map : java.util.List.of(ciphers, macs, aeads)) {
            for (Stack stack : map.values()) {
                n += stack.count;
            }
        }
        return n;
    }

    /** Instances this pool had to make because it had none free (for tests and benchmarks). */
    public synchronized long creations() {
        return created;
    }
}
