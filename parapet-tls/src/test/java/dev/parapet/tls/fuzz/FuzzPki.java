package dev.parapet.tls.fuzz;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.CertifiedKeys;
import dev.parapet.tls.x509.ParapetCertificateVerifier;
import dev.parapet.tls.x509.Pem;
import dev.parapet.tls.x509.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * The fixed world of the connection fuzz targets: one PKI (fuzz/ca.pem, fuzz/leaf.pem for "localhost", made once
 * with openssl), a fixed clock inside its validity, and a seeded random. With these a Parapet endpoint is
 * deterministic, so a peer's recorded bytes replay exactly: the same ClientHello, the same key shares, the same
 * secrets as when they were recorded against OpenSSL.
 */
final class FuzzPki {
    static final String NAME = "localhost";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final String CA_PEM = resource("ca.pem");
    static final CertifiedKey LEAF = CertifiedKeys.of(Pem.readCertificates(resource("chain.pem")),
            Pem.readPrivateKey(resource("leaf.key")));
    private static final TrustAnchors ANCHORS = TrustAnchors.of(Pem.readCertificates(CA_PEM));

    private FuzzPki() {
    }

    static String resource(String name) {
        try (InputStream in = FuzzPki.class.getResourceAsStream("/fuzz/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fuzz/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CertificateVerifier verifier() {
        return ParapetCertificateVerifier.builder().trustAnchors(ANCHORS).clock(CLOCK).build();
    }

    /** The same byte stream every time: SHA1PRNG seeded before first use does not mix in entropy. */
    static SecureRandom fixedRandom() {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(0x5eed_2027L);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Parapet client of every client-side recording: defaults, trusting the fuzz CA, the leaf if asked. */
    static TlsClientConfig client(Consumer<String> keyLog, TlsListener listener) {
        // the JCA's primitives: the recordings were made with them, and the key shares and signatures drawn from
        // the fixed random must come out the same for the peer's recorded messages to fit
        return TlsClientConfig.builder().certificateVerifier(verifier()).clientCertificate(LEAF).random(fixedRandom())
                .clock(CLOCK).cryptoProvider(dev.parapet.tls.crypto.CryptoProvider.jca())
                .keyLog(keyLog).listener(listener).build();
    }

    /** The Parapet server of every server-side recording: defaults, the fuzz leaf. */
    static TlsServerConfig server(Consumer<String> keyLog, TlsListener listener) {
        return TlsServerConfig.builder().certificate(LEAF).random(fixedRandom()).clock(CLOCK).keyLog(keyLog)
                .cryptoProvider(dev.parapet.tls.crypto.CryptoProvider.jca())
                .listener(listener).build();
    }
}
