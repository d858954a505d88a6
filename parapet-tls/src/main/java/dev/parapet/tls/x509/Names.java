package dev.parapet.tls.x509;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Names of certificates for matching and for error messages. */
final class Names {
    static final String COMMON_NAME_OID = "2.5.4.3";

    private Names() {
    }

    /**
     * The most specific (last) common name in a distinguished name, or null. RFC 5280, 4.1.2.4: Name is a
     * SEQUENCE OF RelativeDistinguishedName, each a SET OF AttributeTypeAndValue.
     */
    static String commonName(X500Principal principal) {
        String found = null;
        try {
            Der.Reader rdns = Der.parse(principal.getEncoded()).contents();
            while (rdns.hasMore()) {
                Der.Reader rdn = rdns.read(Der.SET).contents();
                while (rdn.hasMore()) {
                    Der.Reader atv = rdn.readSequence();
                    String type = atv.readOid();
                    Der.Element value = atv.read();
                    if (COMMON_NAME_OID.equals(type)) {
                        found = decodeString(value);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return found;
    }

    private static String decodeString(Der.Element value) {
        switch (value.tag()) {
            case Der.UTF8_STRING:
                return new String(value.value(), StandardCharsets.UTF_8);
            case Der.PRINTABLE_STRING:
            case Der.IA5_STRING:
                return new String(value.value(), StandardCharsets.US_ASCII);
            case Der.T61_STRING:
                return new String(value.value(), StandardCharsets.ISO_8859_1);
            case Der.BMP_STRING:
                return new String(value.value(), StandardCharsets.UTF_16BE);
            default:
                return null;
        }
    }

    /** The subject as "CN=..." when it has one, else the whole RFC 2253 name. */
    static String describe(X500Principal principal) {
        String cn = commonName(principal);
        if (cn != null) {
            return "CN=" + cn;
        }
        String dn = principal.getName(X500Principal.RFC2253);
        return dn.isEmpty() ? "an empty name" : dn;
    }

    /** The name people know a certificate by: the first DNS name, else the CN, else the first IP, else the DN. */
    static String displayName(X509Certificate cert) {
        List<String> dns = HostnameMatcher.dnsNames(cert);
        if (!dns.isEmpty()) {
            return dns.get(0);
        }
        String cn = commonName(cert.getSubjectX500Principal());
        if (cn != null) {
            return cn;
        }
        List<String> ips = HostnameMatcher.ipAddresses(cert);
        return ips.isEmpty() ? describe(cert.getSubjectX500Principal()) : ips.get(0);
    }
}
