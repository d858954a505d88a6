package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A fuzzed client drives Parapet's server state machine, as {@link ClientConnectionFuzzTest} does the client's. The
 * seeds are what OpenSSL's s_client sent to the deterministic server of {@link FuzzPki} (TLS 1.3, TLS 1.3 with a
 * P-256 share first, TLS 1.2), application data and close_notify included.
 */
class ServerConnectionFuzzTest {

    @FuzzTest
    void server(byte[] input) {
        Replay.server().run(Flight.parse(input));
    }
}
