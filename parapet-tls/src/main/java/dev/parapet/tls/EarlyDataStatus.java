package dev.parapet.tls;

/**
 * What became of a connection's 0-RTT early data (RFC 8446, 2.3 and 4.2.10). On a client, data given for early
 * sending that ends {@link #REJECTED} or {@link #NOT_OFFERED} was not delivered: write it again after the handshake.
 */
public enum EarlyDataStatus {
    /** No early data: none was given, no ticket allowed it, or (on a server) the client sent none. */
    NOT_OFFERED,
    /** Sent with the ClientHello; the server's answer has not arrived yet. */
    OFFERED,
    /** The server took it: it was delivered once, but it may be a replay (RFC 8446, 8) - only idempotent requests. */
    ACCEPTED,
    /** The server refused it (no 0-RTT, a replayed ticket, a HelloRetryRequest, ...): it was not delivered. */
    REJECTED
}
