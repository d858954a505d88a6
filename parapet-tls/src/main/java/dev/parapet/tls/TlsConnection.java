package dev.parapet.tls;

import java.nio.ByteBuffer;

/**
 * One TLS connection, sans IO: the caller moves bytes between it and the network, and reads and writes plaintext.
 * Not thread-safe: one thread drives a connection at a time.
 *
 * <pre>
 * loop:
 *   conn.receiveFromNetwork(in)    // whole records are consumed; a partial record stays in {@code in}
 *   conn.sendToNetwork(out)        // pending TLS bytes
 *   conn.read(plain) / conn.write(plain)
 * </pre>
 */
public final class TlsConnection {
    /** The largest TLS record on the wire: 5-byte header + 2^14 + 256 (RFC 8446, 5.2). */
    public static final int MAX_RECORD_SIZE = 5 + (1 << 14) + 256;

    /** A client connection; {@code serverName} is the host to reach: sent as SNI unless an IP literal, and checked
     *  against the certificate. Null means no SNI and no name check. */
    public static TlsConnection client(TlsClientConfig config, String serverName) {
        throw new UnsupportedOperationException("TODO");
    }

    public static TlsConnection server(TlsServerConfig config) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Consumes whole records from {@code in}; a trailing partial record is left there for the caller to complete.
     * Stops early while decrypted application data waits to be {@link #read}. Give it a buffer of at least
     * {@link #MAX_RECORD_SIZE} bytes so a record always fits.
     *
     * @throws TlsException after queuing the alert (drain it with {@link #sendToNetwork}) when the peer misbehaves,
     *                      or when the peer sent a fatal alert
     */
    public void receiveFromNetwork(ByteBuffer in) throws TlsException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Copies pending TLS bytes into {@code out}; returns how many. */
    public int sendToNetwork(ByteBuffer out) {
        throw new UnsupportedOperationException("TODO");
    }

    /** True when there are TLS bytes waiting for {@link #sendToNetwork}. */
    public boolean hasPendingOutput() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Encrypts application data from {@code plaintext} into pending output, split into records as needed.
     *
     * @return bytes consumed (all of them, unless the connection is closed for writing)
     * @throws TlsException when the handshake is not complete or the connection failed
     */
    public int write(ByteBuffer plaintext) throws TlsException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Copies decrypted application data into {@code dst}; 0 when none waits; -1 after the peer's close_notify. */
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Bytes of decrypted application data waiting to be read. */
    public int available() {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean isHandshaking() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The negotiated parameters, or null before the handshake completes. */
    public TlsSession session() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Queues close_notify; no more application data may be written. */
    public void closeOutbound() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True once the peer's close_notify arrived (or the connection failed). */
    public boolean isInboundDone() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True once close_notify (or a fatal alert) is queued. */
    public boolean isOutboundDone() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Tells the connection the transport reached end of stream.
     *
     * @throws TlsException when no close_notify came first: the data may have been truncated
     */
    public void receiveEndOfStream() throws TlsException {
        throw new UnsupportedOperationException("TODO");
    }

    /** RFC 8446, 4.6.3: sends a KeyUpdate; when {@code requestPeerUpdate}, asks the peer to update too. */
    public void updateKeys(boolean requestPeerUpdate) throws TlsException {
        throw new UnsupportedOperationException("TODO");
    }
}
