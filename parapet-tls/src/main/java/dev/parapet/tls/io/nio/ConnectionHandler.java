package dev.parapet.tls.io.nio;

import java.nio.ByteBuffer;

/**
 * What a {@link NioTlsServer} does with its connections. The callbacks of one connection never run concurrently and
 * run on a worker thread, never on the selector thread; they should not block for long, since a worker serves many
 * connections. An exception thrown by a callback closes that connection (close_notify) and no other.
 */
public interface ConnectionHandler {
    /** The handshake completed; {@link NioConnection#session()} names what was negotiated. */
    default void onOpen(NioConnection connection) {
    }

    /**
     * Decrypted application data. {@code data} is only valid during the call (it is a pooled buffer); answer with
     * {@link NioConnection#write}, which copies what it cannot encrypt at once.
     */
    void onData(NioConnection connection, ByteBuffer data);

    /**
     * The connection is closed and its resources are released; called exactly once per accepted connection, also
     * for those whose handshake never completed ({@link NioConnection#session()} is then null).
     *
     * @param failure null after a clean close (close_notify either way, or {@link NioConnection#close()}); else
     *                why: a {@code TlsException} (its alert was sent or received), a
     *                {@code java.net.SocketTimeoutException} for the handshake or idle timeout, an
     *                {@code IOException} from the network (a reset, say), or what a callback threw
     */
    default void onClose(NioConnection connection, Exception failure) {
    }
}
