package dev.parapet.tls.x509;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/** An immutable, non-empty set of trusted CA certificates. */
public final class TrustAnchors {
    private final Set<X509Certificate> certificates;
    private final Set<TrustAnchor> pkixAnchors;
    private final Map<X500Principal, List<X509Certificate>> bySubject;

    private TrustAnchors(Collection<? extends X509Certificate> certificates) {
        LinkedHashSet<X509Certificate> copy = new LinkedHashSet<>();
        for (X509Certificate certificate : certificates) {
            if (certificate == null) {
                throw new NullPointerException("null trust anchor");
            }
            copy.add(certificate);
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors: the set of trusted CA certificates is empty");
        }
        this.certificates = Collections.unmodifiableSet(copy);
        LinkedHashSet<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate certificate : copy) {
            anchors.add(new TrustAnchor(certificate, null));
        }
        this.pkixAnchors = Collections.unmodifiableSet(anchors);
        Map<X500Principal, List<X509Certificate>> index = new HashMap<>();
        for (X509Certificate certificate : copy) {
            index.computeIfAbsent(certificate.getSubjectX500Principal(), k -> new ArrayList<>()).add(certificate);
        }
        this.bySubject = index;
    }

    /** Every CERTIFICATE in a PEM bundle (such as /etc/ssl/certs/ca-certificates.crt). */
    public static TrustAnchors fromPemFile(Path pemFile) throws IOException {
        return new TrustAnchors(Pem.readCertificates(pemFile));
    }

    public static TrustAnchors of(X509Certificate... certificates) {
        return new TrustAnchors(Arrays.asList(certificates));
    }

    public static TrustAnchors of(Collection<? extends X509Certificate> certificates) {
        return new TrustAnchors(certificates);
    }

    /**
     * The JDK's default trust store: {@code $JAVA_HOME/lib/security/cacerts}, or whatever
     * {@code javax.net.ssl.trustStore} names, as the default TrustManagerFactory sees it. Loaded once.
     */
    public static TrustAnchors jdkDefault() {
        return JdkDefault.INSTANCE;
    }

    private static final class JdkDefault {
        static final TrustAnchors INSTANCE = load();

        private static TrustAnchors load() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager) {
                        return new TrustAnchors(Arrays.asList(((X509TrustManager) manager).getAcceptedIssuers()));
                    }
                }
                throw new IllegalStateException("the JDK has no X509TrustManager");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot load the JDK's default trust store: " + e.getMessage(), e);
            }
        }
    }

    /** The trusted certificates, unmodifiable, in the order given. */
    public Set<X509Certificate> certificates() {
        return certificates;
    }

    public int size() {
        return certificates.size();
    }

    /** The trusted certificates whose subject is {@code subject}. */
    List<X509Certificate> withSubject(X500Principal subject) {
        return bySubject.getOrDefault(subject, List.of());
    }

    /** True when {@code certificate} is one of the anchors (same subject and same public key). */
    boolean contains(X509Certificate certificate) {
        for (X509Certificate anchor : withSubject(certificate.getSubjectX500Principal())) {
            if (anchor.getPublicKey().equals(certificate.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    /** The same certificates as PKIX trust anchors. */
    Set<TrustAnchor> pkixAnchors() {
        return pkixAnchors;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustAnchors && ((TrustAnchors) other).certificates.equals(certificates);
    }

    @Override
    public int hashCode() {
        return certificates.hashCode();
    }

    @Override
    public String toString() {
        return "TrustAnchors[" + certificates.size() + " certificates]";
    }
}
