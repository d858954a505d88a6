/**
 * ChaCha20-Poly1305 (RFC 8439) in pure Java: the ChaCha20 stream cipher on an int state (eight blocks at a time with
 * the incubating Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector}, see docs/chacha.md),
 * Poly1305 in 44-bit limbs, and the AEAD that seals and opens TLS records in place on heap or direct buffers with no
 * allocation per record.
 * {@link dev.parapet.tls.crypto.CryptoProvider#parapet()} uses it on JDKs where it beats the JCA's.
 */
package dev.parapet.tls.crypto.chacha;
