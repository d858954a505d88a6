package dev.parapet.cli;

import dev.parapet.tls.x509.CertificateBuilder;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

/**
 * A CA made up on the spot (EC P-256) and a leaf it signed for {@code localhost}, 127.0.0.1 and ::1. Lives in
 * memory; only the CA certificate (public) is ever written out, so a client can be told to trust it.
 *
 * @param ca   the CA certificate and key
 * @param leaf the server's chain [leaf, ca] and key
 */
record ThrowawayCa(CertifiedKey ca, CertifiedKey leaf) {
    static final Duration VALIDITY = Duration.ofDays(7);

    static ThrowawayCa create(String caName) throws Exception {
        CertifiedKey ca = CertificateBuilder.selfSignedCa(caName, p256(), VALIDITY);
        CertifiedKey leaf = CertificateBuilder.leaf(ca, "localhost", List.of("localhost"),
                List.of("127.0.0.1", "::1"), p256(), VALIDITY);
        return new ThrowawayCa(ca, leaf);
    }

    String caPem() throws Exception {
        return Pem.encodeCertificate(ca.leaf());
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
