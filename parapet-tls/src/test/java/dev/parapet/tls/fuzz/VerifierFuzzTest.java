package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.x509.ParapetCertificateVerifier;
import dev.parapet.tls.x509.ParapetCertificateVerifier.KeyUsage;
import dev.parapet.tls.x509.ParapetCertificateVerifier.Purpose;
import dev.parapet.tls.x509.Pem;
import dev.parapet.tls.x509.TrustAnchors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The X.509 verifier (path building and RFC 5280 validation) on arbitrary chains, over the fuzz CA. Input:
 * {@code flags(1)} then certificates as {@code length(2) DER}. The flags pick the purpose, the key usage and whether
 * a name is checked. Whatever the bytes, the verifier ends in a TlsException with an alert.
 */
class VerifierFuzzTest {
    private static final TrustAnchors ANCHORS = TrustAnchors.of(Pem.readCertificates(FuzzPki.CA_PEM));
    private static final String[] NAMES = {null, "localhost", "127.0.0.1", "a.b.example"};

    @FuzzTest
    void verify(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int flags = input[0] & 0xff;
        ParapetCertificateVerifier v = ParapetCertificateVerifier.builder().trustAnchors(ANCHORS)
                .clock(FuzzPki.CLOCK).purpose(Purpose.values()[flags & 1]).build();
        KeyUsage usage = KeyUsage.values()[(flags >>> 1) % KeyUsage.values().length];
        String name = NAMES[(flags >>> 4) % NAMES.length];
        List<byte[]> chain = chain(input);
        Decoders.tls(() -> v.verifyEncoded(chain, name, usage));
    }

    static List<byte[]> chain(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (p + 2 <= input.length && out.size() < 12) {
            int length = ((input[p] & 0xff) << 8) | (input[p + 1] & 0xff);
            int end = Math.min(input.length, p + 2 + length);
            out.add(Arrays.copyOfRange(input, p + 2, end));
            p = end;
        }
        return out;
    }
}
