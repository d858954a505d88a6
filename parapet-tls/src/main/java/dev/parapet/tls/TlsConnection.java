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

    /**
     * As {@link #client(TlsClientConfig, String)}, with tickets and TLS 1.2 sessions kept and looked up under
     * {@code cacheKey} (e.g. the peer's "host:port" even when the host is an IP address and no SNI is sent); null
     * keeps nothing and offers nothing.
     */
    public static TlsConnection clientWithCacheKey(TlsClientConfig config, String serverName, String cacheKey) {
        return client(config, serverName, cacheKey);
    }

    /**
     * As {@link #client(TlsClientConfig, String, int)}, sending {@code earlyData} as 0-RTT data with the ClientHello
     * (RFC 8446, 2.3) when a kept ticket for this server allows that much; the buffer is consumed only then. After
     * the handshake, {@link #earlyDataStatus()} says whether the server took it; unless ACCEPTED, write it again.
     * Early data can be replayed by an attacker: send only requests that are safe to repeat (RFC 8446, 8).
     */
    public static TlsConnection client(TlsClientConfig config, String serverName, int port, ByteBuffer earlyData) {
        return client(config, serverName, serverName == null ? null : serverName + ":" + port, earlyData);
    }

    private static TlsConnection client(TlsClientConfig config, String serverName, String cachePeer) {
        return client(config, serverName, cachePeer, null);
    }

    private static TlsConnection client(TlsClientConfig config, String serverName, String cachePeer,
                                        ByteBuffer earlyData) {
        Engine engine = new Engine(true, config.listener(), config.random(), config.keyLog(),
                config.keyUpdateAfterRecords(), config.connectionCrypto(), config.limits(),
                config.recordBufferPool(), config.cipherPool());
        try {
            engine.start(ClientHandshake.start(engine.context(), config, serverName, cachePeer, earlyData));
        } catch (TlsException e) {
            throw new IllegalStateException("cannot build a ClientHello: " + e.getMessage(), e);
        }
        return new TlsConnection(engine, true);
    }

    public static TlsConnection server(TlsServerConfig config) {
        return server(config, config.listener());
    }

    /** As {@link #server(TlsServerConfig)}, with this connection's own listener in place of the config's (to tell
     *  connections apart in a trace, say). */
    public static TlsConnection server(TlsServerConfig config, TlsListener listener) {
        Engine engine = new Engine(false, listener, config.random(), config.keyLog(),
                config.keyUpdateAfterRecords(), config.connectionCrypto(), config.limits(),
                config.recordBufferPool(), config.cipherPool());
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

    /**
     * The pool this connection's record buffers come from (its config's); a transport may borrow its network buffers
     * from it too, as {@link dev.parapet.tls.io.TlsSocket} does.
     */
    public dev.parapet.tls.record.RecordBufferPool recordBufferPool() {
        return engine.recordBufferPool();
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
     * Releases the internal record buffers (about 54 KiB) while no input waits to be read and no output to be sent;
     * they are allocated again on demand. For servers holding many idle connections; costs an allocation on the next
     * record.
     */
    public void releaseBuffers() {
        engine.releaseBuffers();
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

    /**
     * {@link #write} and {@link #sendToNetwork} in one step, with one copy fewer: while {@code out} has room for a
     * whole record ({@link #MAX_RECORD_SIZE} is always enough), records are sealed straight into it; data that does
     * not fit is taken as {@link #write} takes it and waits for the next {@link #sendToNetwork} (or wrap). Pending
     * output (a KeyUpdate, say) goes first.
     *
     * @return bytes put into {@code out}; {@code plaintext}'s position shows how much was taken
     * @throws TlsException as {@link #write}
     */
    public int wrap(ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        return engine.wrap(plaintext, out);
    }

    /**
     * {@link #receiveFromNetwork} and {@link #read} in one step, with one copy fewer: once the handshake is complete,
     * application data records are opened straight into {@code dst} while it has room for a whole record (16 KiB
     * and a little more is always enough); handshake messages and alerts among them are handled as by
     * {@link #receiveFromNetwork}. Otherwise (less room, data already waiting, the handshake) it is exactly
     * receiveFromNetwork then read. A trailing partial record stays in {@code in}.
     *
     * @return bytes of application data put into {@code dst}; 0 when none came; -1 after the peer's close_notify
     *         once everything was read
     * @throws TlsException as {@link #receiveFromNetwork}
     */
    public int unwrap(ByteBuffer in, ByteBuffer dst) throws TlsException {
        return engine.unwrap(in, dst);
    }

    /** Copies decrypted application data into {@code dst}; 0 when none waits; -1 after the peer's close_notify. */
    public int read(ByteBuffer dst) {
        return engine.read(dst);
    }

    /** Bytes of decrypted application data waiting to be read. */
    public int available() {
        return engine.available();
    }

    /**
     * What became of 0-RTT data (RFC 8446, 4.2.10): on a client, whether the server took what was given to
     * {@link #client(TlsClientConfig, String, int, ByteBuffer)}; on a server, whether it took the client's (the data
     * is then the first thing {@link #read} returns - readable even before the handshake completes).
     */
    public EarlyDataStatus earlyDataStatus() {
        return engine.context().earlyDataStatus;
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
