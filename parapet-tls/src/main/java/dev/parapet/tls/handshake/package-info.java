/**
 * Handshake message and extension codecs (RFC 8446, 4), one class per message: {@code decode} refuses malformed
 * input with the alert the RFC names, {@code encode} writes the wire form. Also the reassembler that turns records
 * into messages, and the transcript hash.
 */
package dev.parapet.tls.handshake;
