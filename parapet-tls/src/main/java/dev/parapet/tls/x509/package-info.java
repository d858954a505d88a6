/**
 * Certificates: PEM and DER reading, trust anchors, the PKIX-based verifier with our own host name check, and a
 * small certificate builder (for throwaway test and demo CAs).
 */
package dev.parapet.tls.x509;
