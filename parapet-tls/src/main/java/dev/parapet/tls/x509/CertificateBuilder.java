package dev.parapet.tls.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes X.509 v3 certificates (RFC 5280) with the JDK alone, so the CLI can create a throwaway CA and server
 * certificate at run time. Not a general-purpose CA: names are a single CN, validity starts an hour ago (to allow
 * for clock skew), serial numbers are 16 random bytes (positive).
 *
 * <p>Signature algorithms follow the issuer's key: ecdsa-with-SHA256/384/512 for P-256/P-384/P-521,
 * sha256WithRSAEncryption for rsaEncryption keys, RSASSA-PSS with SHA-256 for id-RSASSA-PSS keys, Ed25519/Ed448.
 */
public final class CertificateBuilder {
    private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String OID_KEY_USAGE = "2.5.29.15";
    private static final String OID_SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String OID_EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String OID_SUBJECT_KEY_ID = "2.5.29.14";
    private static final String OID_AUTHORITY_KEY_ID = "2.5.29.35";
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    // RFC 5280, 4.2.1.3: named bits of KeyUsage.
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private CertificateBuilder() {
    }

    /** A self-signed root CA; its chain is just itself. */
    public static CertifiedKey selfSignedCa(String commonName, KeyPair keyPair, Duration validity) {
        byte[] name = name(commonName);
        byte[] ski = keyIdentifier(keyPair.getPublic());
        List<byte[]> extensions = caExtensions(ski, ski);
        X509Certificate cert = sign(name, name, keyPair.getPublic(), validity, extensions, keyPair.getPrivate());
        return new CertifiedKey(List.of(cert), keyPair.getPrivate());
    }

    /** An intermediate CA issued by {@code issuer}; chain = [intermediate] + issuer's chain. */
    public static CertifiedKey intermediateCa(CertifiedKey issuer, String commonName, KeyPair keyPair,
            Duration validity) {
        requireCa(issuer);
        List<byte[]> extensions = caExtensions(keyIdentifier(keyPair.getPublic()), issuerKeyId(issuer.leaf()));
        X509Certificate cert = sign(issuerName(issuer), name(commonName), keyPair.getPublic(), validity, extensions,
                issuer.privateKey());
        return new CertifiedKey(prepend(cert, issuer.chain()), keyPair.getPrivate());
    }

    /**
     * A server/client certificate issued by {@code issuer}. The returned chain is [leaf] + the issuer's chain, so
     * for a CA made by {@link #selfSignedCa} it is [leaf, ca]: sending the root is harmless (RFC 8446, 4.4.2 lets
     * the sender omit it) and lets tools that want it see it.
     */
    public static CertifiedKey leaf(CertifiedKey issuer, String commonName, List<String> dnsNames,
            List<String> ipAddresses, KeyPair leafKeyPair, Duration validity) {
        requireCa(issuer);
        PublicKey publicKey = leafKeyPair.getPublic();
        List<byte[]> extensions = new ArrayList<>();
        // RFC 5280, 4.2.1.9: cA defaults to FALSE, so the leaf's BasicConstraints is an empty SEQUENCE.
        extensions.add(extension(OID_BASIC_CONSTRAINTS, true, Der.sequence()));
        extensions.add(extension(OID_KEY_USAGE, true, isRsaEncryption(publicKey)
                ? Der.namedBits(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT) : Der.namedBits(DIGITAL_SIGNATURE)));
        byte[] san = subjectAltName(dnsNames, ipAddresses);
        if (san != null) {
            extensions.add(extension(OID_SUBJECT_ALT_NAME, false, san));
        }
        // RFC 5280, 4.2.1.12: id-kp-serverAuth, id-kp-clientAuth.
        extensions.add(extension(OID_EXTENDED_KEY_USAGE, false, Der.sequence(
                Der.oid(PkixCertificateVerifier.SERVER_AUTH), Der.oid(PkixCertificateVerifier.CLIENT_AUTH))));
        extensions.add(extension(OID_SUBJECT_KEY_ID, false, Der.octetString(keyIdentifier(publicKey))));
        extensions.add(authorityKeyId(issuerKeyId(issuer.leaf())));
        X509Certificate cert = sign(issuerName(issuer), name(commonName), publicKey, validity, extensions,
                issuer.privateKey());
        return new CertifiedKey(prepend(cert, issuer.chain()), leafKeyPair.getPrivate());
    }

    // ---- Extensions ----

    private static List<byte[]> caExtensions(byte[] subjectKeyId, byte[] authorityKeyId) {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(OID_BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))));
        extensions.add(extension(OID_KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN)));
        extensions.add(extension(OID_SUBJECT_KEY_ID, false, Der.octetString(subjectKeyId)));
        extensions.add(authorityKeyId(authorityKeyId));
        return extensions;
    }

    // RFC 5280, 4.1: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        if (critical) {
            return Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value));
        }
        return Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    // RFC 5280, 4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING, ... }
    private static byte[] authorityKeyId(byte[] keyId) {
        return extension(OID_AUTHORITY_KEY_ID, false, Der.sequence(Der.implicit(0, keyId)));
    }

    // RFC 5280, 4.2.1.6: dNSName [2] IA5String, iPAddress [7] OCTET STRING (4 or 16 bytes).
    private static byte[] subjectAltName(List<String> dnsNames, List<String> ipAddresses) {
        List<byte[]> names = new ArrayList<>();
        for (String dns : dnsNames == null ? List.<String>of() : dnsNames) {
            if (dns.isEmpty() || !dns.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("invalid DNS name \"" + dns + "\": use ASCII (A-labels for IDNs)");
            }
            names.add(Der.implicit(2, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        for (String ip : ipAddresses == null ? List.<String>of() : ipAddresses) {
            byte[] address = HostnameMatcher.parseIp(ip);
            if (address == null) {
                throw new IllegalArgumentException("not an IP address literal: \"" + ip + "\"");
            }
            names.add(Der.implicit(7, address));
        }
        return names.isEmpty() ? null : Der.sequence(names.toArray(new byte[0][]));
    }

    // RFC 5280, 4.2.1.2, method (1): SHA-1 of the subjectPublicKey BIT STRING's bits.
    static byte[] keyIdentifier(PublicKey publicKey) {
        Der.Reader spki = Der.parse(publicKey.getEncoded()).contents();
        spki.readSequence();
        byte[] bits = spki.read(Der.BIT_STRING).value();
        try {
            return MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(bits, 1, bits.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /** The issuer's own subjectKeyIdentifier when it has one (so AKI matches it), else computed. */
    private static byte[] issuerKeyId(X509Certificate issuer) {
        byte[] extension = issuer.getExtensionValue(OID_SUBJECT_KEY_ID);
        if (extension != null) {
            try {
                return Der.parse(Der.parse(extension).value()).value();
            } catch (IllegalArgumentException e) {
                // fall through to computing it
            }
        }
        return keyIdentifier(issuer.getPublicKey());
    }

    // ---- Names, validity, signing ----

    // RFC 5280, 4.1.2.4: Name ::= SEQUENCE OF SET OF AttributeTypeAndValue; here one CN in UTF8String.
    private static byte[] name(String commonName) {
        if (commonName == null || commonName.isEmpty()) {
            throw new IllegalArgumentException("common name is empty");
        }
        return Der.sequence(Der.set(Der.sequence(Der.oid(Names.COMMON_NAME_OID), Der.utf8String(commonName))));
    }

    private static byte[] issuerName(CertifiedKey issuer) {
        return issuer.leaf().getSubjectX500Principal().getEncoded();
    }

    private static void requireCa(CertifiedKey issuer) {
        if (issuer.leaf().getBasicConstraints() < 0) {
            throw new IllegalArgumentException("issuer " + Names.describe(issuer.leaf().getSubjectX500Principal())
                    + " is not a CA certificate");
        }
    }

    private static List<X509Certificate> prepend(X509Certificate first, List<X509Certificate> rest) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(first);
        chain.addAll(rest);
        return chain;
    }

    private static BigInteger serialNumber() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x40; // RFC 5280, 4.1.2.2: positive, non-zero, at most 20 octets
        return new BigInteger(bytes);
    }

    // RFC 5280, 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
    private static X509Certificate sign(byte[] issuer, byte[] subject, PublicKey publicKey, Duration validity,
            List<byte[]> extensions, PrivateKey signingKey) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(signingKey);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)), // version v3
                Der.integer(serialNumber()),
                algorithm.identifier,
                issuer,
                Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(validity))),
                subject,
                publicKey.getEncoded(),
                Der.explicit(3, Der.sequence(extensions.toArray(new byte[0][]))));
        try {
            Signature signature = Signature.getInstance(algorithm.jcaName);
            if (algorithm.parameters != null) {
                signature.setParameter(algorithm.parameters);
            }
            signature.initSign(signingKey);
            signature.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm.identifier, Der.bitString(signature.sign()));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign certificate: " + Pem.oneLine(e), e);
        }
    }

    private static boolean isRsaEncryption(PublicKey key) {
        return key instanceof RSAKey && "RSA".equals(key.getAlgorithm());
    }

    /** The JCA signature name, its parameters and the AlgorithmIdentifier for a signing key. */
    private static final class SignatureAlgorithm {
        final String jcaName;
        final byte[] identifier;
        final PSSParameterSpec parameters;

        private SignatureAlgorithm(String jcaName, byte[] identifier, PSSParameterSpec parameters) {
            this.jcaName = jcaName;
            this.identifier = identifier;
            this.parameters = parameters;
        }

        static SignatureAlgorithm forKey(PrivateKey key) {
            if (key instanceof ECKey) {
                // RFC 5758, 3.2: ECDSA AlgorithmIdentifiers have no parameters.
                int bits = ((ECKey) key).getParams().getOrder().bitLength();
                if (bits <= 256) {
                    return new SignatureAlgorithm("SHA256withECDSA", Der.sequence(Der.oid("1.2.840.10045.4.3.2")),
                            null);
                }
                if (bits <= 384) {
                    return new SignatureAlgorithm("SHA384withECDSA", Der.sequence(Der.oid("1.2.840.10045.4.3.3")),
                            null);
                }
                return new SignatureAlgorithm("SHA512withECDSA", Der.sequence(Der.oid("1.2.840.10045.4.3.4")), null);
            }
            if (key instanceof EdECKey) {
                // RFC 8410, 3: id-Ed25519 / id-Ed448, parameters absent.
                String curve = ((EdECKey) key).getParams().getName();
                String oid = curve.equals("Ed25519") ? "1.3.101.112" : "1.3.101.113";
                return new SignatureAlgorithm(curve, Der.sequence(Der.oid(oid)), null);
            }
            if (key instanceof RSAKey && "RSASSA-PSS".equals(key.getAlgorithm())) {
                return pss();
            }
            if (key instanceof RSAKey) {
                // RFC 4055, 5: sha256WithRSAEncryption with NULL parameters.
                return new SignatureAlgorithm("SHA256withRSA",
                        Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue()), null);
            }
            throw new IllegalArgumentException("unsupported issuer key algorithm " + key.getAlgorithm());
        }

        // RFC 4055, 3.1: RSASSA-PSS-params for SHA-256, MGF1 with SHA-256, 32-byte salt.
        private static SignatureAlgorithm pss() {
            PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
                parameters.init(spec);
                byte[] identifier = Der.sequence(Der.oid("1.2.840.113549.1.1.10"), parameters.getEncoded());
                return new SignatureAlgorithm("RSASSA-PSS", identifier, spec);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("RSASSA-PSS unavailable", e);
            }
        }
    }
}
