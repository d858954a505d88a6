package dev.parapet.tls.engine;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;

/**
 * One handshake state: it takes one message of a type it {@link #expects}, checks it against the RFC, updates the
 * transcript and keys, queues what it sends, and returns the next state. The engine refuses any other message type
 * with unexpected_message before a state sees it.
 */
public interface State {
    /** A short name for errors and traces, e.g. {@code ExpectServerHello}. */
    default String name() {
        return getClass().getSimpleName();
    }

    boolean expects(HandshakeType type);

    State handle(HandshakeMessage message) throws TlsException;

    /** True once the handshake is complete (application data may flow). */
    default boolean isConnected() {
        return false;
    }

    /** TLS 1.3 server: true while accepted 0-RTT application data may arrive (RFC 8446, 4.2.10). */
    default boolean acceptsEarlyData() {
        return false;
    }

    /** TLS 1.3: true while a dummy change_cipher_spec from the peer is acceptable (RFC 8446, 5 and D.4). */
    default boolean acceptsChangeCipherSpec() {
        return !isConnected();
    }

    /**
     * TLS 1.2 (RFC 5246, 7.1): the peer's ChangeCipherSpec, which switches its records to the pending keys. States
     * that expect one return the next state; the rest return null and the engine decides (TLS 1.3's dummy, or
     * unexpected_message).
     */
    default State changeCipherSpec() throws TlsException {
        return null;
    }
}
