package dev.parapet.bench.harness;

import java.nio.ByteBuffer;

/** A connected (or connecting) client and server in memory, driven on one thread. */
public interface Pair extends AutoCloseable {
    /** Runs the handshake to completion, including post-handshake messages (TLS 1.3 tickets) in flight. */
    void handshake() throws Exception;

    /** The client encrypts all of {@code src}; the server decrypts it all. Returns the plaintext bytes received. */
    int send(ByteBuffer src) throws Exception;

    /** The negotiated protocol and suite, as "TLSv1.3 TLS_AES_128_GCM_SHA256". */
    String negotiated();

    /** The two endpoints (engines or connections), without the harness's buffers: what an idle connection keeps. */
    Object[] endpoints();

    /** Frees native resources; the pair is not used again. */
    @Override
    void close();
}
