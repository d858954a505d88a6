/**
 * TLS 1.3 session resumption with tickets (RFC 8446, 2.2, 4.2.11, 4.6.1).
 *
 * <p>Server: after each TLS 1.3 handshake the server sends {@code ticketsPerConnection} NewSessionTickets. A ticket
 * is the server's whole state for the session ({@link dev.parapet.tls.session.TicketState}: resumption PSK, suite,
 * ALPN, SNI, creation time, age_add, lifetime, the client's chain), sealed by
 * {@link dev.parapet.tls.session.TicketSealer} with AES-256-GCM under the current key of a
 * {@link dev.parapet.tls.session.TicketKeys} source; the key id travels in the ticket so previous keys still open
 * it. The server keeps nothing per ticket, so servers sharing keys ({@code TicketKeys.fromFile}) resume each
 * other's sessions. A ClientHello's pre_shared_key is judged in {@code server.Resumption}: an identity that does not
 * open, is expired, reports an age more than 10 s off, or was issued for another suite hash or server name is
 * passed over (full handshake); a bad binder on the chosen one is decrypt_error. Only psk_dhe_ke is accepted.
 *
 * <p>Client: tickets go into the config's {@link dev.parapet.tls.session.SessionCache} under the server name (or
 * {@code name:port}); the next connection takes the newest live one (tickets are single-use), offers it with its
 * obfuscated age and binder ({@link dev.parapet.tls.session.PskBinder}), and when the server selects it skips the
 * certificate messages; the session keeps the original server chain and reports {@code resumed()}.
 *
 * <p>Not yet: 0-RTT early data, psk_ke, TLS 1.2 resumption, a shared {@code SessionStore} (issue 8).
 */
package dev.parapet.tls.session;
