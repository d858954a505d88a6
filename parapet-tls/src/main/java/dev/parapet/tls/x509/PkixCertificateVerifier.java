package dev.parapet.tls.x509;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a peer's chain with the JDK's PKIX validator (RFC 5280, 6) over a set of trust anchors, then its
 * extended key usage and its name (RFC 6125). Revocation is not checked.
 *
 * <p>Failures are {@link TlsException}s with one line a person can act on, and these alerts:
 * <ul>
 *   <li>expired or not yet valid: {@code certificate_expired};</li>
 *   <li>no path to a trust anchor: {@code unknown_ca};</li>
 *   <li>extended key usage without serverAuth (or clientAuth for client certificates):
 *       {@code unsupported_certificate};</li>
 *   <li>name mismatch: {@code bad_certificate}, as Go and OpenSSL-based stacks send (RFC 8446 leaves the choice
 *       between bad_certificate and certificate_unknown open);</li>
 *   <li>bad signature, malformed certificate, other PKIX failures: {@code bad_certificate}.</li>
 * </ul>
 * The chain may arrive out of order or with extra certificates (RFC 8446, 4.4.2): the path is built from the leaf
 * by issuer name, preferring issuers whose key verifies the signature, and stops at the first trust anchor.
 */
public final class PkixCertificateVerifier implements CertificateVerifier {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final Map<String, String> PURPOSE_NAMES = Map.of(
            SERVER_AUTH, "serverAuth", CLIENT_AUTH, "clientAuth", "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection", "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning", ANY_EXTENDED_KEY_USAGE, "anyExtendedKeyUsage");

    private final TrustAnchors anchors;
    private final Clock clock;
    private final String requiredPurpose;

    public PkixCertificateVerifier(TrustAnchors anchors) {
        this(anchors, Clock.systemUTC());
    }

    public PkixCertificateVerifier(TrustAnchors anchors, Clock clock) {
        this(anchors, clock, SERVER_AUTH);
    }

    private PkixCertificateVerifier(TrustAnchors anchors, Clock clock, String requiredPurpose) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requiredPurpose = requiredPurpose;
    }

    /** For a server verifying client certificates: requires clientAuth instead of serverAuth. */
    public static PkixCertificateVerifier forClientCertificates(TrustAnchors anchors, Clock clock) {
        return new PkixCertificateVerifier(anchors, clock, CLIENT_AUTH);
    }

    @Override
    public void verify(List<X509Certificate> chain, String serverName) throws TlsException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE, "the peer sent no certificate");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf = chain.get(0);
        Path path = buildPath(chain);
        checkValidity(leaf, now);
        for (X509Certificate certificate : path.certificates) {
            checkValidity(certificate, now);
        }
        if (!path.trusted && path.notSignedByNamedAnchor != null) {
            X509Certificate cert = path.notSignedByNamedAnchor;
            throw new TlsException(AlertDescription.BAD_CERTIFICATE, "certificate for " + Names.displayName(cert)
                    + " names the trusted CA " + Names.describe(cert.getIssuerX500Principal())
                    + " as its issuer, but that CA's key does not verify its signature");
        }
        if (!path.trusted) {
            throw unknownCa(path.top());
        }
        if (!path.certificates.isEmpty()) {
            validate(path.certificates, now);
        }
        checkPurpose(leaf);
        if (serverName != null) {
            checkName(leaf, serverName);
        }
    }

    // ---- Path building ----

    /** The certificates from the leaf up to (not including) a trust anchor; trusted when an anchor was reached. */
    private static final class Path {
        final List<X509Certificate> certificates = new ArrayList<>();
        boolean trusted;
        /** The first certificate whose issuer has a trusted name but whose signature no such anchor verifies. */
        X509Certificate notSignedByNamedAnchor;

        X509Certificate top() {
            return certificates.get(certificates.size() - 1);
        }
    }

    private Path buildPath(List<X509Certificate> chain) {
        Path path = new Path();
        List<X509Certificate> pool = new ArrayList<>(chain.subList(1, chain.size()));
        X509Certificate current = chain.get(0);
        if (anchors.contains(current)) {
            path.trusted = true; // the leaf itself is a trust anchor (a pinned certificate): nothing to validate
            return path;
        }
        while (true) {
            path.certificates.add(current);
            List<X509Certificate> named = anchors.withSubject(current.getIssuerX500Principal());
            for (X509Certificate anchor : named) {
                if (signedBy(current, anchor)) {
                    path.trusted = true;
                    return path;
                }
            }
            if (!named.isEmpty() && path.notSignedByNamedAnchor == null) {
                path.notSignedByNamedAnchor = current;
            }
            X509Certificate next = selfIssued(current) ? null : issuerAmong(current, pool);
            if (next == null) {
                return path;
            }
            pool.remove(next);
            current = next;
        }
    }

    /** The candidate named as {@code certificate}'s issuer, preferring one whose key verifies it; else null. */
    private static X509Certificate issuerAmong(X509Certificate certificate, List<X509Certificate> candidates) {
        X509Certificate byName = null;
        for (X509Certificate candidate : candidates) {
            if (!candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            if (signedBy(certificate, candidate)) {
                return candidate;
            }
            if (byName == null) {
                byName = candidate;
            }
        }
        return byName;
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    // ---- Checks ----

    // RFC 5280, 4.1.2.5: valid from notBefore through notAfter, inclusive.
    private static void checkValidity(X509Certificate certificate, Instant now) throws TlsException {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        String name = Names.displayName(certificate);
        if (now.isAfter(notAfter)) {
            throw new TlsException(AlertDescription.CERTIFICATE_EXPIRED,
                    "certificate for " + name + " expired on " + notAfter + " (now " + now + ")");
        }
        if (now.isBefore(notBefore)) {
            throw new TlsException(AlertDescription.CERTIFICATE_EXPIRED,
                    "certificate for " + name + " is not valid until " + notBefore + " (now " + now + ")");
        }
    }

    private static TlsException unknownCa(X509Certificate top) {
        String name = Names.displayName(top);
        String issuer = Names.describe(top.getIssuerX500Principal());
        if (selfIssued(top)) {
            return new TlsException(AlertDescription.UNKNOWN_CA,
                    "certificate for " + name + " is self-signed (" + issuer + ") and not a trusted CA");
        }
        return new TlsException(AlertDescription.UNKNOWN_CA,
                "certificate for " + name + " was issued by " + issuer + ", which is not a trusted CA");
    }

    private void validate(List<X509Certificate> certificates, Instant now) throws TlsException {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(certificates);
            PKIXParameters parameters = new PKIXParameters(anchors.pkixAnchors());
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw mapFailure(e, certificates);
        } catch (GeneralSecurityException e) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE,
                    "certificate chain could not be validated: " + Pem.oneLine(e), e);
        }
    }

    private static TlsException mapFailure(CertPathValidatorException e, List<X509Certificate> certificates) {
        int index = e.getIndex();
        X509Certificate failing = index >= 0 && index < certificates.size() ? certificates.get(index)
                : certificates.get(0);
        String name = Names.displayName(failing);
        String detail = Pem.oneLine(e);
        if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
            return new TlsException(AlertDescription.CERTIFICATE_EXPIRED,
                    "certificate for " + name + " is outside its validity period: " + detail, e);
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return new TlsException(AlertDescription.UNKNOWN_CA, unknownCa(certificates.get(certificates.size() - 1))
                    .getMessage(), e);
        }
        if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
            return new TlsException(AlertDescription.BAD_CERTIFICATE, "certificate for " + name
                    + " has an invalid signature (issuer " + Names.describe(failing.getIssuerX500Principal()) + ")",
                    e);
        }
        return new TlsException(AlertDescription.BAD_CERTIFICATE,
                "certificate for " + name + " was rejected: " + detail, e);
    }

    // RFC 5280, 4.2.1.12: when present, the extended key usage must allow the purpose (or any purpose).
    private void checkPurpose(X509Certificate leaf) throws TlsException {
        List<String> purposes;
        try {
            purposes = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE, "certificate for " + Names.displayName(leaf)
                    + " has a malformed extended key usage extension", e);
        }
        if (purposes == null || purposes.contains(requiredPurpose) || purposes.contains(ANY_EXTENDED_KEY_USAGE)) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (String purpose : purposes) {
            named.add(PURPOSE_NAMES.getOrDefault(purpose, purpose));
        }
        String role = requiredPurpose.equals(SERVER_AUTH) ? "TLS server" : "TLS client";
        throw new TlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, "certificate for "
                + Names.displayName(leaf) + " is not valid for " + role + " authentication (extended key usage: "
                + String.join(", ", named) + ")");
    }

    private static void checkName(X509Certificate leaf, String serverName) throws TlsException {
        if (HostnameMatcher.matches(leaf, serverName)) {
            return;
        }
        List<String> names = HostnameMatcher.names(leaf);
        String has = names.isEmpty() ? "certificate has no DNS or IP names"
                : "certificate names " + String.join(", ", names);
        throw new TlsException(AlertDescription.BAD_CERTIFICATE,
                "server name mismatch: asked for " + serverName + "; " + has);
    }
}
