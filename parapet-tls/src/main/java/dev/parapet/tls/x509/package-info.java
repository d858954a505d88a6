/**
 * Certificates: PEM and DER reading, trust anchors, two verifiers, host name matching, and a small certificate
 * builder (for throwaway test and demo CAs).
 *
 * <h2>Parapet's verifier (the default)</h2>
 * {@link dev.parapet.tls.x509.ParapetCertificateVerifier} does not use the JDK's PKIX code:
 * <ol>
 *   <li>{@link dev.parapet.tls.x509.Certificate} parses each DER certificate strictly (RFC 5280, 4.1) and turns
 *       every failure, for any byte string, into a {@link dev.parapet.tls.x509.VerificationException};</li>
 *   <li>{@code PathBuilder} finds a path from the leaf to a trust anchor through the other certificates in any
 *       order, by issuer/subject name DER and key identifiers, backtracking over alternatives (cross-signed roots,
 *       several candidate issuers), bounded in depth (8) and in signature checks (100);</li>
 *   <li>{@code PathValidator} applies RFC 5280, 6.1 for what TLS needs: validity at a clock, basicConstraints and
 *       pathLenConstraint, keyUsage, extendedKeyUsage down the chain (the Web PKI's reading), nameConstraints
 *       (DNS, IP, email, directory name) and an algorithm policy (no MD5/SHA-1, RSA >= 2048);</li>
 *   <li>{@link dev.parapet.tls.x509.HostnameMatcher} checks the name (RFC 9525): subjectAltName only unless the
 *       CN fallback is allowed.</li>
 * </ol>
 * Alerts: certificate_expired (validity), unknown_ca (no path to an anchor), unsupported_certificate (usage,
 * algorithm policy, unknown critical extension), bad_certificate (everything else, including a certificate
 * signature that does not verify: decrypt_error is kept for handshake signatures).
 *
 * <h2>The JDK's PKIX verifier (an option)</h2>
 * {@link dev.parapet.tls.x509.PkixCertificateVerifier} ({@code CertificateVerifier.jdkPkix(anchors)}) validates
 * with the JDK's CertPathValidator and adds our name and extended key usage checks.
 * {@code DifferentialTest} lists where the two differ and why.
 */
package dev.parapet.tls.x509;
