package dev.parapet.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import redis.clients.jedis.SslOptions;

/**
 * The CA certificates a {@code rediss://} connection trusts, from a PEM file (as Redis's own {@code tls-ca-cert-file}
 * is), handed to Jedis as an in-memory PKCS#12 trust store. It holds certificates only, so its password protects
 * nothing secret.
 */
final class TrustedCertificates {
    static final char[] PASSWORD = "parapet".toCharArray();
    private static final int MAX_FILE = 1 << 20;

    private TrustedCertificates() {
    }

    /** A Jedis trust store resource holding the certificates of {@code pemFile}. */
    static SslOptions.Resource fromPem(Path pemFile) {
        try {
            if (Files.size(pemFile) > MAX_FILE) {
                throw new IllegalArgumentException("more than 1 MiB of CA certificates in " + pemFile);
            }
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(pemFile)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pemFile);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, PASSWORD);
            byte[] bytes = out.toByteArray();
            return () -> new ByteArrayInputStream(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA certificates from " + pemFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not PEM certificates: " + pemFile, e);
        }
    }
}
