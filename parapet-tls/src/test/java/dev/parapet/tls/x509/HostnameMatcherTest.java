package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostnameMatcherTest {
    private static TestPki pki;
    private static X509Certificate cert;
    private static X509Certificate cnOnly;
    private static X509Certificate sansWithoutDnsButCn;

    @BeforeAll
    static void setUp() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        cert = pki.leaf(KeyType.ECDSA_P256).commonName("cn.example.net")
                .names("www.example.com", "*.example.org", "Upper.Example.NET.", "xn--bcher-kva.example",
                        "*.xn--bcher-kva.example", "*.com", "f*o.example.com", "*.*.example.io", "a.*.example.io",
                        "192.0.2.7", "2001:db8::1", "198.51.100.1")
                .issue().leaf();
        cnOnly = pki.leaf(KeyType.ECDSA_P256).commonName("*.legacy.example").names("ignored.example")
                .withoutSubjectAltNames().issue().leaf();
        sansWithoutDnsButCn = pki.leaf(KeyType.ECDSA_P256).commonName("cn-not-used.example").names("10.0.0.1")
                .issue().leaf();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // exact DNS names, case-insensitive, trailing dot ignored
        "www.example.com, true",
        "WWW.EXAMPLE.COM, true",
        "www.example.com., true",
        "example.com, false",
        "ww.example.com, false",
        "upper.example.net, true",
        "UPPER.example.net., true",
        // wildcard: one whole left-most label
        "a.example.org, true",
        "A-B.example.org, true",
        "example.org, false",
        "a.b.example.org, false",
        ".example.org, false",
        "x.example.org.evil, false",
        // punycode (A-labels) and a U-label converted to its A-label
        "xn--bcher-kva.example, true",
        "bücher.example, true",
        "BÜCHER.example, true",
        "a.xn--bcher-kva.example, true",
        "bucher.example, false",
        // wildcards that must never match
        "a.com, false",
        "foo.example.com, false",
        "fo.example.com, false",
        "a.b.example.io, false",
        // the CN is not used when SANs exist
        "cn.example.net, false",
        // IP literals match iPAddress SANs only
        "192.0.2.7, true",
        "192.0.2.8, false",
        "2001:db8::1, true",
        "2001:DB8:0:0:0:0:0:1, true",
        "[2001:db8::1], true",
        "2001:db8::2, false",
        "198.51.100.1, true",
        // an IPv4-mapped IPv6 literal is a different (16-byte) address from the 4-byte SAN
        "::ffff:198.51.100.1, false",
        // not an IP literal and not a host name
        "192.0.2.007, false",
        "'', false",
        "a..example.com, false",
    })
    void table(String name, boolean expected) {
        assertEquals(expected, HostnameMatcher.matches(cert, name), name);
    }

    @Test
    void commonNameIsUsedOnlyWhenThereAreNoSans() {
        assertTrue(HostnameMatcher.matches(cnOnly, "a.legacy.example"));
        assertFalse(HostnameMatcher.matches(cnOnly, "legacy.example"));
        assertFalse(HostnameMatcher.matches(cnOnly, "ignored.example"));
        assertEquals(List.of("*.legacy.example"), HostnameMatcher.names(cnOnly));
        // An IP-only SAN extension still disables the CN fallback (RFC 6125, 6.4.4).
        assertFalse(HostnameMatcher.matches(sansWithoutDnsButCn, "cn-not-used.example"));
        assertTrue(HostnameMatcher.matches(sansWithoutDnsButCn, "10.0.0.1"));
    }

    @Test
    void commonNameIsNeverUsedForIpLiterals() {
        X509Certificate ipCn = pki.leaf(KeyType.ECDSA_P256).commonName("10.1.1.1").withoutSubjectAltNames()
                .issue().leaf();
        assertFalse(HostnameMatcher.matches(ipCn, "10.1.1.1"));
    }

    @Test
    void namesListsDnsThenIps() {
        List<String> names = HostnameMatcher.names(cert);
        assertEquals("www.example.com", names.get(0));
        assertTrue(names.contains("192.0.2.7"), names.toString());
        assertTrue(names.indexOf("192.0.2.7") > names.indexOf("a.*.example.io"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "::", "[::1]", "fe80::1:2",
        "::ffff:10.0.0.1", "2001:DB8::A"})
    void ipLiterals(String literal) {
        assertTrue(HostnameMatcher.isIpLiteral(literal), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4.", "example.com",
        "::g", "1:2:3:4:5:6:7:8:9", "[1.2.3.4]", "fe80::1%eth0", "", "12345", "0x7f.0.0.1"})
    void notIpLiterals(String text) {
        assertFalse(HostnameMatcher.isIpLiteral(text), text);
    }
}
