package dev.parapet.tls.x509;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * An immutable set of trusted CA certificates: non-empty, except for {@link #system()} on a machine without a
 * system store, which says so with {@link #isEmpty()} and {@link #source()}.
 *
 * <p>Sources: a PEM bundle ({@link #fromPemFile}), a directory of PEM files ({@link #fromPemDirectory}), the JDK's
 * cacerts ({@link #jdkDefault()}), the system store ({@link #system()}), and a {@link #builder()} to combine them.
 */
public final class TrustAnchors {
    /** Where {@link #system()} looks, in order: Debian/Ubuntu/Alpine, Fedora/RHEL, openSUSE, macOS/BSD ports. */
    static final List<Path> SYSTEM_BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/ca-bundle.pem"),
            Path.of("/etc/ssl/cert.pem"));

    private final Set<X509Certificate> certificates;
    private final Set<TrustAnchor> pkixAnchors;
    private final Map<X500Principal, List<X509Certificate>> bySubject;
    private final String source;
    private volatile Map<ByteBuffer, List<Anchor>> anchorsBySubjectDer;

    /**
     * One trust anchor as Parapet's verifier uses it (RFC 5280, 6.1.1 (d)): the subject name's DER, the public key,
     * the subjectKeyIdentifier (for path building) and, when Parapet's parser accepts the certificate, its parsed
     * form (whose nameConstraints, if any, are applied to the path).
     */
    record Anchor(X509Certificate certificate, byte[] subject, PublicKey publicKey, byte[] subjectKeyId,
            byte[] spki, Certificate parsed) {
        String displayName() {
            return Names.describe(subject);
        }
    }

    private TrustAnchors(Collection<? extends X509Certificate> certificates) {
        this(certificates, false, null);
    }

    private TrustAnchors(Collection<? extends X509Certificate> certificates, boolean allowEmpty, String source) {
        LinkedHashSet<X509Certificate> copy = new LinkedHashSet<>();
        for (X509Certificate certificate : certificates) {
            if (certificate == null) {
                throw new NullPointerException("null trust anchor");
            }
            copy.add(certificate);
        }
        if (copy.isEmpty() && !allowEmpty) {
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
        this.source = source != null ? source : copy.size() + " certificates";
    }

    /** Every CERTIFICATE in a PEM bundle (such as /etc/ssl/certs/ca-certificates.crt). */
    public static TrustAnchors fromPemFile(Path pemFile) throws IOException {
        List<X509Certificate> certs = Pem.readCertificates(pemFile);
        return new TrustAnchors(certs, false, "PEM file " + pemFile + " (" + new LinkedHashSet<>(certs).size()
                + " certificates)");
    }

    /**
     * Every certificate in the PEM files of a directory (not recursive): files named {@code *.pem}, {@code *.crt},
     * {@code *.cer}, or OpenSSL's hashed links ({@code 1a2b3c4d.0}). Other files are ignored; a PEM file that is
     * malformed fails with its name. Fails when the directory holds no certificate.
     */
    public static TrustAnchors fromPemDirectory(Path directory) throws IOException {
        List<X509Certificate> certs = readPemDirectory(directory);
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(directory + ": no PEM certificates (*.pem, *.crt, *.cer) found");
        }
        return new TrustAnchors(certs, false, "PEM directory " + directory + " ("
                + new LinkedHashSet<>(certs).size() + " certificates)");
    }

    private static List<X509Certificate> readPemDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + ": not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path file : stream) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                boolean pemName = name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")
                        || name.matches("[0-9a-f]{8}\\.[0-9]+");
                if (pemName && Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        Collections.sort(files);
        List<X509Certificate> out = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!text.contains("-----BEGIN")) {
                continue;
            }
            try {
                out.addAll(Pem.readCertificates(text));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("no CERTIFICATE block")) {
                    continue; // a key or a CRL next to the certificates
                }
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The operating system's trust store: the first of /etc/ssl/certs/ca-certificates.crt,
     * /etc/pki/tls/certs/ca-bundle.crt, /etc/ssl/ca-bundle.pem, /etc/ssl/cert.pem that exists. When none exists
     * (or none can be read), the result is empty: {@link #isEmpty()} is true and {@link #source()} says where it
     * looked, so a verifier using it refuses every chain with that reason.
     */
    public static TrustAnchors system() {
        return system(SYSTEM_BUNDLES);
    }

    static TrustAnchors system(List<Path> candidates) {
        List<String> problems = new ArrayList<>();
        for (Path bundle : candidates) {
            if (!Files.isRegularFile(bundle)) {
                continue;
            }
            try {
                List<X509Certificate> certs = Pem.readCertificates(bundle);
                return new TrustAnchors(certs, false, "system store " + bundle + " ("
                        + new LinkedHashSet<>(certs).size() + " certificates)");
            } catch (IOException | IllegalArgumentException e) {
                problems.add(Pem.oneLine(e));
            }
        }
        List<String> looked = new ArrayList<>();
        for (Path p : candidates) {
            looked.add(p.toString());
        }
        return new TrustAnchors(List.of(), true, "no system trust store found (looked for "
                + String.join(", ", looked) + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)) + ")");
    }

    /** Combines sources: {@code TrustAnchors.builder().addPemFile(p).addJdkDefault().build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects trusted certificates from several sources; duplicates are kept once. */
    public static final class Builder {
        private final List<X509Certificate> certificates = new ArrayList<>();
        private final List<String> sources = new ArrayList<>();

        private Builder() {
        }

        public Builder add(X509Certificate... certs) {
            certificates.addAll(Arrays.asList(certs));
            sources.add(certs.length + " given");
            return this;
        }

        public Builder add(Collection<? extends X509Certificate> certs) {
            certificates.addAll(certs);
            sources.add(certs.size() + " given");
            return this;
        }

        public Builder add(TrustAnchors anchors) {
            certificates.addAll(anchors.certificates());
            sources.add(anchors.source());
            return this;
        }

        public Builder addPemFile(Path pemFile) throws IOException {
            return add(fromPemFile(pemFile));
        }

        public Builder addPemDirectory(Path directory) throws IOException {
            return add(fromPemDirectory(directory));
        }

        public Builder addJdkDefault() {
            return add(jdkDefault());
        }

        /** Adds the system store when there is one (nothing otherwise). */
        public Builder addSystem() {
            return add(system());
        }

        /** Fails when no certificate was added. */
        public TrustAnchors build() {
            LinkedHashSet<X509Certificate> unique = new LinkedHashSet<>(certificates);
            if (unique.isEmpty()) {
                throw new IllegalArgumentException("no trust anchors: nothing was added ("
                        + String.join("; ", sources) + ")");
            }
            return new TrustAnchors(unique, false, unique.size() + " certificates from "
                    + String.join(" + ", sources));
        }
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

    /** True only for {@link #system()} on a machine without a system store. */
    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    /** Where these anchors came from, for messages, e.g. "system store /etc/ssl/certs/ca-certificates.crt (146 certificates)". */
    public String source() {
        return source;
    }

    /** The anchors whose subject Name has exactly this DER. */
    List<Anchor> anchorsWithSubject(byte[] subjectDer) {
        return anchorIndex().getOrDefault(ByteBuffer.wrap(subjectDer), List.of());
    }

    private Map<ByteBuffer, List<Anchor>> anchorIndex() {
        Map<ByteBuffer, List<Anchor>> index = anchorsBySubjectDer;
        if (index == null) {
            index = new HashMap<>();
            for (X509Certificate certificate : certificates) {
                Anchor anchor = anchor(certificate);
                index.computeIfAbsent(ByteBuffer.wrap(anchor.subject()), k -> new ArrayList<>()).add(anchor);
            }
            anchorsBySubjectDer = index;
        }
        return index;
    }

    private static Anchor anchor(X509Certificate certificate) {
        Certificate parsed = null;
        try {
            parsed = Certificate.of(certificate);
        } catch (VerificationException e) {
            // Old roots may break rules we enforce on certificates we are sent; the name and key still anchor.
        }
        byte[] subject = parsed != null ? parsed.subjectDer() : certificate.getSubjectX500Principal().getEncoded();
        byte[] ski = parsed != null ? parsed.subjectKeyIdRaw() : null;
        return new Anchor(certificate, subject, certificate.getPublicKey(), ski,
                certificate.getPublicKey().getEncoded(), parsed);
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
