/** Blocking sockets over {@link dev.parapet.tls.TlsConnection}: a client/server TlsSocket and a TlsServerSocket. */
package dev.parapet.tls.io;
