package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PemTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private static String resource(String name) throws IOException {
        try (InputStream in = PemTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String bcWrite(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void readsPkcs8FromBouncyCastle(KeyType type) throws Exception {
        KeyPair keyPair = type.generate();
        String pem = bcWrite(new JcaPKCS8Generator(keyPair.getPrivate(), null));
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        PrivateKey key = Pem.readPrivateKey(pem);
        assertArrayEquals(keyPair.getPrivate().getEncoded(), key.getEncoded());
        assertTrue(CertifiedKeys.matches(keyPair.getPublic(), key));
    }

    @ParameterizedTest
    @CsvSource({"ECDSA_P256, EC PRIVATE KEY", "ECDSA_P384, EC PRIVATE KEY", "RSA_2048, RSA PRIVATE KEY"})
    void readsTraditionalOpenSslFormatsFromBouncyCastle(KeyType type, String label) throws Exception {
        // BouncyCastle's own keys, so SEC1 carries the named curve (the JDK's PKCS#8 leaves it out of the inner key).
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type == KeyType.RSA_2048 ? "RSA" : "EC", BC);
        generator.initialize(type == KeyType.RSA_2048 ? new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4)
                : new ECGenParameterSpec(type == KeyType.ECDSA_P256 ? "secp256r1" : "secp384r1"));
        KeyPair keyPair = generator.generateKeyPair();
        String pem = bcWrite(keyPair.getPrivate());
        assertTrue(pem.startsWith("-----BEGIN " + label + "-----"), pem);
        PrivateKey key = Pem.readPrivateKey(pem);
        assertTrue(CertifiedKeys.matches(keyPair.getPublic(), key));
    }

    @ParameterizedTest
    @CsvSource({
        "ec-sec1-with-params.pem, EC",
        "ec-p384-pkcs8.pem, EC",
        "rsa-pkcs1.pem, RSA",
        "ed25519-pkcs8.pem, EdDSA",
        "rsa-pss-pkcs8.pem, RSASSA-PSS",
        "bag-attributes.pem, EC",
    })
    void readsOpenSslOutput(String file, String algorithm) throws Exception {
        PrivateKey key = Pem.readPrivateKey(resource(file));
        assertEquals(algorithm, key.getAlgorithm());
        if (file.startsWith("ec-sec1")) {
            assertEquals(256, ((ECPrivateKey) key).getParams().getOrder().bitLength());
        }
    }

    @Test
    void certificateAndKeyFromAPkcs12DumpWithBagAttributes() throws Exception {
        String text = resource("bag-attributes.pem");
        List<X509Certificate> certs = Pem.readCertificates(text);
        assertEquals(1, certs.size());
        assertTrue(CertifiedKeys.matches(certs.get(0).getPublicKey(), Pem.readPrivateKey(text)));
        assertEquals(certs, Pem.readCertificates(resource("openssl-cert.pem")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"encrypted-pkcs8.pem", "encrypted-legacy-rsa.pem"})
    void refusesEncryptedKeys(String file) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(resource(file)));
        assertEquals("encrypted private keys are not supported; decrypt with openssl pkey first", e.getMessage());
    }

    @Test
    void readsSeveralCertificatesWithTextAroundAndCrLf() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey leaf = pki.issueWithIntermediate(KeyType.ED25519, "a.example");
        StringBuilder text = new StringBuilder("subject=CN = whatever\r\n");
        for (X509Certificate cert : leaf.chain()) {
            text.append(Pem.encodeCertificate(cert).replace("\n", "\r\n")).append("junk between blocks\r\n");
        }
        assertEquals(leaf.chain(), Pem.readCertificates(text.toString()));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void encodePrivateKeyRoundTrips(KeyType type) {
        PrivateKey key = type.generate().getPrivate();
        String pem = Pem.encodePrivateKey(key);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n") && pem.endsWith("-----END PRIVATE KEY-----\n"));
        for (String line : pem.split("\n")) {
            assertTrue(line.length() <= 64, line);
        }
        assertArrayEquals(key.getEncoded(), Pem.readPrivateKey(pem).getEncoded());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "no pem here | no CERTIFICATE block found in the PEM input",
        "-----BEGIN CERTIFICATE-----\\nMIIB | malformed PEM: \"CERTIFICATE\" block has no END line",
        "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END PRIVATE KEY----- | "
                + "malformed PEM: \"CERTIFICATE\" block ends with \"END PRIVATE KEY\"",
        "-----BEGIN CERTIFICATE-----\\n!!!!\\n-----END CERTIFICATE----- | "
                + "malformed PEM: invalid base64 in \"CERTIFICATE\" block",
        "-----BEGIN CERTIFICATE-----\\n-----END CERTIFICATE----- | malformed PEM: \"CERTIFICATE\" block is empty",
    })
    void malformedCertificatesGiveOneLine(String input, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readCertificates(input.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void garbageInsideACertificateBlock() {
        String pem = Pem.encode("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.readCertificates(pem));
        assertTrue(e.getMessage().startsWith("certificate #1 is malformed: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "nothing | no PRIVATE KEY block found in the PEM input",
        "30 03 02 01 05 | unsupported PKCS#8 version 5",
        "30 0a 02 01 00 30 05 06 03 2a 03 04 | unsupported private key algorithm 1.2.3.4",
        "30 02 02 | malformed PKCS#8 private key: malformed DER: length 2 exceeds the 1 remaining bytes",
        "30 0f 02 01 00 30 05 06 03 2b 65 70 04 03 01 02 03 | malformed Ed25519 private key",
    })
    void malformedPkcs8KeysGiveOneLine(String hex, String message) {
        String pem = hex.equals("nothing") ? "nothing"
                : Pem.encode("PRIVATE KEY", java.util.HexFormat.of().parseHex(hex.replace(" ", "")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(pem));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void malformedTraditionalKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(Pem.encode("EC PRIVATE KEY", Der.sequence(Der.integer(1),
                        Der.octetString(new byte[32])))));
        assertEquals("EC private key without a named curve is not supported", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(Pem.encode("EC PRIVATE KEY", Der.sequence(Der.integer(1),
                        Der.octetString(new byte[32]), Der.explicit(0, Der.oid("1.2.3.4"))))));
        assertTrue(e.getMessage().startsWith("unsupported EC curve 1.2.3.4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(Pem.encode("RSA PRIVATE KEY", Der.sequence(Der.integer(0)))));
        assertTrue(e.getMessage().startsWith("malformed RSA private key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(Pem.encode("DSA PRIVATE KEY", new byte[] {0x30, 0})));
        assertEquals("unsupported key block \"DSA PRIVATE KEY\"", e.getMessage());
    }

    @Test
    void twoKeysAreRefused() {
        String one = Pem.encodePrivateKey(KeyType.ED25519.generate().getPrivate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.readPrivateKey(one + one));
        assertEquals("more than one private key in the PEM input", e.getMessage());
    }

    @Test
    void pathVariantsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.pem");
        Files.writeString(file, "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.readCertificates(file));
        assertEquals(file + ": no CERTIFICATE block found in the PEM input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(file));
        assertEquals(file + ": no PRIVATE KEY block found in the PEM input", e.getMessage());
        assertThrows(IOException.class, () -> Pem.readCertificates(dir.resolve("missing.pem")));
        Path key = dir.resolve("key.pem");
        Files.writeString(key, resource("ed25519-pkcs8.pem"));
        assertEquals("EdDSA", Pem.readPrivateKey(key).getAlgorithm());
    }
}
