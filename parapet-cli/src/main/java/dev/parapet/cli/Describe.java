package dev.parapet.cli;

import dev.parapet.tls.TlsSession;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Human-readable lines about a session and a certificate chain, shared by the commands. */
final class Describe {
    static final String TLS12 = "TLSv1.2";
    static final String NO_GROUP = "(RSA key transport)";
    static final String NO_SCHEME = "(none: RSA key transport)";

    private Describe() {
    }

    /**
     * {@code label: value} lines: protocol, cipher suite, group, signature scheme, for TLS 1.2 the extended master
     * secret (and encrypt_then_mac for a CBC suite), ALPN, SNI, whether the session was resumed with a ticket. The
     * values line up.
     */
    static List<String> session(TlsSession s) {
        return session(s, null);
    }

    /**
     * {@link #session(TlsSession)} and, when {@code clientCertificate} is not null, a last row
     * {@code client certificate: <clientCertificate>} (mutual TLS), e.g. {@code CN=alice (verified)} or
     * {@code (none)}.
     */
    static List<String> session(TlsSession s, String clientCertificate) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"protocol", s.protocol()});
        rows.add(new String[] {"cipher suite", String.valueOf(s.cipherSuite())});
        rows.add(new String[] {"group", (s.namedGroup() == null ? NO_GROUP : s.namedGroup().toString())
                + (s.helloRetryRequest() ? " (after HelloRetryRequest)" : "")});
        rows.add(new String[] {"signature scheme",
                s.signatureScheme() == null ? NO_SCHEME : s.signatureScheme().toString()});
        if (TLS12.equals(s.protocol())) {
            rows.add(new String[] {"extended master secret", yesNo(s.extendedMasterSecret())});
            if (isCbc(s)) {
                rows.add(new String[] {"encrypt_then_mac", yesNo(s.encryptThenMac())});
            }
        }
        rows.add(new String[] {"ALPN", s.applicationProtocol() == null ? "(none)" : s.applicationProtocol()});
        rows.add(new String[] {"SNI", s.serverName() == null ? "(none)" : s.serverName()});
        rows.add(new String[] {"resumed", yesNo(s.resumed())});
        if (clientCertificate != null) {
            rows.add(new String[] {"client certificate", clientCertificate});
        }
        int width = MIN_LABEL_WIDTH;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length() + 2);
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            lines.add(row(r[0], r[1], width));
        }
        return lines;
    }

    /**
     * The session in one line, for the server's log: a TLS 1.3 session as {@link TlsSession#summary()} puts it;
     * a TLS 1.2 one says in words what has no TLS 1.3 counterpart, e.g.
     * {@code TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA rsa-key-transport - extended_master_secret=yes encrypt_then_mac=yes}.
     */
    static String line(TlsSession s) {
        if (!TLS12.equals(s.protocol())) {
            return s.summary();
        }
        return s.protocol() + " " + s.cipherSuite() + " "
                + (s.namedGroup() != null ? s.namedGroup() : s.resumed() ? "-" : "rsa-key-transport") + " "
                + (s.signatureScheme() == null ? "-" : s.signatureScheme())
                + " extended_master_secret=" + yesNo(s.extendedMasterSecret())
                + (isCbc(s) ? " encrypt_then_mac=" + yesNo(s.encryptThenMac()) : "")
                + (s.applicationProtocol() == null ? "" : " alpn=" + s.applicationProtocol());
    }

    static boolean isCbc(TlsSession s) {
        return s.cipherSuite() != null && !s.cipherSuite().cipher().isAead();
    }

    static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** For each certificate: subject, issuer, validity, key. Leaf first, numbered from 0 like openssl. */
    static List<String> chain(List<X509Certificate> chain) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            lines.add(String.format(" %d subject: %s", i, name(c.getSubjectX500Principal())));
            lines.add(String.format("   issuer:  %s", name(c.getIssuerX500Principal())));
            lines.add(String.format("   valid:   %s to %s", c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
            lines.add(String.format("   key:     %s", keyType(c.getPublicKey())));
        }
        return lines;
    }

    static String name(X500Principal p) {
        return p.getName(X500Principal.RFC2253);
    }

    /** e.g. {@code EC P-256}, {@code RSA 2048}, {@code Ed25519}. */
    static String keyType(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return "EC P-" + bits;
        }
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm();
    }

    /** The column the values of {@link #session} start at, unless a longer label pushes it right. */
    static final int MIN_LABEL_WIDTH = 18;

    static String row(String label, String value) {
        return row(label, value, MIN_LABEL_WIDTH);
    }

    static String row(String label, String value, int width) {
        return String.format("%-" + (width - 1) + "s %s", label + ":", value);
    }
}
