package dev.parapet.bench.harness;

/** Makes pairs of one implementation for one scenario, from configuration built once. */
public interface PairFactory {
    Pair newPair() throws Exception;
}
