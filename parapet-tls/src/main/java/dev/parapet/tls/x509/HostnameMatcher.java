package dev.parapet.tls.x509;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Server identity checks (RFC 6125, 6.4; RFC 9110, 4.3.4; RFC 5280, 4.2.1.6).
 *
 * <ul>
 *   <li>IP literals (IPv4, IPv6, optionally in brackets) match iPAddress SANs only, compared as addresses.</li>
 *   <li>DNS names match dNSName SANs, ASCII case-insensitively, ignoring one trailing dot; U-labels in the name
 *       asked for are converted to A-labels (punycode) first.</li>
 *   <li>A wildcard is honoured only as the whole left-most label of a name with at least three labels; it
 *       matches exactly one non-empty label.</li>
 *   <li>The subject CN is used only when the certificate has no subjectAltName extension at all.</li>
 * </ul>
 * Nothing here resolves names: literals are parsed, never looked up.
 */
public final class HostnameMatcher {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostnameMatcher() {
    }

    /** True when {@code serverName} is acceptable for {@code cert}. */
    public static boolean matches(X509Certificate cert, String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return false;
        }
        byte[] ip = parseIp(serverName);
        if (ip != null) {
            return matchesIp(cert, ip);
        }
        String host = normaliseHost(serverName);
        if (host == null) {
            return false;
        }
        Collection<List<?>> sans = subjectAltNames(cert);
        if (sans == null) {
            // RFC 6125, 6.4.4: the CN only as a last resort, when there are no SANs at all.
            String cn = Names.commonName(cert.getSubjectX500Principal());
            return cn != null && matchesDns(cn, host);
        }
        for (String pattern : dnsNames(cert)) {
            if (matchesDns(pattern, host)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same rules over names already extracted (Parapet's own certificate model): {@code dnsPatterns} are the
     * dNSName entries (and, only when the caller allows the CN fallback, the CN), {@code ipAddresses} the iPAddress
     * entries (4 or 16 bytes).
     */
    static boolean matchesNames(List<String> dnsPatterns, List<byte[]> ipAddresses, String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return false;
        }
        byte[] ip = parseIp(serverName);
        if (ip != null) {
            for (byte[] candidate : ipAddresses) {
                if (java.util.Arrays.equals(candidate, ip)) {
                    return true;
                }
            }
            return false;
        }
        String host = normaliseHost(serverName);
        if (host == null) {
            return false;
        }
        for (String pattern : dnsPatterns) {
            if (matchesDns(pattern, host)) {
                return true;
            }
        }
        return false;
    }

    /** The names a certificate is valid for, for messages: DNS SANs, then IP SANs; the CN when there are no SANs. */
    public static List<String> names(X509Certificate cert) {
        if (subjectAltNames(cert) == null) {
            String cn = Names.commonName(cert.getSubjectX500Principal());
            return cn == null ? List.of() : List.of(cn);
        }
        List<String> out = new ArrayList<>(dnsNames(cert));
        out.addAll(ipAddresses(cert));
        return List.copyOf(out);
    }

    /** True for an IPv4 dotted quad or an IPv6 literal (optionally in brackets); never does a lookup. */
    public static boolean isIpLiteral(String name) {
        return name != null && parseIp(name) != null;
    }

    static List<String> dnsNames(X509Certificate cert) {
        return sanStrings(cert, SAN_DNS);
    }

    static List<String> ipAddresses(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (String ip : sanStrings(cert, SAN_IP)) {
            byte[] bytes = parseIp(ip);
            out.add(bytes == null ? ip : formatIp(bytes, ip));
        }
        return out;
    }

    private static String formatIp(byte[] bytes, String fallback) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }

    private static List<String> sanStrings(X509Certificate cert, int type) {
        Collection<List<?>> sans = subjectAltNames(cert);
        List<String> out = new ArrayList<>();
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() >= 2 && Integer.valueOf(type).equals(san.get(0)) && san.get(1) instanceof String) {
                    out.add((String) san.get(1));
                }
            }
        }
        return out;
    }

    private static Collection<List<?>> subjectAltNames(X509Certificate cert) {
        try {
            return cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of(); // a broken SAN extension matches nothing, and does not enable the CN fallback
        }
    }

    private static boolean matchesIp(X509Certificate cert, byte[] ip) {
        for (String san : sanStrings(cert, SAN_IP)) {
            byte[] candidate = parseIp(san);
            if (candidate != null && java.util.Arrays.equals(candidate, ip)) {
                return true;
            }
        }
        return false;
    }

    // ---- DNS names ----

    /** Lower-case ASCII, A-labels, no trailing dot; null when it is not a usable host name. */
    private static String normaliseHost(String name) {
        String host = stripTrailingDot(name);
        if (!isAscii(host)) {
            try {
                host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        host = asciiLower(host);
        return validLabels(host) ? host : null;
    }

    // RFC 6125, 6.4.3: the wildcard is the complete left-most label, and at least two labels follow it.
    private static boolean matchesDns(String pattern, String host) {
        String p = asciiLower(stripTrailingDot(pattern));
        if (!isAscii(p)) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return !p.contains("*") && validLabels(p) && p.equals(host);
        }
        String suffix = p.substring(2);
        if (suffix.contains("*") || !validLabels(suffix) || suffix.indexOf('.') < 0) {
            return false;
        }
        int firstDot = host.indexOf('.');
        return firstDot > 0 && host.substring(firstDot + 1).equals(suffix);
    }

    private static boolean validLabels(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }

    // ---- IP literals ----

    /** The address bytes of an IP literal (4 or 16), or null. Never performs a name lookup. */
    static byte[] parseIp(String text) {
        String s = text;
        if (s.startsWith("[") && s.endsWith("]") && s.length() > 2) {
            s = s.substring(1, s.length() - 1);
            return s.indexOf(':') >= 0 ? parseIpv6(s) : null;
        }
        return s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
    }

    // Strict dotted quad: four decimal octets, no leading zeros (which some parsers read as octal).
    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9][0-9]{0,2}")) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    // The text contains ':', so InetAddress parses it as an IPv6 literal and never consults DNS.
    private static byte[] parseIpv6(String s) {
        if (!s.matches("[0-9A-Fa-f:.]+") || s.indexOf(':') < 0) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(s).getAddress();
            if (bytes.length == 4) {
                // IPv4-mapped (::ffff:a.b.c.d) comes back as IPv4; keep the 16-byte form it was written in.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
