package dev.parapet.bench;

import dev.parapet.bench.harness.Impl;
import dev.parapet.bench.harness.Pair;
import dev.parapet.bench.harness.PairFactory;
import dev.parapet.bench.harness.Scenario;
import dev.parapet.bench.harness.Stacks;
import java.nio.ByteBuffer;

/**
 * Heap retained per idle connection: N pairs are connected (TLS 1.3, ECDSA P-256, x25519, AES-128-GCM), 1 KiB is
 * sent client to server on each, then only the two endpoints of each pair are kept (the harness's wire and
 * application buffers are dropped). Used heap after full GCs, minus the baseline, over 2N sides. Native memory
 * (tcnative, Conscrypt) is not counted. Run in its own JVM: {@code java -cp benchmarks.jar
 * dev.parapet.bench.IdleMemory IMPL [N]}; prints {@code idle IMPL bytesPerSide=...}.
 */
public final class IdleMemory {
    private IdleMemory() {
    }

    public static void main(String[] args) throws Exception {
        Stacks.configureJvm();
        Impl impl = Impl.valueOf(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String why = Stacks.unavailable(impl);
        if (why != null) {
            System.out.println("idle " + impl + " unavailable=" + why.replace('\n', ' '));
            return;
        }
        PairFactory factory = Stacks.factory(impl, Scenario.bulk13("AES_128_GCM"));
        ByteBuffer data = ByteBuffer.allocateDirect(1024);
        // Warm up: classes, caches, thread-locals and the like belong to the baseline, not to a connection.
        Object[][] warm = connect(factory, data, 200);
        warm = null;
        long before = usedAfterGc();
        Object[][] kept = connect(factory, data, n);
        long after = usedAfterGc();
        double perSide = (after - before) / (2.0 * n);
        System.out.printf("idle %s bytesPerSide=%.0f n=%d (kept %d)%n", impl, perSide, n, kept.length);
    }

    private static Object[][] connect(PairFactory factory, ByteBuffer data, int n) throws Exception {
        Object[][] kept = new Object[n][];
        for (int i = 0; i < n; i++) {
            Pair p = factory.newPair();
            p.handshake();
            data.clear();
            p.send(data);
            kept[i] = p.endpoints();
        }
        return kept;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
