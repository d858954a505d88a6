package dev.parapet.interop;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * One test PKI per test class: a CA, leaves issued on first use (so an RSA key is made at most once per class) for
 * "localhost" and 127.0.0.1, and their PEM files in the class's temporary directory.
 */
final class Fixtures {
    static final String HOST = "localhost";

    private final TestPki pki = TestPki.create(KeyType.ECDSA_P256);
    private final Path dir;
    private final Map<KeyType, CertifiedKey> leaves = new EnumMap<>(KeyType.class);
    private final Map<KeyType, Path[]> files = new EnumMap<>(KeyType.class);
    private Path caPem;

    Fixtures(Path dir) {
        this.dir = dir;
    }

    TestPki pki() {
        return pki;
    }

    synchronized CertifiedKey leaf(KeyType type) {
        return leaves.computeIfAbsent(type, t -> pki.issue(t, HOST, "127.0.0.1"));
    }

    /** {chain.pem, key.pem} (PKCS#8) of the leaf of this key type. */
    synchronized Path[] chainAndKey(KeyType type) {
        Path[] p = files.get(type);
        if (p == null) {
            try {
                Path sub = java.nio.file.Files.createDirectories(dir.resolve(type.name().toLowerCase()));
                p = TestPki.writeChainAndKey(leaf(type), sub);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.put(type, p);
        }
        return p;
    }

    /**
     * {chain.pem, key.pem} for GnuTLS. The JDK's PKCS#8 encoding of an EC key leaves out the optional public key
     * (RFC 5915) and gnutls-serv 3.7 refuses such a file ("ASN1 parser: Element was not found"); OpenSSL's
     * {@code pkey} keeps the encoding as it found it. So for EC keys the PKCS#8 is rebuilt here with the public key.
     */
    synchronized Path[] chainAndKeyForGnutls(KeyType type) {
        Path[] p = chainAndKey(type);
        CertifiedKey ck = leaf(type);
        if (!(ck.privateKey() instanceof java.security.interfaces.ECPrivateKey)) {
            return p;
        }
        Path converted = p[1].resolveSibling("key-for-gnutls.pem");
        if (!java.nio.file.Files.exists(converted)) {
            writeKeyForGnutls(ck, converted);
        }
        return new Path[] {p[0], converted};
    }

    /**
     * Writes {@code ck}'s private key as PKCS#8 PEM that GnuTLS reads: for an EC key, with the public key inside
     * (see {@link #chainAndKeyForGnutls}); other keys as the JDK encodes them.
     */
    static Path writeKeyForGnutls(CertifiedKey ck, Path target) {
        try {
            byte[] der = ck.privateKey().getEncoded();
            if (ck.privateKey() instanceof java.security.interfaces.ECPrivateKey ec) {
                var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getEncoded());
                var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
                var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                        ck.leaf().getPublicKey().getEncoded());
                var withPublic = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(),
                        inner.getKey(), spki.getPublicKeyData(), null);
                der = new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(info.getPrivateKeyAlgorithm(), withPublic)
                        .getEncoded();
            }
            java.nio.file.Files.writeString(target, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized Path caPem() {
        if (caPem == null) {
            try {
                caPem = pki.writeCaPem(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return caPem;
    }

    Path dir() {
        return dir;
    }

    /** A client trusting this class's CA only. */
    TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    TlsServerConfig.Builder server(KeyType type) {
        return TlsServerConfig.builder().certificate(leaf(type));
    }

    // ---- names the peers use

    static String opensslGroup(NamedGroup g) {
        switch (g) {
            case X25519: return "x25519";
            case SECP256R1: return "P-256";
            case SECP384R1: return "P-384";
            default: throw new IllegalArgumentException(g.toString());
        }
    }

    /** How s_client prints the key exchange ("Server Temp Key: ..."). */
    static String opensslTempKey(NamedGroup g) {
        switch (g) {
            case X25519: return "Server Temp Key: X25519, 253 bits";
            case SECP256R1: return "Server Temp Key: ECDH, prime256v1, 256 bits";
            case SECP384R1: return "Server Temp Key: ECDH, secp384r1, 384 bits";
            default: throw new IllegalArgumentException(g.toString());
        }
    }

    static String gnutlsCipher(CipherSuite s) {
        switch (s) {
            case TLS_AES_128_GCM_SHA256: return "AES-128-GCM";
            case TLS_AES_256_GCM_SHA384: return "AES-256-GCM";
            case TLS_CHACHA20_POLY1305_SHA256: return "CHACHA20-POLY1305";
            default: throw new IllegalArgumentException(s.toString());
        }
    }

    static String gnutlsGroup(NamedGroup g) {
        switch (g) {
            case X25519: return "X25519";
            case SECP256R1: return "SECP256R1";
            case SECP384R1: return "SECP384R1";
            default: throw new IllegalArgumentException(g.toString());
        }
    }

    /** A GnuTLS priority string allowing TLS 1.3 only, with exactly this suite's cipher and this group. */
    static String gnutlsPriority(CipherSuite s, NamedGroup g) {
        return "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+" + gnutlsCipher(s) + ":-GROUP-ALL:+GROUP-" + gnutlsGroup(g);
    }

    /** GnuTLS's one-line description of a TLS 1.3 session, without the signature part. */
    static String gnutlsKx(NamedGroup g) {
        return "(ECDHE-" + gnutlsGroup(g) + ")";
    }
}
