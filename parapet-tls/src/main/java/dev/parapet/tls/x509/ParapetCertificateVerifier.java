package dev.parapet.tls.x509;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Parapet's own certificate verifier, independent of the JDK's PKIX code: it parses every certificate itself
 * ({@link Certificate}), builds a path to a trust anchor with backtracking ({@link PathBuilder}), validates it as
 * RFC 5280, 6.1 says for the parts TLS needs ({@link PathValidator}), and checks the name (RFC 9525 / 6125,
 * {@link HostnameMatcher}: subjectAltName only; the CN only when {@link Builder#allowCommonNameFallback} is on and
 * the certificate has no dNSName).
 *
 * <p>Failures are {@link TlsException}s with one line naming the certificate and the rule, and this alert:
 * <ul>
 *   <li>{@code certificate_expired}: a certificate outside its validity period (either side);</li>
 *   <li>{@code unknown_ca}: no path to a trust anchor (issuer neither trusted nor sent; self-signed untrusted);</li>
 *   <li>{@code unsupported_certificate}: a certificate that cannot serve this purpose or that we do not accept
 *       by policy: extendedKeyUsage without serverAuth/clientAuth (leaf or intermediate), keyUsage without what
 *       TLS needs on the leaf, MD5/SHA-1 signatures, small RSA keys, unknown critical extensions, unsupported key
 *       types, names of a type under constraints we cannot check;</li>
 *   <li>{@code bad_certificate}: everything else: malformed DER, a signature that does not verify (RFC 8446 keeps
 *       {@code decrypt_error} for handshake signatures such as CertificateVerify, so a certificate's own signature
 *       is a bad certificate), a non-CA or CA without keyCertSign that issued, pathLenConstraint exceeded, a name
 *       constraint broken, a name mismatch, path building giving up.</li>
 * </ul>
 * Nothing else is ever thrown: any byte string given as a certificate ends in one of these.
 */
public final class ParapetCertificateVerifier implements CertificateVerifier {
    /** Which peer is being verified: decides the extended key usage wanted and the wording of messages. */
    public enum Purpose {
        SERVER_AUTH(PathValidator.SERVER_AUTH, "server"),
        CLIENT_AUTH(PathValidator.CLIENT_AUTH, "client");

        final String oid;
        final String peer;

        Purpose(String oid, String peer) {
            this.oid = oid;
            this.peer = peer;
        }
    }

    /** What the leaf's keyUsage (when present) must allow; see RFC 5280, 4.2.1.3 and RFC 5246, 7.4.2. */
    public enum KeyUsage {
        /** TLS 1.3 and TLS 1.2 (EC)DHE: digitalSignature. The default. */
        DIGITAL_SIGNATURE(PathValidator.KeyUsageRequirement.DIGITAL_SIGNATURE),
        /** TLS 1.2 RSA key transport: keyEncipherment. */
        KEY_ENCIPHERMENT(PathValidator.KeyUsageRequirement.KEY_ENCIPHERMENT),
        /** Either (a TLS 1.2 client that offered both kinds of key exchange). */
        DIGITAL_SIGNATURE_OR_KEY_ENCIPHERMENT(PathValidator.KeyUsageRequirement.DIGITAL_SIGNATURE_OR_KEY_ENCIPHERMENT),
        /** No keyUsage check on the leaf. */
        ANY(PathValidator.KeyUsageRequirement.NONE);

        final PathValidator.KeyUsageRequirement requirement;

        KeyUsage(PathValidator.KeyUsageRequirement requirement) {
            this.requirement = requirement;
        }
    }

    /** More certificates than this in one message is refused before any parsing. */
    static final int MAX_CERTIFICATES = 1000;

    private final TrustAnchors anchors;
    private final Clock clock;
    private final Purpose purpose;
    private final KeyUsage keyUsage;
    private final int minimumRsaBits;
    private final boolean allowCommonNameFallback;
    private final int maxDepth;
    private final int maxSignatureChecks;
    private final dev.parapet.tls.crypto.CryptoProvider crypto;
    /** The anchors' keys, ready for repeated verification (tables built once per verifier, on first use). */
    private final AnchorVerifiers anchorVerifiers;
    /** Certificate signatures found valid before (see {@link Builder#verifiedSignatureCapacity}). */
    private final VerifiedSignatures verifiedSignatures;

    private ParapetCertificateVerifier(Builder b) {
        this.anchors = Objects.requireNonNull(b.anchors, "trust anchors");
        this.clock = b.clock;
        this.purpose = b.purpose;
        this.keyUsage = b.keyUsage;
        this.minimumRsaBits = b.minimumRsaBits;
        this.allowCommonNameFallback = b.allowCommonNameFallback;
        this.maxDepth = b.maxDepth;
        this.maxSignatureChecks = b.maxSignatureChecks;
        this.crypto = b.crypto;
        this.anchorVerifiers = new AnchorVerifiers(b.crypto);
        this.verifiedSignatures = new VerifiedSignatures(b.verifiedSignatureCapacity);
    }

    /** Server certificates, system clock, digitalSignature, RSA >= 2048, no CN fallback. */
    public ParapetCertificateVerifier(TrustAnchors anchors) {
        this(builder().trustAnchors(anchors));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings; every one has a secure default except the trust anchors, which must be given. */
    public static final class Builder {
        private TrustAnchors anchors;
        private Clock clock = Clock.systemUTC();
        private Purpose purpose = Purpose.SERVER_AUTH;
        private KeyUsage keyUsage = KeyUsage.DIGITAL_SIGNATURE;
        private int minimumRsaBits = 2048;
        private boolean allowCommonNameFallback;
        private int maxDepth = 8;
        private int maxSignatureChecks = 100;
        private dev.parapet.tls.crypto.CryptoProvider crypto = dev.parapet.tls.crypto.CryptoProvider.parapet();
        private int verifiedSignatureCapacity = VerifiedSignatures.DEFAULT_CAPACITY;

        private Builder() {
        }

        public Builder trustAnchors(TrustAnchors value) {
            anchors = Objects.requireNonNull(value, "trust anchors");
            return this;
        }

        /** The clock validity is checked at (whole seconds; both ends of the validity period are inclusive). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** SERVER_AUTH (the default) for a client verifying servers, CLIENT_AUTH for a server verifying clients. */
        public Builder purpose(Purpose value) {
            purpose = Objects.requireNonNull(value, "purpose");
            return this;
        }

        public Builder keyUsage(KeyUsage value) {
            keyUsage = Objects.requireNonNull(value, "key usage");
            return this;
        }

        /** Smallest RSA modulus accepted in any certificate below the anchor; 2048 by default. */
        public Builder minimumRsaBits(int value) {
            if (value < 512) {
                throw new IllegalArgumentException("minimum RSA key size below 512 bits: " + value);
            }
            minimumRsaBits = value;
            return this;
        }

        /** Match the subject CN when the certificate has no dNSName (off by default, as RFC 9525 asks). */
        public Builder allowCommonNameFallback(boolean value) {
            allowCommonNameFallback = value;
            return this;
        }

        /** Most certificates in a path below the anchor, leaf included; 8 by default. */
        public Builder maxDepth(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("max depth must be at least 1: " + value);
            }
            maxDepth = value;
            return this;
        }

        /** Most signature checks spent on one chain; 100 by default. */
        public Builder maxSignatureChecks(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("max signature checks must be at least 1: " + value);
            }
            maxSignatureChecks = value;
            return this;
        }

        /**
         * Checks certificate signatures with this provider's ECDSA P-256 and Ed25519 (default:
         * {@link dev.parapet.tls.crypto.CryptoProvider#parapet()}); other algorithms use the JCA.
         */
        public Builder cryptoProvider(dev.parapet.tls.crypto.CryptoProvider value) {
            crypto = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How many certificate signatures found valid this verifier remembers (64 by default; 0: none), so that a
         * chain seen again is not verified again: each entry is the SHA-256 of one certificate and its issuer's key,
         * least recently used dropped first. Dates, usage, policy and names are still checked on every chain.
         */
        public Builder verifiedSignatureCapacity(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("verified signature capacity must not be negative: " + entries);
            }
            verifiedSignatureCapacity = entries;
            return this;
        }

        public ParapetCertificateVerifier build() {
            return new ParapetCertificateVerifier(this);
        }
    }

    public TrustAnchors trustAnchors() {
        return anchors;
    }

    @Override
    public void verify(List<X509Certificate> chain, String serverName) throws TlsException {
        verify(chain, serverName, keyUsage);
    }

    /** As {@link #verify(List, String)}, with the leaf key usage decided by the caller (e.g. per key exchange). */
    public void verifyForKeyEncipherment(List<X509Certificate> chain, String serverName) throws TlsException {
        verify(chain, serverName, KeyUsage.KEY_ENCIPHERMENT);
    }

    public void verify(List<X509Certificate> chain, String serverName, KeyUsage usage) throws TlsException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE, "the " + purpose.peer + " sent no certificate");
        }
        List<byte[]> encoded = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            try {
                encoded.add(certificate.getEncoded());
            } catch (CertificateEncodingException | RuntimeException e) {
                throw new TlsException(AlertDescription.BAD_CERTIFICATE, "malformed certificate: " + Pem.oneLine(e),
                        e);
            }
        }
        verifyEncoded(encoded, serverName, usage);
    }

    /**
     * Verifies a chain of DER certificates as the peer sent them (leaf first, the rest in any order).
     *
     * @return the validated path, leaf first, ending below the trust anchor (empty when the leaf is itself trusted
     *         — a pinned certificate)
     * @throws TlsException with the alert and a one-line reason; never anything else, whatever the bytes
     */
    public List<Certificate> verifyEncoded(List<byte[]> chain, String serverName, KeyUsage usage)
            throws TlsException {
        try {
            return check(chain, serverName, usage == null ? keyUsage : usage);
        } catch (VerificationException e) {
            throw new TlsException(e.alert(), e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE, "certificate chain could not be verified: "
                    + Pem.oneLine(e instanceof Exception ? (Exception) e : new RuntimeException(e.toString())), e);
        }
    }

    private List<Certificate> check(List<byte[]> chain, String serverName, KeyUsage usage)
            throws VerificationException {
        if (chain == null || chain.isEmpty()) {
            throw VerificationException.bad("the " + purpose.peer + " sent no certificate");
        }
        if (chain.size() > MAX_CERTIFICATES) {
            throw VerificationException.bad("the " + purpose.peer + " sent " + chain.size() + " certificates (at most "
                    + MAX_CERTIFICATES + ")");
        }
        List<Certificate> parsed = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            try {
                parsed.add(Certificate.parse(chain.get(i)));
            } catch (VerificationException e) {
                String which = i == 0 ? "the " + purpose.peer + "'s certificate" : "certificate #" + (i + 1)
                        + " from the " + purpose.peer;
                throw new VerificationException(e.alert(), which + ": " + e.getMessage(), e);
            }
        }
        Certificate leaf = parsed.get(0);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        PathValidator validator = new PathValidator(now, purpose.oid, usage.requirement, minimumRsaBits,
                allowCommonNameFallback);
        List<Certificate> path;
        if (isTrustedItself(leaf)) {
            validator.checkValidity(leaf); // a pinned certificate: no path, but it must be current
            path = List.of();
        } else {
            PathBuilder builder = new PathBuilder(anchors, maxDepth, maxSignatureChecks, purpose.peer, crypto,
                    anchorVerifiers, verifiedSignatures);
            path = builder.build(leaf, parsed.subList(1, parsed.size()), validator::validate).path();
        }
        if (serverName != null) {
            checkName(leaf, serverName);
        }
        return path;
    }

    private boolean isTrustedItself(Certificate leaf) {
        for (TrustAnchors.Anchor anchor : anchors.anchorsWithSubject(leaf.subjectDer())) {
            if (Arrays.equals(anchor.spki(), leaf.spki())) {
                return true;
            }
        }
        return false;
    }

    private void checkName(Certificate leaf, String serverName) throws VerificationException {
        List<String> dns = new ArrayList<>(leaf.dnsNames());
        String cn = Names.commonName(leaf.subjectDer());
        boolean useCn = allowCommonNameFallback && dns.isEmpty() && cn != null;
        if (useCn) {
            dns.add(cn);
        }
        if (HostnameMatcher.matchesNames(dns, leaf.ipAddresses(), serverName)) {
            return;
        }
        List<String> names = new ArrayList<>(dns);
        for (byte[] ip : leaf.ipAddresses()) {
            names.add(GeneralName.formatIp(ip));
        }
        String has;
        if (!names.isEmpty()) {
            has = "certificate names " + String.join(", ", names);
        } else if (cn != null) {
            has = "certificate has no DNS or IP names (its CN " + cn + " is not used as a name)";
        } else {
            has = "certificate has no DNS or IP names";
        }
        throw VerificationException.bad("name mismatch: asked for " + serverName + "; " + has);
    }

    @Override
    public String toString() {
        return "ParapetCertificateVerifier[" + anchors.source() + ", " + purpose + ", " + keyUsage + ", RSA >= "
                + minimumRsaBits + "]";
    }
}
