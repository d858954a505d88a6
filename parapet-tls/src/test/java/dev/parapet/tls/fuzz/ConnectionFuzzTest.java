package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A fuzzed peer drives Parapet's client and server state machines through the sans-IO {@code TlsConnection}. Each
 * input is a {@link Flight}: the records the peer sends, in plaintext, tagged with the keys to seal them under. The
 * seeds are what OpenSSL sent in real handshakes (TLS 1.3, with HelloRetryRequest, with client authentication, TLS
 * 1.2), recorded by {@link SeedRecorder} against the deterministic endpoints of {@link FuzzPki}, so an unmutated seed
 * replays a whole handshake, and the fuzzer's byte flips, splices and truncations of one message land deep in it.
 * The checks are {@link Replay}'s.
 */
class ConnectionFuzzTest {

    /** Parapet is the client; the input is the server's side. */
    @FuzzTest
    void client(byte[] input) {
        Replay.client().run(Flight.parse(input));
    }

    /** Parapet is the server; the input is the client's side. */
    @FuzzTest
    void server(byte[] input) {
        Replay.server().run(Flight.parse(input));
    }
}
