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
    private Describe() {
    }

    /** {@code label: value} lines: protocol, cipher suite, group, signature scheme, ALPN, SNI. */
    static List<String> session(TlsSession s) {
        List<String> lines = new ArrayList<>();
        lines.add(row("protocol", s.protocol()));
        lines.add(row("cipher suite", String.valueOf(s.cipherSuite())));
        lines.add(row("group", s.namedGroup() + (s.helloRetryRequest() ? " (after HelloRetryRequest)" : "")));
        lines.add(row("signature scheme", String.valueOf(s.signatureScheme())));
        lines.add(row("ALPN", s.applicationProtocol() == null ? "(none)" : s.applicationProtocol()));
        lines.add(row("SNI", s.serverName() == null ? "(none)" : s.serverName()));
        return lines;
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

    static String row(String label, String value) {
        return String.format("%-17s %s", label + ":", value);
    }
}
