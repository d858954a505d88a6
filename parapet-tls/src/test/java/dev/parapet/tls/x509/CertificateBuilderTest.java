package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

public class CertificateBuilderTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void leafForLocalhostIsAcceptedByPkix(KeyType caType) throws Exception {
        CertifiedKey ca = CertificateBuilder.selfSignedCa("Throwaway CA", caType.generate(), Duration.ofDays(1));
        CertifiedKey leaf = CertificateBuilder.leaf(ca, "localhost", List.of("localhost"), List.of("127.0.0.1", "::1"),
                KeyType.ECDSA_P256.generate(), Duration.ofDays(1));
        assertEquals(List.of(leaf.leaf(), ca.leaf()), leaf.chain());
        PkixCertificateVerifier verifier = new PkixCertificateVerifier(TrustAnchors.of(ca.leaf()));
        verifier.verify(leaf.chain(), "localhost");
        verifier.verify(leaf.chain(), "127.0.0.1");
        verifier.verify(leaf.chain(), "::1");
        assertThrows(dev.parapet.tls.TlsException.class, () -> verifier.verify(leaf.chain(), "127.0.0.2"));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyLeafKeyTypeUnderAnIntermediate(KeyType leafType) throws Exception {
        CertifiedKey root = CertificateBuilder.selfSignedCa("Root", KeyType.ECDSA_P384.generate(), Duration.ofDays(2));
        CertifiedKey intermediate = CertificateBuilder.intermediateCa(root, "Intermediate",
                KeyType.RSA_PSS_2048.generate(), Duration.ofDays(2));
        CertifiedKey leaf = CertificateBuilder.leaf(intermediate, "svc", List.of("svc.example"), List.of(),
                leafType.generate(), Duration.ofDays(1));
        assertEquals(3, leaf.chain().size());
        new PkixCertificateVerifier(TrustAnchors.of(root.leaf())).verify(leaf.chain(), "svc.example");
        assertTrue(CertifiedKeys.matches(leaf.leaf().getPublicKey(), leaf.privateKey()));
    }

    @Test
    void bouncyCastleParsesAndVerifiesIt() throws Exception {
        CertifiedKey ca = CertificateBuilder.selfSignedCa("BC Check CA", KeyType.ECDSA_P256.generate(),
                Duration.ofDays(10));
        CertifiedKey leaf = CertificateBuilder.leaf(ca, "bc.example", List.of("bc.example", "*.bc.example"),
                List.of("192.0.2.1"), KeyType.RSA_2048.generate(), Duration.ofDays(5));
        X509CertificateHolder caHolder = new X509CertificateHolder(ca.leaf().getEncoded());
        X509CertificateHolder holder = new X509CertificateHolder(leaf.leaf().getEncoded());
        var verifiers = new JcaContentVerifierProviderBuilder().setProvider(BC).build(ca.leaf().getPublicKey());
        assertTrue(caHolder.isSignatureValid(verifiers));
        assertTrue(holder.isSignatureValid(verifiers));
        assertEquals(caHolder.getSubject(), holder.getIssuer());

        assertTrue(BasicConstraints.fromExtensions(caHolder.getExtensions()).isCA());
        assertTrue(caHolder.getExtension(Extension.basicConstraints).isCritical());
        assertEquals(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign),
                KeyUsage.fromExtensions(caHolder.getExtensions()));
        assertFalse(BasicConstraints.fromExtensions(holder.getExtensions()).isCA());
        assertEquals(new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment),
                KeyUsage.fromExtensions(holder.getExtensions()));
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(holder.getExtensions());
        assertTrue(eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth));
        assertTrue(eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
        GeneralName[] names = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName)
                .getNames();
        assertEquals(3, names.length);
        assertEquals(GeneralName.iPAddress, names[2].getTagNo());
        // AKI of the leaf = SKI of the CA = SHA-1 of the CA's public key bits (RFC 5280, 4.2.1.2).
        byte[] caSki = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.fromExtensions(caHolder.getExtensions())
                .getKeyIdentifier();
        byte[] leafAki = org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.fromExtensions(holder.getExtensions())
                .getKeyIdentifierObject().getOctets();
        assertArrayEquals(caSki, leafAki);
        assertArrayEquals(new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils()
                .createSubjectKeyIdentifier(ca.leaf().getPublicKey()).getKeyIdentifier(), caSki);
    }

    @Test
    void serialValidityAndVersion() {
        Instant before = Instant.now();
        CertifiedKey ca = CertificateBuilder.selfSignedCa("Dates CA", KeyType.ED25519.generate(), Duration.ofDays(7));
        X509Certificate cert = ca.leaf();
        assertEquals(3, cert.getVersion());
        assertTrue(cert.getSerialNumber().signum() > 0);
        assertTrue(cert.getSerialNumber().bitLength() > 64 && cert.getSerialNumber().bitLength() <= 128);
        Duration backdate = Duration.between(cert.getNotBefore().toInstant(), before);
        assertTrue(backdate.compareTo(Duration.ofMinutes(59)) > 0 && backdate.compareTo(Duration.ofMinutes(61)) < 0);
        assertEquals("Ed25519", cert.getSigAlgName());
        assertEquals(Integer.MAX_VALUE, cert.getBasicConstraints());
        BigInteger other = CertificateBuilder.selfSignedCa("Dates CA", KeyType.ED25519.generate(), Duration.ofDays(7))
                .leaf().getSerialNumber();
        assertFalse(other.equals(cert.getSerialNumber()));
    }

    @Test
    void signatureAlgorithmFollowsTheIssuerKey() {
        assertEquals("SHA256withECDSA", sigAlg(KeyType.ECDSA_P256));
        assertEquals("SHA384withECDSA", sigAlg(KeyType.ECDSA_P384));
        assertEquals("SHA256withRSA", sigAlg(KeyType.RSA_2048));
        assertEquals("RSASSA-PSS", sigAlg(KeyType.RSA_PSS_2048));
        assertEquals("Ed25519", sigAlg(KeyType.ED25519));
    }

    private static String sigAlg(KeyType type) {
        return CertificateBuilder.selfSignedCa("Alg", type.generate(), Duration.ofDays(1)).leaf().getSigAlgName();
    }

    @Test
    void refusesBadInput() {
        CertifiedKey ca = CertificateBuilder.selfSignedCa("CA", KeyType.ECDSA_P256.generate(), Duration.ofDays(1));
        CertifiedKey leaf = CertificateBuilder.leaf(ca, "leaf", List.of("leaf.example"), List.of(),
                KeyType.ECDSA_P256.generate(), Duration.ofDays(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.leaf(leaf,
                "x", List.of("x.example"), List.of(), KeyType.ECDSA_P256.generate(), Duration.ofDays(1)));
        assertEquals("issuer CN=leaf is not a CA certificate", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.leaf(ca, "x", List.of(),
                List.of("not-an-ip"), KeyType.ECDSA_P256.generate(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.leaf(ca, "x", List.of("bücher.example"),
                List.of(), KeyType.ECDSA_P256.generate(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> CertificateBuilder.selfSignedCa("CA",
                KeyType.ECDSA_P256.generate(), Duration.ZERO));
    }

    @Test
    void opensslAgrees(@TempDir Path dir) throws Exception {
        assertTrue(onPath("openssl"), "openssl not on the PATH; .ci/run installs it");
        CertifiedKey ca = CertificateBuilder.selfSignedCa("OpenSSL Check CA", KeyType.RSA_2048.generate(),
                Duration.ofDays(1));
        CertifiedKey leaf = CertificateBuilder.leaf(ca, "localhost", List.of("localhost"), List.of("127.0.0.1"),
                KeyType.ECDSA_P256.generate(), Duration.ofDays(1));
        Path caFile = dir.resolve("ca.pem");
        Path leafFile = dir.resolve("leaf.pem");
        Files.writeString(caFile, Pem.encodeCertificate(ca.leaf()));
        Files.writeString(leafFile, Pem.encodeCertificate(leaf.leaf()));
        String text = run(dir, "openssl", "x509", "-in", leafFile.toString(), "-noout", "-text");
        assertTrue(text.contains("DNS:localhost, IP Address:127.0.0.1"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("CA:FALSE"), text);
        String verify = run(dir, "openssl", "verify", "-CAfile", caFile.toString(), "-purpose", "sslserver",
                "-verify_hostname", "localhost", "-verify_ip", "127.0.0.1", leafFile.toString());
        assertTrue(verify.contains(": OK"), verify);
    }

    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out;
    }
}
