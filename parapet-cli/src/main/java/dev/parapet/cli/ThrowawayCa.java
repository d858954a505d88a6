package dev.parapet.cli;

import dev.parapet.tls.x509.CertificateBuilder;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA made up on the spot (EC P-256) and the leaves it signed for {@code localhost}, 127.0.0.1 and ::1: an EC P-256
 * one, an RSA 2048 one, or both (EC first). Lives in memory; only the CA certificate (public) is ever written out, so
 * a client can be told to trust it.
 *
 * @param ca     the CA certificate and key
 * @param leaves the server's chains [leaf, ca] and keys, in the order asked for
 */
record ThrowawayCa(CertifiedKey ca, List<CertifiedKey> leaves) {
    static final Duration VALIDITY = Duration.ofDays(7);
    static final int RSA_BITS = 2048;

    /** The key type of a throwaway leaf ({@code parapet server --key-type}). */
    enum KeyType {
        EC, RSA, BOTH;

        List<KeyType> leafTypes() {
            return this == BOTH ? List.of(EC, RSA) : List.of(this);
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    ThrowawayCa {
        leaves = List.copyOf(leaves);
    }

    /** A CA and one EC P-256 leaf. */
    static ThrowawayCa create(String caName) throws Exception {
        return create(caName, KeyType.EC);
    }

    static ThrowawayCa create(String caName, KeyType type) throws Exception {
        CertifiedKey ca = CertificateBuilder.selfSignedCa(caName, p256(), VALIDITY);
        List<CertifiedKey> leaves = new ArrayList<>();
        for (KeyType t : type.leafTypes()) {
            leaves.add(CertificateBuilder.leaf(ca, "localhost", List.of("localhost"), List.of("127.0.0.1", "::1"),
                    t == KeyType.RSA ? rsa() : p256(), VALIDITY));
        }
        return new ThrowawayCa(ca, leaves);
    }

    /** The first (default) leaf. */
    CertifiedKey leaf() {
        return leaves.get(0);
    }

    String caPem() throws Exception {
        return Pem.encodeCertificate(ca.leaf());
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(RSA_BITS);
        return g.generateKeyPair();
    }
}
