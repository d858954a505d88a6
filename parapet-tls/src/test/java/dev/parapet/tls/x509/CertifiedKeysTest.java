package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CertifiedKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void loadsWhatTestPkiWrites(KeyType type) throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey issued = pki.issue(type, "load.example");
        Path[] files = TestPki.writeChainAndKey(issued, dir);
        CertifiedKey loaded = CertifiedKeys.load(files[0], files[1]);
        assertEquals(issued.chain(), loaded.chain());
        assertEquals(issued.privateKey(), loaded.privateKey());
    }

    @ParameterizedTest
    @CsvSource({"ECDSA_P256, ECDSA_P256", "ECDSA_P256, ECDSA_P384", "ED25519, ED25519", "ECDSA_P256, ED25519",
        "ED25519, RSA_2048", "RSA_2048, RSA_PSS_2048"})
    void refusesAKeyOfAnotherCertificate(KeyType certType, KeyType keyType) throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey issued = pki.issue(certType, "mismatch.example");
        Path chain = TestPki.writeChainAndKey(issued, dir)[0];
        Path key = dir.resolve("other-key.pem");
        Files.writeString(key, Pem.encodePrivateKey(keyType.generate().getPrivate()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertifiedKeys.load(chain, key));
        assertEquals("private key does not match the certificate for CN=mismatch.example", e.getMessage());
    }

    @Test
    void ofChecksTheLeafNotTheCa() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey issued = pki.issue(KeyType.ECDSA_P256, "x.example");
        assertThrows(IllegalArgumentException.class,
                () -> CertifiedKeys.of(issued.chain(), pki.ca().privateKey()));
        assertEquals(issued, CertifiedKeys.of(issued.chain(), issued.privateKey()));
    }
}
