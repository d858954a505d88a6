/**
 * A non-blocking TLS server over {@link dev.parapet.tls.TlsConnection}, for many connections on a small machine.
 *
 * <ul>
 *   <li>One selector thread notices readiness and deadlines; it never touches TLS state. A fixed pool of workers
 *       runs each connection's steps (handshake messages with their signatures and key exchanges, record protection,
 *       the {@link dev.parapet.tls.io.nio.ConnectionHandler}), one step at a time per connection. The work queue
 *       holds at most one step per connection, so it is bounded by the connection cap.</li>
 *   <li>Memory: network buffers (one record each) are borrowed from a pool only while bytes are in flight; a slow
 *       sender's partial record of up to 2 KiB is parked in a buffer of its own size; the core's record buffers are
 *       released whenever nothing is pending. An idle established connection holds no buffer.</li>
 *   <li>Back-pressure: reading from a client pauses while the socket refuses our output or the handler's queued
 *       plaintext is above {@code maxPendingOutput}, and resumes when it drains.</li>
 *   <li>Timeouts: a handshake not complete {@code handshakeTimeout} after accept is closed without an alert (a client
 *       that slow gets nothing more from us; it sees the end of the stream). An established connection with no
 *       bytes moved for {@code idleTimeout} gets close_notify. A closing connection has 2 s to send its last bytes
 *       and see the peer's end of stream before the socket is closed anyway.</li>
 *   <li>Failures: a {@link dev.parapet.tls.TlsException} gets its alert sent, then the connection half-closes and
 *       drops the peer's remaining input until it closes, so no reset overtakes the alert; no other connection is
 *       affected.</li>
 *   <li>Connection cap: at {@code maxConnections} accepting pauses and clients wait in the listen backlog.</li>
 *   <li>Shutdown: close_notify to every connection, a bounded wait, then the rest are cut.</li>
 * </ul>
 */
package dev.parapet.tls.io.nio;
