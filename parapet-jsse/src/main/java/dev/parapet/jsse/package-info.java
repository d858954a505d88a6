/**
 * Parapet as a JSSE provider: {@link dev.parapet.jsse.ParapetProvider} ("Parapet") registers {@code SSLContext}
 * "TLS" (alias "SSL"), "TLSv1.3", "TLSv1.2" and "Default". Every class here is a thin adapter over the sans-IO
 * {@code dev.parapet.tls.TlsConnection}, one concern a class:
 * <ul>
 *   <li>{@code ParapetContextSpi}, {@code DefaultManagers}: the context and the "Default" one's system properties;</li>
 *   <li>{@code ParapetEngine}: the SSLEngine; {@code Records}: record headers and buffer bounds;
 *       {@code SslExceptions}: TlsException to SSLException;</li>
 *   <li>{@code EngineSettings}, {@code JsseNames}, {@code ConfigFactory}: SSLParameters and standard names onto the
 *       core's configs; {@code ClientHelloPeek}: SNI/ALPN of the ClientHello before the core sees it;</li>
 *   <li>{@code KeyManagerAdapter}, {@code TrustManagerVerifier}: the user's key and trust managers;</li>
 *   <li>{@code ParapetSession}, {@code ParapetSessionContext}, {@code HandshakeObserver}: sessions;</li>
 *   <li>{@code ParapetSocket}, {@code ParapetServerSocket} and their factories: blocking sockets driven by an
 *       engine, so sockets and engines behave alike.</li>
 * </ul>
 *
 * <h2>SSLEngine contract (checked against SunJSSE in the tests)</h2>
 * <ul>
 *   <li>Handshake status: NEED_WRAP / NEED_UNWRAP, FINISHED exactly once on the wrap or unwrap that completes the
 *       handshake, then NOT_HANDSHAKING. NEED_TASK is never returned: all work runs inline and
 *       {@code getDelegatedTask()} is always null.</li>
 *   <li>wrap: pending handshake, alert or close_notify bytes first; otherwise at most 2^14 bytes of application
 *       data as one record. BUFFER_OVERFLOW (nothing consumed) whenever dst has less than
 *       {@code getPacketBufferSize()}, as SunJSSE.</li>
 *   <li>unwrap: at most one record per call; BUFFER_UNDERFLOW until a whole record is there; after the handshake,
 *       BUFFER_OVERFLOW (nothing consumed) when dst cannot hold the most plaintext the record's length allows.</li>
 *   <li>Errors: the call that detects a failure throws (SSLHandshakeException during the handshake, SSLException
 *       after), with Parapet's one-line reason as message and the TlsException as cause; the status turns
 *       NEED_WRAP and the next wrap emits the alert with CLOSED.</li>
 *   <li>close: closeOutbound queues close_notify (NEED_WRAP; wrap then says CLOSED). Receiving close_notify gives
 *       CLOSED; in TLS 1.2 the engine answers with its own close_notify (NEED_WRAP), in TLS 1.3 it stays half-open,
 *       as SunJSSE. closeInbound before the peer's close_notify throws "closing inbound before receiving peer's
 *       close_notify" once the handshake began (not before).</li>
 * </ul>
 */
package dev.parapet.jsse;
