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
 *       NEED_WRAP and the next wrap emits the alert with CLOSED. Bytes that cannot start a TLS record (a content
 *       type other than 20..23, a major version other than 3, a length over 2^14 + 2048) fail at once, before any
 *       body is awaited, with a plain SSLException (SunJSSE: "Unsupported or unrecognized SSL message") carrying
 *       the core's reason, e.g. "peer spoke plain HTTP, not TLS"; the alert goes out on the next wrap.</li>
 *   <li>close: closeOutbound queues close_notify (NEED_WRAP; wrap then says CLOSED). Receiving close_notify gives
 *       CLOSED, and the engine answers with its own close_notify (NEED_WRAP, then wrap CLOSED) in TLS 1.3 as in
 *       TLS 1.2. This is a deliberate difference from SunJSSE's default (TLS 1.3 half-close; SunJSSE answers only
 *       with {@code jdk.tls.acknowledgeCloseNotify=true}, a property Parapet does not read): RFC 8446, 6.1 allows
 *       either, and answering makes half-close-unaware engine users such as {@code java.net.http.HttpClient}
 *       finish a response that the server ends by closing ({@code openssl s_server -www}). Parapet's SSLSocket
 *       keeps the TLS 1.3 half-close: reading gives end of stream and the socket's close() or shutdownOutput()
 *       sends close_notify. closeInbound before the peer's close_notify throws "closing inbound before receiving
 *       peer's close_notify" once the handshake began (not before).</li>
 * </ul>
 */
package dev.parapet.jsse;
