package dev.parapet.tls.x509;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An X.509 v3 certificate (RFC 5280, 4.1) parsed by Parapet itself from its DER, independent of the JDK's
 * {@link X509Certificate}.
 *
 * <p>{@link #parse} is strict: DER only (minimal lengths and integers, by {@link Der}), no trailing bytes, a
 * positive-or-zero serial of at most 20 octets, version v1/v2/v3 with extensions only in v3, no duplicate
 * extension, no unknown critical extension, the same signature AlgorithmIdentifier inside and outside the TBS, and
 * a public key the JCA accepts. Every failure, whatever the input bytes, is a {@link VerificationException}
 * ({@code bad_certificate}, or {@code unsupported_certificate} for an unknown critical extension or key type).
 *
 * <p>Recognised extensions: basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, nameConstraints,
 * authorityKeyIdentifier, subjectKeyIdentifier, certificatePolicies, authorityInfoAccess, cRLDistributionPoints.
 * Certificate policies are parsed (OIDs) but policy processing (RFC 5280, 6.1.3 (d)-(f)) is not done.
 */
public final class Certificate {
    static final String BASIC_CONSTRAINTS = "2.5.29.19";
    static final String KEY_USAGE = "2.5.29.15";
    static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    static final String SUBJECT_ALT_NAME = "2.5.29.17";
    static final String NAME_CONSTRAINTS = "2.5.29.30";
    static final String AUTHORITY_KEY_ID = "2.5.29.35";
    static final String SUBJECT_KEY_ID = "2.5.29.14";
    static final String CERTIFICATE_POLICIES = "2.5.29.32";
    static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
    private static final Set<String> RECOGNISED = Set.of(BASIC_CONSTRAINTS, KEY_USAGE, EXTENDED_KEY_USAGE,
            SUBJECT_ALT_NAME, NAME_CONSTRAINTS, AUTHORITY_KEY_ID, SUBJECT_KEY_ID, CERTIFICATE_POLICIES,
            AUTHORITY_INFO_ACCESS, CRL_DISTRIBUTION_POINTS);

    // RFC 5280, 4.2.1.3: KeyUsage named bits.
    public static final int DIGITAL_SIGNATURE = 0;
    public static final int NON_REPUDIATION = 1;
    public static final int KEY_ENCIPHERMENT = 2;
    public static final int DATA_ENCIPHERMENT = 3;
    public static final int KEY_AGREEMENT = 4;
    public static final int KEY_CERT_SIGN = 5;
    public static final int CRL_SIGN = 6;

    /** One extension as it appears in the certificate. */
    public record Extension(String oid, boolean critical, byte[] value) {
        public Extension {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** permittedSubtrees (null when absent) and excludedSubtrees (empty when absent): RFC 5280, 4.2.1.10. */
    public record NameConstraints(List<GeneralName> permitted, List<GeneralName> excluded) {
    }

    private final byte[] encoded;
    private final byte[] tbs;
    private final int version;
    private final BigInteger serial;
    private final byte[] signatureAlgorithmDer;
    private final CertSignatureAlgorithm signatureAlgorithm;
    private final byte[] signature;
    private final byte[] issuer;
    private final byte[] subject;
    private final Instant notBefore;
    private final Instant notAfter;
    private final byte[] subjectPublicKeyInfo;
    private final PublicKey publicKey;
    private final Map<String, Extension> extensions;
    // Decoded extensions.
    private Boolean ca;
    private Integer pathLenConstraint;
    private int keyUsage = -1;
    private List<String> extendedKeyUsage;
    private List<GeneralName> subjectAltNames;
    private NameConstraints nameConstraints;
    private byte[] subjectKeyId;
    private byte[] authorityKeyId;
    private List<String> policies;
    private List<GeneralName> authorityInfoAccess;
    private int crlDistributionPoints;

    /** Parses one DER certificate; every failure is a {@link VerificationException}, never anything else. */
    public static Certificate parse(byte[] der) throws VerificationException {
        if (der == null) {
            throw VerificationException.bad("malformed certificate: no bytes");
        }
        try {
            return new Certificate(der);
        } catch (VerificationException e) {
            throw e;
        } catch (RuntimeException e) { // DerException and anything a JCA provider throws on hostile input
            throw new VerificationException(dev.parapet.tls.AlertDescription.BAD_CERTIFICATE,
                    "malformed certificate: " + Pem.oneLine(e), e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw VerificationException.bad("malformed certificate: too deeply nested or too large");
        }
    }

    /** Parses a JDK certificate's encoding. */
    public static Certificate of(X509Certificate certificate) throws VerificationException {
        try {
            return parse(certificate.getEncoded());
        } catch (CertificateEncodingException | RuntimeException e) {
            throw VerificationException.bad("malformed certificate: " + Pem.oneLine(e));
        }
    }

    private Certificate(byte[] der) throws VerificationException {
        this.encoded = der.clone();
        Der.Reader outer = Der.parse(encoded).contents();
        Der.Element tbsElement = outer.read(Der.SEQUENCE);
        this.tbs = tbsElement.encoded();
        this.signatureAlgorithmDer = outer.read(Der.SEQUENCE).encoded();
        this.signature = outer.readBitString();
        outer.expectEnd();

        Der.Reader t = tbsElement.contents();
        Der.Element versionElement = t.readOptional(Der.contextTag(0, true));
        if (versionElement != null) {
            Der.Reader v = versionElement.contents();
            int value = v.readSmallInteger();
            v.expectEnd();
            if (value < 0 || value > 2) {
                throw VerificationException.bad("malformed certificate: unknown version " + value);
            }
            this.version = value + 1;
        } else {
            this.version = 1;
        }
        byte[] serialBytes = t.read(Der.INTEGER).value();
        this.serial = Der.decodeInteger(serialBytes);
        // RFC 5280, 4.1.2.2: a positive integer of no more than 20 octets (zero is tolerated).
        if (serial.signum() < 0) {
            throw VerificationException.bad("malformed certificate: negative serial number " + serial);
        }
        if (serialBytes.length > 20) {
            throw VerificationException.bad("malformed certificate: serial number of " + serialBytes.length
                    + " octets (at most 20)");
        }
        byte[] innerAlgorithm = t.read(Der.SEQUENCE).encoded();
        this.issuer = readName(t);
        Der.Reader validity = t.readSequence();
        this.notBefore = readTime(validity);
        this.notAfter = readTime(validity);
        validity.expectEnd();
        this.subject = readName(t);
        this.subjectPublicKeyInfo = t.read(Der.SEQUENCE).encoded();
        boolean uniqueIds = false;
        if (t.readOptional(Der.contextTag(1, false)) != null) {
            uniqueIds = true;
        }
        if (t.readOptional(Der.contextTag(2, false)) != null) {
            uniqueIds = true;
        }
        if (uniqueIds && version == 1) {
            throw VerificationException.bad("malformed certificate: unique identifiers in a v1 certificate");
        }
        Der.Element extensionsElement = t.readOptional(Der.contextTag(3, true));
        t.expectEnd();
        if (!Arrays.equals(innerAlgorithm, signatureAlgorithmDer)) {
            throw VerificationException.bad("malformed certificate: the signature algorithm inside the signed part "
                    + "differs from the one outside (RFC 5280, 4.1.1.2)");
        }
        this.signatureAlgorithm = CertSignatureAlgorithm.parse(signatureAlgorithmDer);
        Map<String, Extension> exts = new LinkedHashMap<>();
        if (extensionsElement != null) {
            if (version != 3) {
                throw VerificationException.bad("malformed certificate: extensions in a v" + version
                        + " certificate (RFC 5280, 4.1.2.9: v3 only)");
            }
            Der.Reader wrapper = extensionsElement.contents();
            Der.Reader list = wrapper.readSequence();
            wrapper.expectEnd();
            while (list.hasMore()) {
                Der.Reader ext = list.readSequence();
                String oid = ext.readOid();
                boolean critical = false;
                Der.Element flag = ext.readOptional(Der.BOOLEAN);
                if (flag != null) {
                    critical = readBoolean(flag);
                }
                byte[] value = ext.readOctetString();
                ext.expectEnd();
                if (exts.put(oid, new Extension(oid, critical, value)) != null) {
                    throw VerificationException.bad("malformed certificate: extension " + extensionName(oid)
                            + " appears twice (RFC 5280, 4.2)");
                }
            }
        }
        this.extensions = Collections.unmodifiableMap(exts);
        this.publicKey = decodePublicKey(subjectPublicKeyInfo);
        for (Extension extension : exts.values()) {
            try {
                decodeExtension(extension);
            } catch (Der.DerException e) {
                throw VerificationException.bad("malformed certificate '" + displayName() + "': extension "
                        + extensionName(extension.oid()) + ": " + e.getMessage());
            }
        }
    }

    // ---- Fields ----

    private static byte[] readName(Der.Reader reader) {
        Der.Element name = reader.read(Der.SEQUENCE);
        Der.Reader rdns = name.contents();
        while (rdns.hasMore()) {
            Der.Reader rdn = rdns.read(Der.SET).contents();
            if (!rdn.hasMore()) {
                throw new Der.DerException("malformed name: empty RelativeDistinguishedName");
            }
            while (rdn.hasMore()) {
                Der.Reader atv = rdn.readSequence();
                atv.readOid();
                atv.read();
                atv.expectEnd();
            }
        }
        return name.encoded();
    }

    // RFC 5280, 4.1.2.5.1 and 4.1.2.5.2: YYMMDDHHMMSSZ and YYYYMMDDHHMMSSZ, seconds present, Zulu.
    private static Instant readTime(Der.Reader reader) {
        Der.Element e = reader.read();
        String s = new String(e.value(), StandardCharsets.US_ASCII);
        int year;
        String rest;
        if (e.tag() == Der.UTC_TIME && s.length() == 13) {
            int yy = digits(s, 0, 2);
            year = yy >= 50 ? 1900 + yy : 2000 + yy;
            rest = s.substring(2);
        } else if (e.tag() == Der.GENERALIZED_TIME && s.length() == 15) {
            year = digits(s, 0, 4);
            rest = s.substring(4);
        } else {
            throw new Der.DerException("malformed certificate time \"" + printable(s) + "\"");
        }
        if (rest.charAt(10) != 'Z') {
            throw new Der.DerException("malformed certificate time \"" + printable(s) + "\": not in UTC (Z)");
        }
        try {
            return LocalDateTime.of(year, digits(rest, 0, 2), digits(rest, 2, 4), digits(rest, 4, 6),
                    digits(rest, 6, 8), digits(rest, 8, 10)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ex) {
            throw new Der.DerException("malformed certificate time \"" + printable(s) + "\"");
        }
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new Der.DerException("malformed certificate time \"" + printable(s) + "\"");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static boolean readBoolean(Der.Element e) {
        byte[] v = e.value();
        if (v.length != 1 || (v[0] != 0 && v[0] != (byte) 0xff)) {
            throw new Der.DerException("malformed DER: BOOLEAN must be one byte, 00 or FF");
        }
        return v[0] != 0;
    }

    private static PublicKey decodePublicKey(byte[] spki) throws VerificationException {
        Der.Reader r = Der.parse(spki).contents();
        Der.Reader algorithm = r.readSequence();
        String oid = algorithm.readOid();
        Der.Element params = algorithm.hasMore() ? algorithm.read() : null;
        algorithm.expectEnd();
        r.readBitString();
        r.expectEnd();
        String jca;
        switch (oid) {
            case "1.2.840.113549.1.1.1":
                jca = "RSA";
                break;
            case CertSignatureAlgorithm.RSA_PSS:
                jca = "RSASSA-PSS";
                break;
            case "1.2.840.10045.2.1":
                jca = "EC";
                // RFC 5480, 2.1.1: namedCurve only; P-256, P-384, P-521.
                String curve = params != null && params.tag() == Der.OID ? Der.decodeOid(params.value()) : null;
                if (!Set.of("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35").contains(curve)) {
                    throw VerificationException.unsupported("unsupported certificate: EC key on curve "
                            + (curve == null ? "(explicit parameters)" : curve) + " (P-256, P-384, P-521 only)");
                }
                break;
            case "1.3.101.112":
                jca = "Ed25519";
                break;
            case "1.3.101.113":
                jca = "Ed448";
                break;
            default:
                throw VerificationException.unsupported("unsupported certificate: public key algorithm " + oid);
        }
        try {
            return KeyFactory.getInstance(jca).generatePublic(new X509EncodedKeySpec(spki));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw VerificationException.bad("malformed certificate: " + jca + " public key rejected: "
                    + Pem.oneLine(e));
        }
    }

    // ---- Extensions ----

    private void decodeExtension(Extension extension) throws VerificationException {
        String oid = extension.oid();
        if (!RECOGNISED.contains(oid)) {
            if (extension.critical()) {
                throw VerificationException.unsupported("certificate '" + displayName() + "' has an unknown critical "
                        + "extension " + oid + " (RFC 5280, 4.2)");
            }
            return;
        }
        Der.Element top = Der.parse(extension.value);
        switch (oid) {
            case BASIC_CONSTRAINTS: {
                Der.Reader r = expect(top, Der.SEQUENCE);
                ca = false;
                Der.Element flag = r.readOptional(Der.BOOLEAN);
                if (flag != null) {
                    ca = readBoolean(flag);
                }
                if (r.hasMore()) {
                    BigInteger n = r.readInteger();
                    if (n.signum() < 0) {
                        throw new Der.DerException("negative pathLenConstraint");
                    }
                    pathLenConstraint = n.bitLength() > 31 ? Integer.MAX_VALUE : n.intValue();
                }
                r.expectEnd();
                break;
            }
            case KEY_USAGE:
                keyUsage = namedBits(top);
                break;
            case EXTENDED_KEY_USAGE: {
                Der.Reader r = expect(top, Der.SEQUENCE);
                List<String> purposes = new ArrayList<>();
                while (r.hasMore()) {
                    purposes.add(r.readOid());
                }
                if (purposes.isEmpty()) {
                    throw new Der.DerException("empty extendedKeyUsage");
                }
                extendedKeyUsage = List.copyOf(purposes);
                break;
            }
            case SUBJECT_ALT_NAME:
                subjectAltNames = generalNames(expect(top, Der.SEQUENCE), false);
                break;
            case NAME_CONSTRAINTS:
                nameConstraints = decodeNameConstraints(expect(top, Der.SEQUENCE));
                break;
            case SUBJECT_KEY_ID:
                if (top.tag() != Der.OCTET_STRING) {
                    throw new Der.DerException("subjectKeyIdentifier is not an OCTET STRING");
                }
                subjectKeyId = top.value();
                break;
            case AUTHORITY_KEY_ID: {
                Der.Reader r = expect(top, Der.SEQUENCE);
                Der.Element keyId = r.readOptional(Der.contextTag(0, false));
                if (keyId != null) {
                    authorityKeyId = keyId.value();
                }
                Der.Element issuerNames = r.readOptional(Der.contextTag(1, true));
                if (issuerNames != null) {
                    generalNames(issuerNames.contents(), false);
                }
                Der.Element serialNumber = r.readOptional(Der.contextTag(2, false));
                if (serialNumber != null) {
                    Der.decodeInteger(serialNumber.value());
                }
                r.expectEnd();
                break;
            }
            case CERTIFICATE_POLICIES: {
                Der.Reader r = expect(top, Der.SEQUENCE);
                List<String> oids = new ArrayList<>();
                while (r.hasMore()) {
                    Der.Reader info = r.readSequence();
                    String policy = info.readOid();
                    if (oids.contains(policy)) {
                        throw new Der.DerException("certificate policy " + policy + " appears twice");
                    }
                    oids.add(policy);
                    if (info.hasMore()) {
                        info.read(Der.SEQUENCE);
                    }
                    info.expectEnd();
                }
                policies = List.copyOf(oids);
                break;
            }
            case AUTHORITY_INFO_ACCESS: {
                Der.Reader r = expect(top, Der.SEQUENCE);
                List<GeneralName> locations = new ArrayList<>();
                while (r.hasMore()) {
                    Der.Reader description = r.readSequence();
                    description.readOid();
                    locations.add(generalName(description.read(), false));
                    description.expectEnd();
                }
                authorityInfoAccess = List.copyOf(locations);
                break;
            }
            case CRL_DISTRIBUTION_POINTS: {
                Der.Reader r = expect(top, Der.SEQUENCE);
                int count = 0;
                while (r.hasMore()) {
                    r.read(Der.SEQUENCE);
                    count++;
                }
                crlDistributionPoints = count;
                break;
            }
            default:
                break;
        }
    }

    private static Der.Reader expect(Der.Element element, int tag) {
        if (element.tag() != tag) {
            throw new Der.DerException(String.format("malformed extension: expected tag 0x%02x, found 0x%02x", tag,
                    element.tag()));
        }
        return element.contents();
    }

    // X.690, 11.2.2: a named-bit BIT STRING has no trailing zero bits, and unused bits are zero.
    private static int namedBits(Der.Element element) {
        if (element.tag() != Der.BIT_STRING) {
            throw new Der.DerException("keyUsage is not a BIT STRING");
        }
        byte[] v = element.value();
        if (v.length == 0 || v[0] < 0 || v[0] > 7 || (v.length == 1 && v[0] != 0)) {
            throw new Der.DerException("malformed keyUsage BIT STRING");
        }
        int unused = v[0];
        if (v.length > 1 && (v[v.length - 1] & ((1 << unused) - 1)) != 0) {
            throw new Der.DerException("malformed keyUsage BIT STRING: unused bits are not zero");
        }
        int bits = 0;
        for (int i = 1; i < v.length && i <= 2; i++) {
            for (int b = 0; b < 8; b++) {
                if ((v[i] & (0x80 >>> b)) != 0) {
                    bits |= 1 << ((i - 1) * 8 + b);
                }
            }
        }
        return bits;
    }

    private static List<GeneralName> generalNames(Der.Reader r, boolean inConstraints) {
        List<GeneralName> names = new ArrayList<>();
        while (r.hasMore()) {
            names.add(generalName(r.read(), inConstraints));
        }
        return List.copyOf(names);
    }

    private static GeneralName generalName(Der.Element e, boolean inConstraints) {
        int tag = e.tag();
        if ((tag & 0xc0) != 0x80) {
            throw new Der.DerException(String.format("malformed GeneralName: tag 0x%02x is not context-specific",
                    tag));
        }
        int number = tag & 0x1f;
        boolean constructed = (tag & 0x20) != 0;
        switch (number) {
            case GeneralName.RFC822_NAME:
            case GeneralName.DNS_NAME:
            case GeneralName.URI:
                if (constructed) {
                    throw new Der.DerException("malformed GeneralName: constructed IA5String");
                }
                for (byte b : e.value()) {
                    if (b < 0) {
                        throw new Der.DerException("malformed GeneralName: non-ASCII byte in an IA5String");
                    }
                }
                return new GeneralName(number, e.value());
            case GeneralName.IP_ADDRESS: {
                if (constructed) {
                    throw new Der.DerException("malformed GeneralName: constructed iPAddress");
                }
                int length = e.value().length;
                boolean ok = inConstraints ? length == 8 || length == 32 : length == 4 || length == 16;
                if (!ok) {
                    throw new Der.DerException("malformed iPAddress of " + length + " bytes");
                }
                return new GeneralName(number, e.value());
            }
            case GeneralName.DIRECTORY_NAME: {
                if (!constructed) {
                    throw new Der.DerException("malformed GeneralName: primitive directoryName");
                }
                Der.Reader explicit = e.contents();
                byte[] name = readName(explicit);
                explicit.expectEnd();
                return new GeneralName(number, name);
            }
            case GeneralName.OTHER_NAME:
            case GeneralName.X400_ADDRESS:
            case GeneralName.EDI_PARTY_NAME:
            case GeneralName.REGISTERED_ID:
                return new GeneralName(number, e.value());
            default:
                throw new Der.DerException("malformed GeneralName: unknown choice [" + number + "]");
        }
    }

    // RFC 5280, 4.2.1.10: NameConstraints ::= SEQUENCE { permittedSubtrees [0], excludedSubtrees [1] };
    // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
    private static NameConstraints decodeNameConstraints(Der.Reader r) {
        List<GeneralName> permitted = null;
        List<GeneralName> excluded = List.of();
        Der.Element p = r.readOptional(Der.contextTag(0, true));
        if (p != null) {
            permitted = subtrees(p.contents());
        }
        Der.Element x = r.readOptional(Der.contextTag(1, true));
        if (x != null) {
            excluded = subtrees(x.contents());
        }
        r.expectEnd();
        if (permitted == null && x == null) {
            throw new Der.DerException("nameConstraints with neither permitted nor excluded subtrees");
        }
        return new NameConstraints(permitted, excluded);
    }

    private static List<GeneralName> subtrees(Der.Reader r) {
        List<GeneralName> out = new ArrayList<>();
        if (!r.hasMore()) {
            throw new Der.DerException("nameConstraints with an empty list of subtrees");
        }
        while (r.hasMore()) {
            Der.Reader subtree = r.readSequence();
            out.add(generalName(subtree.read(), true));
            if (subtree.hasMore()) {
                // RFC 5280: minimum MUST be zero (so, in DER, absent) and maximum MUST be absent.
                throw new Der.DerException("nameConstraints subtree with minimum or maximum (RFC 5280, 4.2.1.10)");
            }
        }
        return List.copyOf(out);
    }

    // ---- Accessors ----

    public byte[] encoded() {
        return encoded.clone();
    }

    /** The DER itself, not a copy: for this package, which never writes to it. */
    byte[] der() {
        return encoded;
    }

    byte[] tbs() {
        return tbs;
    }

    byte[] signature() {
        return signature;
    }

    CertSignatureAlgorithm signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The readable name of the signature algorithm, e.g. sha256WithRSAEncryption or ecdsa-with-SHA384. */
    public String signatureAlgorithmName() {
        return signatureAlgorithm.name;
    }

    /** 1, 2 or 3. */
    public int version() {
        return version;
    }

    public BigInteger serialNumber() {
        return serial;
    }

    /** The issuer Name's DER. */
    public byte[] issuer() {
        return issuer.clone();
    }

    /** The subject Name's DER. */
    public byte[] subject() {
        return subject.clone();
    }

    byte[] issuerDer() {
        return issuer;
    }

    byte[] subjectDer() {
        return subject;
    }

    /** RFC 4514-style, e.g. {@code CN=www.example.com, O=Example, C=US}. */
    public String subjectString() {
        return Names.format(subject);
    }

    public String issuerString() {
        return Names.format(issuer);
    }

    /** How messages name this certificate: {@code CN=...} when it has a CN, else its subject, else its first SAN. */
    public String displayName() {
        String cn = Names.commonName(subject);
        if (cn != null) {
            return "CN=" + cn;
        }
        String dn = Names.format(subject);
        if (!dn.isEmpty()) {
            return dn;
        }
        if (subjectAltNames != null && !subjectAltNames.isEmpty()) {
            return subjectAltNames.get(0).toString();
        }
        return "(empty subject, serial " + serial.toString(16) + ")";
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }

    byte[] spki() {
        return subjectPublicKeyInfo;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** RSA modulus bits, EC field bits, or 0 for EdDSA. */
    public int keyBits() {
        if (publicKey instanceof RSAKey) {
            return ((RSAKey) publicKey).getModulus().bitLength();
        }
        if (publicKey instanceof ECKey) {
            return ((ECKey) publicKey).getParams().getOrder().bitLength();
        }
        return 0;
    }

    /** Extensions by OID, in certificate order. */
    public Map<String, Extension> extensions() {
        return extensions;
    }

    /** basicConstraints cA; null when the extension is absent. */
    public Boolean basicConstraintsCa() {
        return ca;
    }

    public boolean isCa() {
        return Boolean.TRUE.equals(ca);
    }

    /** pathLenConstraint, or null. */
    public Integer pathLenConstraint() {
        return pathLenConstraint;
    }

    public boolean hasKeyUsage() {
        return keyUsage >= 0;
    }

    /** True when keyUsage is absent or has {@code bit}. */
    public boolean keyUsageAllows(int bit) {
        return keyUsage < 0 || (keyUsage & (1 << bit)) != 0;
    }

    /** The extendedKeyUsage OIDs, or null when absent. */
    public List<String> extendedKeyUsage() {
        return extendedKeyUsage;
    }

    /** subjectAltName entries, or null when the extension is absent. */
    public List<GeneralName> subjectAltNames() {
        return subjectAltNames;
    }

    public List<String> dnsNames() {
        return sanStrings(GeneralName.DNS_NAME);
    }

    public List<byte[]> ipAddresses() {
        List<byte[]> out = new ArrayList<>();
        if (subjectAltNames != null) {
            for (GeneralName name : subjectAltNames) {
                if (name.type() == GeneralName.IP_ADDRESS) {
                    out.add(name.raw());
                }
            }
        }
        return out;
    }

    private List<String> sanStrings(int type) {
        List<String> out = new ArrayList<>();
        if (subjectAltNames != null) {
            for (GeneralName name : subjectAltNames) {
                if (name.type() == type) {
                    out.add(name.text());
                }
            }
        }
        return out;
    }

    public NameConstraints nameConstraints() {
        return nameConstraints;
    }

    public byte[] subjectKeyIdentifier() {
        return subjectKeyId == null ? null : subjectKeyId.clone();
    }

    public byte[] authorityKeyIdentifier() {
        return authorityKeyId == null ? null : authorityKeyId.clone();
    }

    byte[] subjectKeyIdRaw() {
        return subjectKeyId;
    }

    byte[] authorityKeyIdRaw() {
        return authorityKeyId;
    }

    /** certificatePolicies OIDs, or null. */
    public List<String> policies() {
        return policies;
    }

    /** authorityInfoAccess locations, or null. */
    public List<GeneralName> authorityInfoAccess() {
        return authorityInfoAccess;
    }

    /** Number of CRL distribution points (0 when absent). */
    public int crlDistributionPoints() {
        return crlDistributionPoints;
    }

    public boolean selfIssued() {
        return Arrays.equals(subject, issuer);
    }

    /** Checks this certificate's signature with {@code issuerKey}. */
    public boolean isSignedBy(PublicKey issuerKey) {
        return signatureAlgorithm.verify(issuerKey, tbs, signature);
    }

    /** As {@link #isSignedBy(PublicKey)}, ECDSA P-256 and Ed25519 checked by {@code crypto}. */
    public boolean isSignedBy(PublicKey issuerKey, dev.parapet.tls.crypto.CryptoProvider crypto) {
        return signatureAlgorithm.verify(issuerKey, tbs, signature, crypto);
    }

    /** As {@link #isSignedBy(PublicKey, dev.parapet.tls.crypto.CryptoProvider)}, by an anchor's kept verifier. */
    boolean isSignedBy(TrustAnchors.Anchor anchor, AnchorVerifiers verifiers) {
        return signatureAlgorithm.verify(anchor.publicKey(), tbs, signature, scheme -> verifiers.get(anchor, scheme));
    }

    static String extensionName(String oid) {
        switch (oid) {
            case BASIC_CONSTRAINTS:
                return "basicConstraints";
            case KEY_USAGE:
                return "keyUsage";
            case EXTENDED_KEY_USAGE:
                return "extendedKeyUsage";
            case SUBJECT_ALT_NAME:
                return "subjectAltName";
            case NAME_CONSTRAINTS:
                return "nameConstraints";
            case AUTHORITY_KEY_ID:
                return "authorityKeyIdentifier";
            case SUBJECT_KEY_ID:
                return "subjectKeyIdentifier";
            case CERTIFICATE_POLICIES:
                return "certificatePolicies";
            default:
                return oid;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Certificate && Arrays.equals(((Certificate) other).encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Certificate[" + subjectString() + ", issuer " + issuerString() + "]";
    }
}
