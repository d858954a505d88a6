/**
 * P-256 (secp256r1) ECDH and ECDSA in pure Java: Montgomery-form field arithmetic on 64-bit limbs, complete
 * projective addition formulas, constant-time scalar multiplication for secrets, a precomputed base-point table,
 * variable-time double-scalar multiplication for verification, RFC 6979 hedged nonces. The entry point is
 * {@link dev.parapet.tls.crypto.p256.P256}.
 */
package dev.parapet.tls.crypto.p256;
