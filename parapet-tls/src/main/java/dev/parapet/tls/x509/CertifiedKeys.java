package dev.parapet.tls.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.util.List;

/** Loads a server's (or client's) chain and key, and checks that they belong together. */
public final class CertifiedKeys {
    private static final byte[] PROBE = "parapet key match probe".getBytes(StandardCharsets.US_ASCII);

    private CertifiedKeys() {
    }

    /** Reads the chain (leaf first) and the key from PEM files and checks that the key is the leaf's. */
    public static CertifiedKey load(Path chainPem, Path keyPem) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(chainPem);
        PrivateKey key = Pem.readPrivateKey(keyPem);
        return of(chain, key);
    }

    /** A CertifiedKey whose key is checked against the leaf's public key. */
    public static CertifiedKey of(List<X509Certificate> chain, PrivateKey key) {
        CertifiedKey certifiedKey = new CertifiedKey(chain, key);
        X509Certificate leaf = certifiedKey.leaf();
        if (!matches(leaf.getPublicKey(), key)) {
            throw new IllegalArgumentException("private key does not match the certificate for "
                    + Names.describe(leaf.getSubjectX500Principal()));
        }
        return certifiedKey;
    }

    /** True when {@code privateKey} is the private half of {@code publicKey}. */
    static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        if (publicKey instanceof RSAKey && privateKey instanceof RSAKey) {
            return ((RSAKey) publicKey).getModulus().equals(((RSAKey) privateKey).getModulus());
        }
        String algorithm;
        if (publicKey instanceof ECKey && privateKey instanceof ECKey) {
            algorithm = "SHA256withECDSA";
        } else if (publicKey instanceof EdECKey && privateKey instanceof EdECKey) {
            algorithm = ((EdECKey) privateKey).getParams().getName();
        } else {
            return false;
        }
        return signAndVerify(algorithm, publicKey, privateKey);
    }

    private static boolean signAndVerify(String algorithm, PublicKey publicKey, PrivateKey privateKey) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // e.g. keys on different curves
        }
    }
}
