package dev.parapet.tls;

import dev.parapet.tls.client.ClientHandshake;
import dev.parapet.tls.engine.Engine;
import dev.parapet.tls.server.ServerHandshake;
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
    /** The largest TLS record on the wire: 5-byte header + 2^14 + 2048 (TLS 1.2, RFC 5246 6.2.3; TLS 1.3 needs 256). */
    public static final int MAX_RECORD_SIZE = 5 + (1 << 14) + 2048;

    private final Engine engine;
    private final boolean client;

    private TlsConnection(Engine engine, boolean client) {
        this.engine = engine;
        this.client = client;
    }

    /** A client connection; {@code serverName} is the host to reach: sent as SNI unless an IP literal, and checked
     *  against the certificate. Null means no SNI and no name check. */
    public static TlsConnection client(TlsClientConfig config, String serverName) {
        return client(config, serverName, serverName);
    }

    /**
     * As {@link #client(TlsClientConfig, String)}, with tickets kept and looked up under {@code serverName:port}, so
     * that servers sharing a name on different ports do not get each other's tickets.
     */
    public static TlsConnection client(TlsClientConfig config, String serverName, int port) {
        return client(config, serverName, serverName == null ? null : serverName + ":" + port);
    }

    private static TlsConnection client(TlsClientConfig config, String serverName, String cachePeer) {
        Engine engine = new Engine(true, config.listener(), config.random(), config.keyLog(),
                config.keyUpdateAfterRecords(), config.limits());
        try {
            engine.start(ClientHandshake.start(engine.context(), config, serverName, cachePeer));
        } catch (TlsException e) {
            throw new IllegalStateException("cannot build a ClientHello: " + e.getMessage(), e);
        }
        return new TlsConnection(engine, true);
    }

    public static TlsConnection server(TlsServerConfig config) {
        Engine engine = new Engine(false, config.listener(), config.random(), config.keyLog(),
                config.keyUpdateAfterRecords(), config.limits());
        engine.start(ServerHandshake.start(engine.context(), config));
        return new TlsConnection(engine, false);
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
        engine.receive(in);
    }

    /** Copies pending TLS bytes into {@code out}; returns how many. */
    public int sendToNetwork(ByteBuffer out) {
        return engine.drain(out);
    }

    /** True when there are TLS bytes waiting for {@link #sendToNetwork}. */
    public boolean hasPendingOutput() {
        return engine.hasPendingOutput();
    }

    /**
     * Encrypts application data from {@code plaintext} into pending output, split into records as needed.
     *
     * @return bytes consumed (all of them, unless the connection is closed for writing)
     * @throws TlsException when the handshake is not complete or the connection failed
     */
    public int write(ByteBuffer plaintext) throws TlsException {
        return engine.write(plaintext);
    }

    /** Copies decrypted application data into {@code dst}; 0 when none waits; -1 after the peer's close_notify. */
    public int read(ByteBuffer dst) {
        return engine.read(dst);
    }

    /** Bytes of decrypted application data waiting to be read. */
    public int available() {
        return engine.available();
    }

    public boolean isHandshaking() {
        return engine.isHandshaking();
    }

    /** The negotiated parameters, or null before the handshake completes. */
    public TlsSession session() {
        return engine.session();
    }

    /** Queues close_notify; no more application data may be written. */
    public void closeOutbound() {
        engine.closeOutbound();
    }

    /** True once the peer's close_notify arrived (or the connection failed). */
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    /** True once close_notify (or a fatal alert) is queued. */
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    /**
     * Tells the connection the transport reached end of stream.
     *
     * @throws TlsException when no close_notify came first: the data may have been truncated
     */
    public void receiveEndOfStream() throws TlsException {
        engine.receiveEndOfStream();
    }

    /** RFC 8446, 4.6.3: sends a KeyUpdate; when {@code requestPeerUpdate}, asks the peer to update too. */
    public void updateKeys(boolean requestPeerUpdate) throws TlsException {
        engine.sendKeyUpdate(requestPeerUpdate);
    }

    /**
     * RFC 8446, 4.6.2: a TLS 1.3 server asks the client for a certificate now (post-handshake authentication). The
     * answer arrives with later records; {@link #session()} then names the client's chain. Needs
     * {@code ClientAuth.POST_HANDSHAKE} in the server config and a client that offered post_handshake_auth.
     */
    public void requestClientCertificate() throws TlsException {
        engine.requestClientCertificate();
    }

    /** True for the client side. */
    public boolean isClient() {
        return client;
    }

    /** The failure that ended this connection, or null. */
    public TlsException failure() {
        return engine.failure();
    }
}
