package dev.parapet.tls.testing;

import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.HostnameMatcher;
import dev.parapet.tls.x509.Pem;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for tests, built with BouncyCastle: a root CA, optional intermediates, and leaves with SANs and
 * EKU serverAuth+clientAuth, valid from an hour ago for 30 days. RSA keys are cached per (type, slot) because RSA
 * key generation is slow; EC and EdDSA keys are fresh each time.
 *
 * <pre>
 * TestPki pki = TestPki.create(KeyType.ECDSA_P256);
 * CertifiedKey server = pki.issue(KeyType.ECDSA_P256, "localhost", "127.0.0.1");
 * CertificateVerifier verifier = new PkixCertificateVerifier(pki.trustAnchors());
 * </pre>
 * Certificates are returned as the JDK's X509Certificate. Leaf chains are [leaf, (intermediate,) root]. CA names
 * carry a sequence number ("Parapet Test Root CA ECDSA_P256 #3") so that separate instances never share a name.
 */
public final class TestPki {
    /** Key types for CAs and leaves. */
    public enum KeyType {
        ECDSA_P256,
        ECDSA_P384,
        /** An rsaEncryption key, usable with RSA-PSS (rsa_pss_rsae_*) and PKCS#1 v1.5 signatures. */
        RSA_2048,
        ED25519,
        /** An id-RSASSA-PSS key (rsa_pss_pss_*). */
        RSA_PSS_2048;

        /** A key pair of this type: fresh for EC/EdDSA, from a small cache for RSA. */
        public KeyPair generate() {
            return keyPair(this, 0);
        }
    }

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Map<String, KeyPair> RSA_CACHE = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Numbers CA names, so that two TestPki instances never share an issuer name. */
    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final CertifiedKey ca;
    private final KeyType caKeyType;
    private CertifiedKey intermediate;

    private TestPki(CertifiedKey ca, KeyType caKeyType) {
        this.ca = ca;
        this.caKeyType = caKeyType;
    }

    public static TestPki create(KeyType caKeyType) {
        KeyPair keyPair = keyPair(caKeyType, 1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = "Parapet Test Root CA " + caKeyType + " #" + SERIAL.incrementAndGet();
        X509Certificate root = new Spec(caKeyType).commonName(name)
                .asCa().validFrom(now.minus(Duration.ofHours(1))).validUntil(now.plus(Duration.ofDays(365)))
                .build(keyPair.getPublic(), null, keyPair.getPrivate(), caKeyType);
        return new TestPki(new CertifiedKey(List.of(root), keyPair.getPrivate()), caKeyType);
    }

    // ---- Issuing ----

    /** A leaf for these DNS names and IP literals (IPs detected with HostnameMatcher.isIpLiteral). */
    public CertifiedKey issue(KeyType leafType, String... dnsNamesOrIps) {
        return leaf(leafType).names(dnsNamesOrIps).issue();
    }

    /** A leaf that expired a day ago (valid from 31 days ago). */
    public CertifiedKey issueExpired(KeyType leafType, String... dnsNamesOrIps) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return leaf(leafType).names(dnsNamesOrIps).validFrom(now.minus(Duration.ofDays(31)))
                .validUntil(now.minus(Duration.ofDays(1))).issue();
    }

    /** A leaf that becomes valid in a day. */
    public CertifiedKey issueNotYetValid(KeyType leafType, String... dnsNamesOrIps) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return leaf(leafType).names(dnsNamesOrIps).validFrom(now.plus(Duration.ofDays(1)))
                .validUntil(now.plus(Duration.ofDays(31))).issue();
    }

    /** A leaf issued by an intermediate CA (same key type as the root): chain [leaf, intermediate, root]. */
    public CertifiedKey issueWithIntermediate(KeyType leafType, String... dnsNamesOrIps) {
        return leaf(leafType).names(dnsNamesOrIps).viaIntermediate().issue();
    }

    /** For anything else: {@code pki.leaf(type).names(...).extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).issue()}. */
    public LeafBuilder leaf(KeyType leafType) {
        return new LeafBuilder(leafType);
    }

    /** A leaf under construction. */
    public final class LeafBuilder {
        private final KeyType type;
        private final Spec spec;
        private boolean viaIntermediate;

        private LeafBuilder(KeyType type) {
            this.type = type;
            this.spec = new Spec(type);
        }

        public LeafBuilder names(String... dnsNamesOrIps) {
            for (String name : dnsNamesOrIps) {
                spec.names.add(name);
            }
            if (spec.commonName == null && dnsNamesOrIps.length > 0) {
                spec.commonName = dnsNamesOrIps[0];
            }
            return this;
        }

        public LeafBuilder commonName(String commonName) {
            spec.commonName = commonName;
            return this;
        }

        /** Leaves out the subjectAltName extension (to test the CN fallback). */
        public LeafBuilder withoutSubjectAltNames() {
            spec.includeSans = false;
            return this;
        }

        public LeafBuilder validFrom(Instant notBefore) {
            spec.validFrom(notBefore);
            return this;
        }

        public LeafBuilder validUntil(Instant notAfter) {
            spec.validUntil(notAfter);
            return this;
        }

        /** Replaces serverAuth+clientAuth; no arguments leaves the extension out. */
        public LeafBuilder extendedKeyUsage(KeyPurposeId... purposes) {
            spec.purposes = purposes;
            return this;
        }

        public LeafBuilder viaIntermediate() {
            viaIntermediate = true;
            return this;
        }

        public CertifiedKey issue() {
            CertifiedKey issuer = viaIntermediate ? intermediate() : ca;
            if (spec.commonName == null) {
                spec.commonName = "Parapet Test Leaf";
            }
            KeyPair keyPair = keyPair(type, 3);
            X509Certificate cert = spec.build(keyPair.getPublic(), issuer.leaf(), issuer.privateKey(),
                    caKeyType);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(issuer.chain());
            return new CertifiedKey(chain, keyPair.getPrivate());
        }
    }

    private synchronized CertifiedKey intermediate() {
        if (intermediate == null) {
            KeyPair keyPair = keyPair(caKeyType, 2);
            String name = "Parapet Test Intermediate CA " + caKeyType + " #" + SERIAL.incrementAndGet();
            X509Certificate cert = new Spec(caKeyType).commonName(name)
                    .asCa().build(keyPair.getPublic(), ca.leaf(), ca.privateKey(), caKeyType);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            intermediate = new CertifiedKey(chain, keyPair.getPrivate());
        }
        return intermediate;
    }

    // ---- Accessors and files ----

    public X509Certificate caCertificate() {
        return ca.leaf();
    }

    /** The root CA with its key, e.g. to issue with other tools. */
    public CertifiedKey ca() {
        return ca;
    }

    public TrustAnchors trustAnchors() {
        return TrustAnchors.of(ca.leaf());
    }

    /** Writes the root CA certificate as PEM (for {@code openssl s_client -CAfile}). */
    public Path writeCaPem(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "ca-", ".pem");
        Files.writeString(file, Pem.encodeCertificate(ca.leaf()), StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes the chain (leaf first) and the PKCS#8 key as PEM; returns {chain, key}. */
    public static Path[] writeChainAndKey(CertifiedKey certifiedKey, Path dir) throws IOException {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate cert : certifiedKey.chain()) {
            chain.append(Pem.encodeCertificate(cert));
        }
        Path chainFile = Files.createTempFile(dir, "chain-", ".pem");
        Files.writeString(chainFile, chain, StandardCharsets.US_ASCII);
        Path keyFile = Files.createTempFile(dir, "key-", ".pem");
        Files.writeString(keyFile, Pem.encodePrivateKey(certifiedKey.privateKey()), StandardCharsets.US_ASCII);
        return new Path[] {chainFile, keyFile};
    }

    // ---- Keys ----

    /** RSA keys are cached by (type, slot) so a CA, an intermediate and a leaf get different keys. */
    static KeyPair keyPair(KeyType type, int slot) {
        switch (type) {
            case RSA_2048:
            case RSA_PSS_2048:
                return RSA_CACHE.computeIfAbsent(type + "/" + slot, k -> generate(type));
            default:
                return generate(type);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            switch (type) {
                case ECDSA_P256:
                    return ec("secp256r1");
                case ECDSA_P384:
                    return ec("secp384r1");
                case RSA_2048:
                    return rsa("RSA");
                case RSA_PSS_2048:
                    return rsa("RSASSA-PSS");
                case ED25519:
                    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                default:
                    throw new IllegalArgumentException(type.name());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String signatureAlgorithm(KeyType issuerType) {
        switch (issuerType) {
            case ECDSA_P256:
                return "SHA256withECDSA";
            case ECDSA_P384:
                return "SHA384withECDSA";
            case RSA_2048:
                return "SHA256withRSA";
            case RSA_PSS_2048:
                return "SHA256withRSAandMGF1";
            case ED25519:
                return "Ed25519";
            default:
                throw new IllegalArgumentException(issuerType.name());
        }
    }

    // ---- The certificate itself ----

    /** What goes into one certificate. */
    private static final class Spec {
        final KeyType type;
        String commonName;
        final List<String> names = new ArrayList<>();
        boolean includeSans = true;
        boolean ca;
        KeyPurposeId[] purposes = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        Instant notAfter = notBefore.plus(Duration.ofHours(1)).plus(VALIDITY);

        Spec(KeyType type) {
            this.type = type;
        }

        Spec commonName(String value) {
            commonName = value;
            return this;
        }

        Spec asCa() {
            ca = true;
            return this;
        }

        Spec validFrom(Instant value) {
            notBefore = value;
            return this;
        }

        Spec validUntil(Instant value) {
            notAfter = value;
            return this;
        }

        X509Certificate build(PublicKey subjectKey, X509Certificate issuer, PrivateKey signingKey,
                KeyType issuerType) {
            try {
                X500Name subject = new X500Name("CN=" + commonName.replace(",", "\\,"));
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        new BigInteger(127, RANDOM).setBit(126), Date.from(notBefore), Date.from(notAfter),
                        subject, subjectKey);
                addExtensions(builder, subjectKey, issuer == null ? subjectKey : issuer.getPublicKey());
                ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(issuerType)).setProvider(BC)
                        .build(signingKey);
                return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot build test certificate: " + e, e);
            }
        }

        private void addExtensions(X509v3CertificateBuilder builder, PublicKey subjectKey, PublicKey issuerKey)
                throws IOException, GeneralSecurityException {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerKey));
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                return;
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature | (type == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (purposes.length > 0) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            if (includeSans && !names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans());
            }
        }

        private GeneralNames sans() throws IOException {
            List<GeneralName> out = new ArrayList<>();
            for (String name : names) {
                if (HostnameMatcher.isIpLiteral(name)) {
                    String literal = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
                    // A literal with ':' or a dotted quad: InetAddress parses it without a lookup.
                    out.add(new GeneralName(GeneralName.iPAddress,
                            new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(literal).getAddress())));
                } else {
                    out.add(new GeneralName(GeneralName.dNSName, name));
                }
            }
            return new GeneralNames(out.toArray(new GeneralName[0]));
        }
    }

    // ---- Free-form certificates, for path validation tests ----

    /** A fresh P-256 key pair. */
    public static KeyPair ecKey() {
        return KeyType.ECDSA_P256.generate();
    }

    /** An RSA key pair of this size, cached per (bits, slot) because RSA generation is slow. */
    public static KeyPair rsaKey(int bits, int slot) {
        return RSA_CACHE.computeIfAbsent("RSA" + bits + "/" + slot, k -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(bits);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A self-signed root CA: {@code TestPki.cert("CN=Root").ca().build()}; sign others with {@code .issuer(root)}. */
    public static Cert cert(String subjectDn) {
        return new Cert(subjectDn);
    }

    /** dNSName / iPAddress ("10.0.0.0/8", "2001:db8::/32") / rfc822Name / directoryName bases for name constraints. */
    public static GeneralName dnsBase(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    public static GeneralName emailBase(String name) {
        return new GeneralName(GeneralName.rfc822Name, name);
    }

    public static GeneralName dnBase(String dn) {
        return new GeneralName(GeneralName.directoryName, new X500Name(dn));
    }

    public static GeneralName ipBase(String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            byte[] out = new byte[address.length * 2];
            System.arraycopy(address, 0, out, 0, address.length);
            for (int i = 0; i < prefix; i++) {
                out[address.length + i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            return new GeneralName(GeneralName.iPAddress, new org.bouncycastle.asn1.DEROctetString(out));
        } catch (IOException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    /**
     * One certificate, every field under the test's control. Defaults: a fresh P-256 key, valid from an hour ago
     * for 30 days, a leaf (basicConstraints cA=false, keyUsage digitalSignature, EKU serverAuth+clientAuth) unless
     * {@link #ca} is called (basicConstraints cA=true, keyUsage keyCertSign+cRLSign, no EKU), SKI and AKI present,
     * self-signed unless {@link #issuer} is given; signed with SHA-256 (or the issuer key's natural algorithm).
     */
    public static final class Cert {
        private final String subject;
        private CertifiedKey issuer;
        private KeyPair keyPair;
        private Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        private Instant notAfter = notBefore.plus(Duration.ofDays(30));
        private boolean ca;
        private Integer pathLen;
        private boolean basicConstraints = true;
        private Integer keyUsage;
        private boolean keyUsageSet;
        private KeyPurposeId[] purposes;
        private final List<GeneralName> sans = new ArrayList<>();
        private final List<GeneralName> permitted = new ArrayList<>();
        private final List<GeneralName> excluded = new ArrayList<>();
        private final List<Object[]> extraExtensions = new ArrayList<>();
        private boolean keyIdentifiers = true;
        private String signatureAlgorithm;
        private BigInteger serial;

        private Cert(String subject) {
            this.subject = subject;
        }

        public Cert issuer(CertifiedKey value) {
            issuer = value;
            return this;
        }

        public Cert key(KeyPair value) {
            keyPair = value;
            return this;
        }

        public Cert validity(Instant from, Instant until) {
            notBefore = from;
            notAfter = until;
            return this;
        }

        public Cert ca() {
            ca = true;
            return this;
        }

        public Cert ca(int pathLenConstraint) {
            ca = true;
            pathLen = pathLenConstraint;
            return this;
        }

        /** basicConstraints present with cA=false, even for an issuing certificate. */
        public Cert notCa() {
            ca = false;
            return this;
        }

        public Cert noBasicConstraints() {
            basicConstraints = false;
            return this;
        }

        /** BouncyCastle KeyUsage bits, e.g. {@code KeyUsage.digitalSignature}; null leaves the extension out. */
        public Cert keyUsage(Integer bits) {
            keyUsage = bits;
            keyUsageSet = true;
            return this;
        }

        /** No arguments leaves the extension out. */
        public Cert eku(KeyPurposeId... value) {
            purposes = value;
            return this;
        }

        public Cert dns(String... names) {
            for (String name : names) {
                sans.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        public Cert ip(String... literals) {
            try {
                for (String literal : literals) {
                    sans.add(new GeneralName(GeneralName.iPAddress,
                            new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(literal).getAddress())));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }

        public Cert email(String... addresses) {
            for (String address : addresses) {
                sans.add(new GeneralName(GeneralName.rfc822Name, address));
            }
            return this;
        }

        public Cert dirName(String dn) {
            sans.add(new GeneralName(GeneralName.directoryName, new X500Name(dn)));
            return this;
        }

        public Cert uri(String uri) {
            sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
            return this;
        }

        public Cert permitted(GeneralName... bases) {
            permitted.addAll(List.of(bases));
            return this;
        }

        public Cert excluded(GeneralName... bases) {
            excluded.addAll(List.of(bases));
            return this;
        }

        /** Any extension, its value given as DER. */
        public Cert extension(String oid, boolean critical, byte[] valueDer) {
            extraExtensions.add(new Object[] {oid, critical, valueDer});
            return this;
        }

        public Cert noKeyIdentifiers() {
            keyIdentifiers = false;
            return this;
        }

        /** A JCA/BouncyCastle name, e.g. "SHA1withRSA", "SHA384withECDSA". */
        public Cert signatureAlgorithm(String jcaName) {
            signatureAlgorithm = jcaName;
            return this;
        }

        public Cert serial(BigInteger value) {
            serial = value;
            return this;
        }

        public CertifiedKey build() {
            KeyPair subjectKeys = keyPair != null ? keyPair : ecKey();
            PrivateKey signingKey = issuer == null ? subjectKeys.getPrivate() : issuer.privateKey();
            PublicKey issuerKey = issuer == null ? subjectKeys.getPublic() : issuer.leaf().getPublicKey();
            try {
                X500Name subjectName = new X500Name(subject);
                X500Name issuerName = issuer == null ? subjectName
                        : X500Name.getInstance(issuer.leaf().getSubjectX500Principal().getEncoded());
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        serial != null ? serial : new BigInteger(127, RANDOM).setBit(126), Date.from(notBefore),
                        Date.from(notAfter), subjectName, subjectKeys.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                if (keyIdentifiers) {
                    builder.addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuerKey));
                }
                if (basicConstraints) {
                    builder.addExtension(Extension.basicConstraints, true, pathLen != null
                            ? new BasicConstraints(pathLen) : new BasicConstraints(ca));
                }
                Integer usage = keyUsageSet ? keyUsage
                        : ca ? Integer.valueOf(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        : Integer.valueOf(KeyUsage.digitalSignature);
                if (usage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                }
                KeyPurposeId[] eku = purposes != null ? purposes : ca ? new KeyPurposeId[0]
                        : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
                if (eku.length > 0) {
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
                }
                if (!sans.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(new GeneralName[0])));
                }
                if (!permitted.isEmpty() || !excluded.isEmpty()) {
                    builder.addExtension(Extension.nameConstraints, true, new org.bouncycastle.asn1.x509.NameConstraints(
                            subtrees(permitted), subtrees(excluded)));
                }
                for (Object[] extra : extraExtensions) {
                    builder.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier((String) extra[0]),
                            (Boolean) extra[1], (byte[]) extra[2]);
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm : naturalAlgorithm(signingKey);
                ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signingKey);
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(cert);
                if (issuer != null) {
                    chain.addAll(issuer.chain());
                }
                return new CertifiedKey(chain, subjectKeys.getPrivate());
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot build test certificate: " + e, e);
            }
        }

        private static org.bouncycastle.asn1.x509.GeneralSubtree[] subtrees(List<GeneralName> bases) {
            if (bases.isEmpty()) {
                return null;
            }
            org.bouncycastle.asn1.x509.GeneralSubtree[] out = new org.bouncycastle.asn1.x509.GeneralSubtree[
                    bases.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new org.bouncycastle.asn1.x509.GeneralSubtree(bases.get(i));
            }
            return out;
        }

        private static String naturalAlgorithm(PrivateKey key) {
            if (key instanceof java.security.interfaces.ECKey) {
                int bits = ((java.security.interfaces.ECKey) key).getParams().getOrder().bitLength();
                return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
            }
            if ("RSASSA-PSS".equals(key.getAlgorithm())) {
                return "SHA256withRSAandMGF1";
            }
            if (key instanceof java.security.interfaces.RSAKey) {
                return "SHA256withRSA";
            }
            return key.getAlgorithm().equals("EdDSA") ? "Ed25519" : key.getAlgorithm();
        }
    }
}
