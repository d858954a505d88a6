/**
 * Key derivation: HKDF (RFC 5869) and the TLS 1.3 key schedule (RFC 8446, 7), checked against RFC 8448; the TLS 1.2
 * PRF, master secret and extended master secret (RFC 5246, 5 and 8.1; RFC 7627), checked against published vectors.
 */
package dev.parapet.tls.keyschedule;
