package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.x509.CertifiedKeys;
import dev.parapet.tls.x509.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The PEM certificate and key loaders, and the key-matches-certificate check of {@link CertifiedKeys}, on arbitrary
 * input. Input: {@code mode(1) rest}. Mode 0 reads {@code rest} as PEM text; modes 1 to 4 wrap {@code rest} as the
 * DER of a PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY or CERTIFICATE block, so the fuzzer works on the DER.
 * The loaders document one failure, {@link IllegalArgumentException} with a one-line reason.
 */
class PemFuzzTest {
    private static final String[] LABELS = {null, "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "CERTIFICATE"};
    private static final List<X509Certificate> LEAF_CHAIN = FuzzPki.LEAF.chain();

    @FuzzTest
    void pem(byte[] input) {
        if (input.length < 1) {
            return;
        }
        String label = LABELS[(input[0] & 0xff) % LABELS.length];
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        String text = label == null ? new String(rest, StandardCharsets.ISO_8859_1)
                : "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(rest)
                + "\n-----END " + label + "-----\n";
        AtomicReference<List<X509Certificate>> certs = new AtomicReference<>();
        AtomicReference<PrivateKey> key = new AtomicReference<>();
        Decoders.only(IllegalArgumentException.class, () -> certs.set(Pem.readCertificates(text)));
        Decoders.only(IllegalArgumentException.class, () -> key.set(Pem.readPrivateKey(text)));
        if (key.get() != null) {
            Decoders.only(IllegalArgumentException.class, () -> CertifiedKeys.of(LEAF_CHAIN, key.get()));
            Decoders.only(IllegalArgumentException.class, () -> Pem.encodePrivateKey(key.get()));
            if (certs.get() != null) {
                Decoders.only(IllegalArgumentException.class, () -> CertifiedKeys.of(certs.get(), key.get()));
            }
        }
        if (certs.get() != null) {
            Decoders.only(IllegalArgumentException.class, () -> Pem.encodeCertificate(certs.get().get(0)));
        }
    }
}
