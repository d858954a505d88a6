package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A fuzzed server drives Parapet's client state machine through the sans-IO {@code TlsConnection}. Each input is a
 * {@link Flight}: the records the server sends, in plaintext, tagged with the keys to seal them under. The seeds are
 * what OpenSSL's s_server sent in real handshakes (TLS 1.3, with HelloRetryRequest, with client authentication, TLS
 * 1.2 with AES-GCM and ChaCha20), recorded by {@link SeedRecorder} against the deterministic client of
 * {@link FuzzPki}: an unmutated seed replays a whole handshake (ReplayTest checks it), so a mutated message lands
 * deep in it. The checks are {@link Replay}'s.
 */
class ClientConnectionFuzzTest {

    @FuzzTest
    void client(byte[] input) {
        Replay.client().run(Flight.parse(input));
    }
}
