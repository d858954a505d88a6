/**
 * Keccak-f[1600] and the FIPS 202 functions built on it (SHA3-256, SHA3-512, SHAKE128, SHAKE256), in pure Java:
 * JDK 17 has the SHA-3 hashes but no SHAKE, which ML-KEM needs.
 */
package dev.parapet.tls.crypto.keccak;
