/**
 * X25519 (RFC 7748) and Ed25519 (RFC 8032) in pure Java, constant time for secret data, sharing one field
 * implementation (GF(2^255 - 19) in five 51-bit limbs with {@link java.lang.Math#multiplyHigh}). Public API:
 * {@link dev.parapet.tls.crypto.curve25519.X25519} and {@link dev.parapet.tls.crypto.curve25519.Ed25519}; see
 * docs/curve25519.md.
 */
package dev.parapet.tls.crypto.curve25519;
