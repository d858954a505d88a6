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
 * passed over (full handshake); a bad binder on the chosen one is decrypt_error. psk_dhe_ke by default; psk_ke when
 * both sides list it ({@code pskModes}).
 *
 * <p>Client: tickets go into the config's {@link dev.parapet.tls.session.SessionCache} under the server name (or
 * {@code name:port}); the next connection takes the newest live one (tickets are single-use), offers it with its
 * obfuscated age and binder ({@link dev.parapet.tls.session.PskBinder}), and when the server selects it skips the
 * certificate messages; the session keeps the original server chain and reports {@code resumed()}.
 *
 * <p>TLS 1.2 (RFC 5246, 7.4.1.2 and 7.3; RFC 5077; RFC 7627, 5.3): a server sends a NewSessionTicket holding a
 * sealed {@link dev.parapet.tls.session.Tls12SessionState} to clients that send session_ticket, else keeps that
 * sealed state in the {@link dev.parapet.tls.session.SessionStore} under a random session ID; only sessions with the
 * extended master secret. The client keeps a {@link dev.parapet.tls.session.Tls12Session} per peer in its
 * {@link dev.parapet.tls.session.SessionCache} and offers it (by ticket, or by session ID) until it expires; the
 * server resumes it when suite, SNI and encrypt_then_mac still fit ({@code server.Tls12Resumption}).
 *
 * <p>0-RTT (RFC 8446, 2.3, 4.2.10, 8): a server with {@code maxEarlyData > 0} puts early_data in its tickets and
 * takes a resumed client's early data once per ticket, claimed in the {@link dev.parapet.tls.session.SessionStore}
 * (fleet-wide when the store is shared, e.g. through Redis); refused early data is skipped by trial decryption.
 */
package dev.parapet.tls.session;
