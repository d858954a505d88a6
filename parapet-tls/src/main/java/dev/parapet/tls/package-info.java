/**
 * Parapet: a TLS 1.3 stack. The public face: {@link dev.parapet.tls.TlsConnection} (sans-IO, one per connection),
 * its immutable configurations {@link dev.parapet.tls.TlsClientConfig} and {@link dev.parapet.tls.TlsServerConfig}
 * (made by builders, shared by any number of connections), the negotiated {@link dev.parapet.tls.TlsSession},
 * {@link dev.parapet.tls.TlsException} (the alert, the state, one line of reason) and the tracing
 * {@link dev.parapet.tls.TlsListener}. Blocking sockets live in {@code dev.parapet.tls.io}.
 */
package dev.parapet.tls;
