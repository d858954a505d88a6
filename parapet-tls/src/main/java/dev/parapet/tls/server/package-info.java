/**
 * The server side of the TLS 1.3 handshake: ExpectClientHello (which may answer with a HelloRetryRequest), the
 * ServerFlight it sends, and ExpectClientFinished; then {@link dev.parapet.tls.engine.Connected}. Negotiation holds
 * the server's choices (its own preference order wins).
 */
package dev.parapet.tls.server;
