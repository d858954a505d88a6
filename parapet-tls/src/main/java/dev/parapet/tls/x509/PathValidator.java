package dev.parapet.tls.x509;

import dev.parapet.tls.AlertDescription;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 5280, 6.1 path validation over a path already built (signatures already checked by {@link PathBuilder}),
 * for the subset TLS needs:
 * <ul>
 *   <li>validity of every certificate at the given instant, both ends inclusive (6.1.3 (a)(2));</li>
 *   <li>basicConstraints cA on every issuing certificate and pathLenConstraint, self-issued intermediates not
 *       counted (6.1.4 (k)-(m));</li>
 *   <li>keyUsage keyCertSign on issuing certificates (6.1.4 (n)); on the leaf, the usage TLS needs
 *       ({@link KeyUsageRequirement});</li>
 *   <li>extendedKeyUsage: the leaf must allow the purpose, and so must every intermediate that has the extension
 *       (the Web PKI's reading; RFC 5280 itself leaves EKU to the application). anyExtendedKeyUsage passes;</li>
 *   <li>nameConstraints for dNSName, iPAddress, rfc822Name and directoryName, permitted and excluded, applied to
 *       every SAN and to the subject (and its emailAddress attributes) of each later certificate, self-issued
 *       intermediates excepted (6.1.3 (b), (c); 6.1.4 (g)). A certificate with a name of another type under a
 *       constraint on that type is refused (we cannot check it). The trust anchor's own nameConstraints, when it
 *       has any, apply too;</li>
 *   <li>algorithm policy on every certificate except the anchor: no MD5 or SHA-1 signatures, RSA keys of at least
 *       the configured size.</li>
 * </ul>
 * Not done: certificate policies (6.1.3 (d)-(f)), revocation.
 */
final class PathValidator {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final Map<String, String> PURPOSE_NAMES = Map.of(
            SERVER_AUTH, "serverAuth", CLIENT_AUTH, "clientAuth", "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection", "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning", ANY_EXTENDED_KEY_USAGE, "anyExtendedKeyUsage");

    /** What the leaf's keyUsage (when present) must allow. */
    enum KeyUsageRequirement {
        /** TLS 1.3, and TLS 1.2 with (EC)DHE: the key signs the handshake. */
        DIGITAL_SIGNATURE,
        /** TLS 1.2 RSA key transport: the key decrypts the premaster secret. */
        KEY_ENCIPHERMENT,
        /** Either of the two (a TLS 1.2 client that does not yet know the key exchange). */
        DIGITAL_SIGNATURE_OR_KEY_ENCIPHERMENT,
        /** No keyUsage check on the leaf. */
        NONE
    }

    private final Instant now;
    private final String purpose;
    private final String role;
    private final KeyUsageRequirement leafUsage;
    private final int minimumRsaBits;
    private final boolean commonNameAsDnsName;

    PathValidator(Instant now, String purpose, KeyUsageRequirement leafUsage, int minimumRsaBits,
            boolean commonNameAsDnsName) {
        this.now = now;
        this.purpose = purpose;
        this.role = purpose.equals(CLIENT_AUTH) ? "TLS client" : "TLS server";
        this.leafUsage = leafUsage;
        this.minimumRsaBits = minimumRsaBits;
        this.commonNameAsDnsName = commonNameAsDnsName;
    }

    /** One set of name constraints in force, and the certificate that imposed it. */
    private record Constraint(Certificate.NameConstraints constraints, String from) {
    }

    /**
     * @param path   leaf first, up to the certificate the anchor signed (the anchor itself not included)
     * @param anchor the trust anchor
     */
    void validate(List<Certificate> path, TrustAnchors.Anchor anchor) throws VerificationException {
        int n = path.size();
        int maxPathLength = n;
        String pathLengthSetBy = null;
        int pathLengthLimit = -1;
        List<Constraint> constraints = new ArrayList<>();
        if (anchor.parsed() != null && anchor.parsed().nameConstraints() != null) {
            constraints.add(new Constraint(anchor.parsed().nameConstraints(), anchor.displayName()));
        }
        for (int i = n - 1; i >= 0; i--) {
            Certificate cert = path.get(i);
            boolean leaf = i == 0;
            String name = cert.displayName();
            checkAlgorithms(cert);
            checkValidity(cert);
            if (leaf || !cert.selfIssued()) {
                checkNames(cert, leaf, constraints);
            }
            if (leaf) {
                break;
            }
            String child = path.get(i - 1).displayName();
            // 6.1.4 (k): an issuing certificate must be a CA.
            if (cert.basicConstraintsCa() == null) {
                throw VerificationException.bad("certificate '" + name + "' is not a CA (basicConstraints absent)"
                        + " but issued '" + child + "'");
            }
            if (!cert.isCa()) {
                throw VerificationException.bad("certificate '" + name + "' is not a CA (basicConstraints cA=false)"
                        + " but issued '" + child + "'");
            }
            // 6.1.4 (l), (m)
            if (!cert.selfIssued()) {
                if (maxPathLength <= 0) {
                    throw VerificationException.bad("certificate '" + name + "' exceeds the pathLenConstraint "
                            + pathLengthLimit + " of '" + pathLengthSetBy + "' (basicConstraints)");
                }
                maxPathLength--;
            }
            Integer pathLen = cert.pathLenConstraint();
            if (pathLen != null && pathLen < maxPathLength) {
                maxPathLength = pathLen;
                pathLengthSetBy = name;
                pathLengthLimit = pathLen;
            }
            // 6.1.4 (n)
            if (!cert.keyUsageAllows(Certificate.KEY_CERT_SIGN)) {
                throw VerificationException.bad("certificate '" + name + "' is a CA without keyCertSign in its "
                        + "keyUsage but issued '" + child + "' (keyUsage)");
            }
            List<String> eku = cert.extendedKeyUsage();
            if (eku != null && !eku.contains(purpose) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
                throw VerificationException.unsupported("CA certificate '" + name + "' limits its extendedKeyUsage "
                        + "to " + purposes(eku) + ", which excludes " + role + " authentication (extendedKeyUsage)");
            }
            // 6.1.4 (g)
            if (cert.nameConstraints() != null) {
                constraints.add(new Constraint(cert.nameConstraints(), name));
            }
        }
        checkLeafUsage(path.get(0));
    }

    // ---- Algorithms ----

    private void checkAlgorithms(Certificate cert) throws VerificationException {
        CertSignatureAlgorithm algorithm = cert.signatureAlgorithm();
        if (algorithm.weak()) {
            throw VerificationException.unsupported("certificate '" + cert.displayName() + "' is signed with "
                    + algorithm.name + ": " + algorithm.hash + " signatures are not accepted (algorithm policy)");
        }
        if (cert.publicKey() instanceof RSAKey) {
            int bits = ((RSAKey) cert.publicKey()).getModulus().bitLength();
            if (bits < minimumRsaBits) {
                throw VerificationException.unsupported("certificate '" + cert.displayName() + "' has a " + bits
                        + "-bit RSA key; at least " + minimumRsaBits + " bits are required (algorithm policy)");
            }
        }
    }

    // ---- Validity: RFC 5280, 4.1.2.5, both ends inclusive ----

    void checkValidity(Certificate cert) throws VerificationException {
        if (now.isAfter(cert.notAfter())) {
            throw new VerificationException(AlertDescription.CERTIFICATE_EXPIRED, "certificate '"
                    + cert.displayName() + "' expired on " + cert.notAfter() + " (now " + now + ")");
        }
        if (now.isBefore(cert.notBefore())) {
            throw new VerificationException(AlertDescription.CERTIFICATE_EXPIRED, "certificate '"
                    + cert.displayName() + "' is not valid until " + cert.notBefore() + " (now " + now + ")");
        }
    }

    // ---- Leaf usage ----

    private void checkLeafUsage(Certificate leaf) throws VerificationException {
        List<String> eku = leaf.extendedKeyUsage();
        if (eku != null && !eku.contains(purpose) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw VerificationException.unsupported("certificate '" + leaf.displayName() + "' is not valid for "
                    + role + " authentication (extendedKeyUsage: " + purposes(eku) + ")");
        }
        boolean sign = leaf.keyUsageAllows(Certificate.DIGITAL_SIGNATURE);
        boolean encipher = leaf.keyUsageAllows(Certificate.KEY_ENCIPHERMENT);
        String missing = null;
        switch (leafUsage) {
            case DIGITAL_SIGNATURE:
                missing = sign ? null : "digitalSignature";
                break;
            case KEY_ENCIPHERMENT:
                missing = encipher ? null : "keyEncipherment";
                break;
            case DIGITAL_SIGNATURE_OR_KEY_ENCIPHERMENT:
                missing = sign || encipher ? null : "digitalSignature or keyEncipherment";
                break;
            default:
                break;
        }
        if (missing != null) {
            throw VerificationException.unsupported("certificate '" + leaf.displayName() + "' has a keyUsage without "
                    + missing + ", which " + role + " authentication needs (keyUsage)");
        }
    }

    private static String purposes(List<String> eku) {
        List<String> named = new ArrayList<>();
        for (String oid : eku) {
            named.add(PURPOSE_NAMES.getOrDefault(oid, oid));
        }
        return String.join(", ", named);
    }

    // ---- Name constraints: RFC 5280, 4.2.1.10 and 6.1.3 (b), (c) ----

    private void checkNames(Certificate cert, boolean leaf, List<Constraint> constraints)
            throws VerificationException {
        if (constraints.isEmpty()) {
            return;
        }
        List<GeneralName> names = new ArrayList<>();
        byte[] subject = cert.subjectDer();
        if (subject.length > 2) {
            names.add(new GeneralName(GeneralName.DIRECTORY_NAME, subject));
        }
        for (String email : Names.emailAddresses(subject)) {
            names.add(new GeneralName(GeneralName.RFC822_NAME, email.getBytes(StandardCharsets.UTF_8)));
        }
        List<GeneralName> sans = cert.subjectAltNames();
        if (sans != null) {
            names.addAll(sans);
        }
        if (leaf && commonNameAsDnsName && cert.dnsNames().isEmpty()) {
            String cn = Names.commonName(subject);
            if (cn != null) {
                names.add(new GeneralName(GeneralName.DNS_NAME, cn.getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (Constraint constraint : constraints) {
            for (GeneralName name : names) {
                check(cert, name, constraint);
            }
        }
    }

    private static void check(Certificate cert, GeneralName name, Constraint constraint)
            throws VerificationException {
        int type = name.type();
        List<GeneralName> permitted = constraint.constraints().permitted();
        List<GeneralName> excluded = constraint.constraints().excluded();
        boolean supported = type == GeneralName.DNS_NAME || type == GeneralName.IP_ADDRESS
                || type == GeneralName.RFC822_NAME || type == GeneralName.DIRECTORY_NAME;
        boolean permittedHasType = false;
        boolean inPermitted = false;
        if (permitted != null) {
            for (GeneralName base : permitted) {
                if (base.type() == type) {
                    permittedHasType = true;
                    if (supported && within(name, base, false)) {
                        inPermitted = true;
                    }
                }
            }
        }
        boolean excludedHasType = false;
        for (GeneralName base : excluded) {
            if (base.type() == type) {
                excludedHasType = true;
                if (supported && within(name, base, true)) {
                    throw VerificationException.bad("certificate '" + cert.displayName() + "' has the name " + name
                            + ", which the nameConstraints of '" + constraint.from() + "' exclude (excluded subtree "
                            + base + ")");
                }
            }
        }
        if (!supported && (permittedHasType || excludedHasType)) {
            throw VerificationException.unsupported("certificate '" + cert.displayName() + "' has the name " + name
                    + " under nameConstraints of '" + constraint.from() + "' on that name type, which Parapet does "
                    + "not check (nameConstraints)");
        }
        if (permittedHasType && !inPermitted) {
            throw VerificationException.bad("certificate '" + cert.displayName() + "' has the name " + name
                    + ", which is outside the subtrees the nameConstraints of '" + constraint.from()
                    + "' permit (nameConstraints)");
        }
    }

    /**
     * True when {@code name} lies within {@code base}. For a wildcard dNSName, "within" an excluded subtree means
     * that some name the wildcard matches is in it; within a permitted one, that all of them are.
     */
    static boolean within(GeneralName name, GeneralName base, boolean excluded) throws VerificationException {
        switch (name.type()) {
            case GeneralName.DNS_NAME:
                return dnsWithin(name.text(), base.text(), excluded);
            case GeneralName.IP_ADDRESS:
                return ipWithin(name.raw(), base.raw());
            case GeneralName.RFC822_NAME:
                return emailWithin(new String(name.raw(), StandardCharsets.UTF_8), base.text());
            case GeneralName.DIRECTORY_NAME:
                return directoryWithin(name.raw(), base.raw());
            default:
                return false;
        }
    }

    // A dNSName constraint covers the name and every name formed by adding labels to its left; a leading dot
    // (a common extension) covers only the names below it. The empty constraint covers every name.
    static boolean dnsWithin(String dnsName, String constraint, boolean excluded) {
        String name = lower(stripDot(dnsName));
        String base = lower(stripDot(constraint));
        if (name.startsWith("*.")) {
            String suffix = name.substring(2);
            if (suffixWithin(name, base)) {
                return true;
            }
            // *.example.com can stand for bad.example.com: excluded when the subtree is one label below.
            if (excluded && !base.startsWith(".") && base.endsWith("." + suffix)
                    && base.indexOf('.') == base.length() - suffix.length() - 1) {
                return true;
            }
            return false;
        }
        return suffixWithin(name, base);
    }

    private static boolean suffixWithin(String name, String base) {
        if (base.isEmpty()) {
            return true;
        }
        if (base.startsWith(".")) {
            return name.length() > base.length() && name.endsWith(base);
        }
        return name.equals(base) || name.endsWith("." + base);
    }

    static boolean ipWithin(byte[] address, byte[] constraint) {
        if (constraint.length != address.length * 2) {
            return false; // IPv4 names are never within IPv6 subtrees, nor the reverse
        }
        for (int i = 0; i < address.length; i++) {
            int mask = constraint[address.length + i];
            if ((address[i] & mask) != (constraint[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    // RFC 5280, 4.2.1.10: "user@host" one mailbox, "host" every mailbox at that host, ".host" every mailbox in
    // the domain below. Local parts are case-sensitive, hosts are not.
    static boolean emailWithin(String email, String constraint) throws VerificationException {
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            throw VerificationException.bad("malformed email address " + email + " under nameConstraints");
        }
        String local = email.substring(0, at);
        String host = lower(email.substring(at + 1));
        int cAt = constraint.lastIndexOf('@');
        if (cAt >= 0) {
            return constraint.substring(0, cAt).equals(local)
                    && lower(constraint.substring(cAt + 1)).equals(host);
        }
        String base = lower(constraint);
        if (base.startsWith(".")) {
            return host.endsWith(base) && host.length() > base.length();
        }
        return host.equals(base);
    }

    // The constraint's RDNs are the first RDNs of the name; attribute values compared case-insensitively with
    // spaces collapsed (a simplification of RFC 4518 that errs neither way for the ASCII names the Web PKI uses).
    static boolean directoryWithin(byte[] nameDer, byte[] constraintDer) {
        List<List<String[]>> name = rdns(nameDer);
        List<List<String[]>> base = rdns(constraintDer);
        if (name == null || base == null || base.size() > name.size()) {
            return false;
        }
        for (int i = 0; i < base.size(); i++) {
            List<String[]> a = name.get(i);
            List<String[]> b = base.get(i);
            if (a.size() != b.size()) {
                return false;
            }
            for (int j = 0; j < a.size(); j++) {
                if (!a.get(j)[0].equals(b.get(j)[0]) || !a.get(j)[1].equals(b.get(j)[1])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<List<String[]>> rdns(byte[] der) {
        try {
            List<List<String[]>> out = new ArrayList<>();
            Der.Reader rdns = Der.parse(der).contents();
            while (rdns.hasMore()) {
                Der.Reader rdn = rdns.read(Der.SET).contents();
                List<String[]> atvs = new ArrayList<>();
                while (rdn.hasMore()) {
                    Der.Reader atv = rdn.readSequence();
                    String type = atv.readOid();
                    Der.Element value = atv.read();
                    String text = Names.decodeString(value);
                    String normal = text == null ? "#" + Names.hex(value.encoded())
                            : lower(text.trim().replaceAll("\\s+", " "));
                    atvs.add(new String[] {type, normal});
                }
                atvs.sort((x, y) -> (x[0] + "=" + x[1]).compareTo(y[0] + "=" + y[1]));
                out.add(atvs);
            }
            return out;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String stripDot(String s) {
        return s.endsWith(".") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
