/**
 * Cipher suites, named groups and signature schemes, and thin adapters over the JCA: AEAD, ECDHE key exchange
 * (with key share validation) and signatures (with strict encodings).
 */
package dev.parapet.tls.crypto;
