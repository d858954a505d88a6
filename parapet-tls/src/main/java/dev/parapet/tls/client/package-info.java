/**
 * The client side of the TLS 1.3 handshake, one class per state: ExpectServerHello (or HelloRetryRequest),
 * ExpectEncryptedExtensions, ExpectCertificate (or CertificateRequest), ExpectCertificateVerify,
 * ExpectServerFinished; then {@link dev.parapet.tls.engine.Connected}.
 */
package dev.parapet.tls.client;
