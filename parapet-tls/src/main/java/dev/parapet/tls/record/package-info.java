/**
 * The record layer: framing and size limits, and record protection per version. TLS 1.3 (RFC 8446, 5) hides the
 * content type inside the AEAD; TLS 1.2 (RFC 5246, 6.2.3) has AEAD suites (RFC 5288 explicit nonces, RFC 7905) and
 * CBC with HMAC, MAC-then-encrypt checked in constant time and encrypt-then-MAC (RFC 7366). Incoming protected
 * records are opened into one reused buffer; outgoing ones are sealed from the caller's buffer straight into the
 * output buffer, with one JCA Cipher per direction.
 */
package dev.parapet.tls.record;
