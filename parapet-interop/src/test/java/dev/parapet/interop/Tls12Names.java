package dev.parapet.interop;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** TLS 1.2 suites as the peers name them, and which certificate each needs. */
final class Tls12Names {
    private Tls12Names() {
    }

    /** The leaf a server needs for the suite: ECDSA for ECDHE_ECDSA, RSA for RSA key transport and ECDHE_RSA. */
    static KeyType keyTypeFor(CipherSuite s) {
        return s.keyExchange() == KeyExchangeAlgorithm.ECDHE_ECDSA ? KeyType.ECDSA_P256 : KeyType.RSA_2048;
    }

    static boolean isCbc(CipherSuite s) {
        return !s.cipher().isAead();
    }

    /** Every TLS 1.2 suite, and for CBC suites a second case with the peer refusing encrypt_then_mac. */
    static List<Arguments> suitesWithAndWithoutEtm() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.tls12()) {
            out.add(Arguments.of(s, false));
            if (isCbc(s)) {
                out.add(Arguments.of(s, true));
            }
        }
        return out;
    }

    // ---- GnuTLS

    static String gnutlsCipher(CipherSuite s) {
        switch (s.cipher()) {
            case AES_128_GCM: return "AES-128-GCM";
            case AES_256_GCM: return "AES-256-GCM";
            case CHACHA20_POLY1305: return "CHACHA20-POLY1305";
            case AES_128_CBC: return "AES-128-CBC";
            case AES_256_CBC: return "AES-256-CBC";
            default: throw new IllegalArgumentException(s.toString());
        }
    }

    /** GnuTLS's MAC name: AEAD for AEAD suites, else the HMAC hash. */
    static String gnutlsMac(CipherSuite s) {
        if (s.macAlgorithm() == null) {
            return "AEAD";
        }
        switch (s.macAlgorithm()) {
            case "HmacSHA1": return "SHA1";
            case "HmacSHA256": return "SHA256";
            case "HmacSHA384": return "SHA384";
            default: throw new IllegalArgumentException(s.toString());
        }
    }

    static String gnutlsKx(CipherSuite s) {
        switch (s.keyExchange()) {
            case ECDHE_ECDSA: return "ECDHE-ECDSA";
            case ECDHE_RSA: return "ECDHE-RSA";
            case RSA: return "RSA";
            default: throw new IllegalArgumentException(s.toString());
        }
    }

    /** A GnuTLS priority string allowing TLS 1.2 only and exactly this suite (cipher, MAC and key exchange). */
    static String gnutlsPriority(CipherSuite s) {
        return "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+" + gnutlsCipher(s) + ":-MAC-ALL:+" + gnutlsMac(s)
                + ":-KX-ALL:+" + gnutlsKx(s);
    }

    /**
     * The section of an OpenSSL {@code -trace} log for the first handshake message named {@code message} (e.g.
     * "ServerHello"), up to the next record.
     */
    static String traceSection(String trace, String message) {
        int at = trace.indexOf("    " + message + ", Length=");
        if (at < 0) {
            return "";
        }
        int end = trace.length();
        for (String next : List.of("Received Record", "Sent Record")) {
            int e = trace.indexOf(next, at);
            if (e >= 0) {
                end = Math.min(end, e);
            }
        }
        return trace.substring(at, end);
    }
}
