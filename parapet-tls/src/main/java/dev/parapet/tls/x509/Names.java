package dev.parapet.tls.x509;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Names of certificates for matching and for error messages. */
final class Names {
    static final String COMMON_NAME_OID = "2.5.4.3";
    static final String EMAIL_ADDRESS_OID = "1.2.840.113549.1.9.1";
    private static final int NUMERIC_STRING = 0x12;
    private static final int VISIBLE_STRING = 0x1a;
    private static final java.nio.charset.Charset UTF_32BE = java.nio.charset.Charset.forName("UTF-32BE");
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry(COMMON_NAME_OID, "CN"), Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"), Map.entry("2.5.4.9", "STREET"), Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.5", "SERIALNUMBER"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"), Map.entry("0.9.2342.19200300.100.1.1", "UID"),
            Map.entry(EMAIL_ADDRESS_OID, "emailAddress"));

    private Names() {
    }

    /**
     * The most specific (last) common name in a distinguished name, or null. RFC 5280, 4.1.2.4: Name is a
     * SEQUENCE OF RelativeDistinguishedName, each a SET OF AttributeTypeAndValue.
     */
    static String commonName(X500Principal principal) {
        return commonName(principal.getEncoded());
    }

    /** The most specific (last) common name in a Name's DER, or null. */
    static String commonName(byte[] nameDer) {
        String found = null;
        try {
            Der.Reader rdns = Der.parse(nameDer).contents();
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

    static String decodeString(Der.Element value) {
        switch (value.tag()) {
            case Der.UTF8_STRING:
                return new String(value.value(), StandardCharsets.UTF_8);
            case Der.PRINTABLE_STRING:
            case Der.IA5_STRING:
            case NUMERIC_STRING:
            case VISIBLE_STRING:
                return new String(value.value(), StandardCharsets.US_ASCII);
            case Der.UNIVERSAL_STRING:
                return value.value().length % 4 == 0 ? new String(value.value(), UTF_32BE) : null;
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

    /**
     * A Name's DER as an RFC 4514-style string, most specific RDN first ({@code CN=x, O=y, C=z}); never throws:
     * a malformed name comes out as {@code #hex}.
     */
    static String format(byte[] nameDer) {
        try {
            List<String> rdns = new ArrayList<>();
            Der.Reader reader = Der.parse(nameDer).contents();
            while (reader.hasMore()) {
                Der.Reader rdn = reader.read(Der.SET).contents();
                StringBuilder out = new StringBuilder();
                while (rdn.hasMore()) {
                    Der.Reader atv = rdn.readSequence();
                    String type = atv.readOid();
                    Der.Element value = atv.read();
                    if (out.length() > 0) {
                        out.append('+');
                    }
                    out.append(SHORT_NAMES.getOrDefault(type, type)).append('=');
                    String text = decodeString(value);
                    out.append(text == null ? "#" + hex(value.encoded()) : escape(text));
                }
                rdns.add(out.toString());
            }
            Collections.reverse(rdns);
            return String.join(", ", rdns);
        } catch (IllegalArgumentException e) {
            return "#" + hex(nameDer);
        }
    }

    /** "CN=..." when the name has a common name, else the whole name, else "an empty name". */
    static String describe(byte[] nameDer) {
        String cn = commonName(nameDer);
        if (cn != null) {
            return "CN=" + cn;
        }
        String dn = format(nameDer);
        return dn.isEmpty() ? "an empty name" : dn;
    }

    /** The emailAddress attributes of a Name (RFC 5280, 4.1.2.6: subject to rfc822Name constraints). */
    static List<String> emailAddresses(byte[] nameDer) {
        List<String> out = new ArrayList<>();
        try {
            Der.Reader rdns = Der.parse(nameDer).contents();
            while (rdns.hasMore()) {
                Der.Reader rdn = rdns.read(Der.SET).contents();
                while (rdn.hasMore()) {
                    Der.Reader atv = rdn.readSequence();
                    String type = atv.readOid();
                    Der.Element value = atv.read();
                    if (EMAIL_ADDRESS_OID.equals(type)) {
                        String text = decodeString(value);
                        if (text != null) {
                            out.add(text);
                        }
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }

    // RFC 4514, 2.4
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean special = ",+\"<>;\\=".indexOf(c) >= 0 || (i == 0 && (c == '#' || c == ' '))
                    || (i == text.length() - 1 && c == ' ');
            if (special) {
                out.append('\\');
            }
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }
}
