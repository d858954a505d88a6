package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.HostnameMatcher;
import java.util.ArrayList;
import java.util.List;

/** The server's choices from a ClientHello: suite, group, certificate and scheme, ALPN. Server preference wins. */
final class Negotiation {
    private Negotiation() {
    }

    /** RFC 8446, 4.1.1: the first of our suites the client also offers. */
    static CipherSuite cipherSuite(TlsServerConfig config, ClientHello ch) throws TlsException {
        for (CipherSuite s : config.cipherSuites()) {
            if (s.isTls13() && ch.cipherSuites().contains(s.id())) {
                return s;
            }
        }
        throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "no common cipher suite: we offered "
                + config.cipherSuites() + ", peer offered " + hexList(ch.cipherSuites()));
    }

    /**
     * RFC 8446, 4.2.7-4.2.8: a group the client key-shared if we support one (no extra round trip), else the first
     * of ours that the client supports, which costs a HelloRetryRequest.
     */
    static NamedGroup group(TlsServerConfig config, List<Integer> clientGroups, List<KeyShareEntry> shares)
            throws TlsException {
        for (NamedGroup g : config.namedGroups()) {
            if (shares.stream().anyMatch(k -> k.group() == g.id())) {
                return g;
            }
        }
        for (NamedGroup g : config.namedGroups()) {
            if (clientGroups.contains(g.id())) {
                return g;
            }
        }
        throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "no common group: we support "
                + config.namedGroups() + ", peer supports " + hexList(clientGroups));
    }

    /** A certificate and a scheme to sign with: certificates naming the SNI host first, then the default. */
    record Credential(CertifiedKey key, SignatureScheme scheme) {
    }

    static Credential credential(TlsServerConfig config, String sni, List<Integer> clientSchemes)
            throws TlsException {
        for (CertifiedKey c : candidates(config, sni)) {
            for (SignatureScheme s : config.signatureSchemes()) {
                if (s.allowedInTls13Handshake() && clientSchemes.contains(s.id())
                        && Signatures.keyMatches(s, c.privateKey())) {
                    return new Credential(c, s);
                }
            }
        }
        throw new TlsException(AlertDescription.HANDSHAKE_FAILURE,
                "no common signature scheme: peer accepts " + hexList(clientSchemes) + ", our keys sign with "
                        + config.signatureSchemes());
    }

    /** Our certificates, those whose names cover the SNI host first (RFC 6066, 3). */
    static List<CertifiedKey> candidates(TlsServerConfig config, String sni) {
        List<CertifiedKey> out = new ArrayList<>();
        if (sni != null) {
            config.certificates().stream().filter(c -> HostnameMatcher.matches(c.leaf(), sni)).forEach(out::add);
        }
        config.certificates().stream().filter(c -> !out.contains(c)).forEach(out::add);
        return out;
    }

    /** RFC 7301, 3.2: the first of our protocols the client offers; none is no_application_protocol. */
    static String applicationProtocol(TlsServerConfig config, ClientHello ch) throws TlsException {
        Extension e = ch.extension(ExtensionType.ALPN);
        if (e == null || config.applicationProtocols().isEmpty()) {
            return null;
        }
        List<String> offered = Extensions.decodeAlpn(e);
        for (String p : config.applicationProtocols()) {
            if (offered.contains(p)) {
                return p;
            }
        }
        throw new TlsException(AlertDescription.NO_APPLICATION_PROTOCOL, "no common application protocol: we "
                + "speak " + config.applicationProtocols() + ", peer offered " + offered);
    }

    private static String hexList(List<Integer> ids) {
        return ids.stream().map(i -> String.format("0x%04x", i)).toList().toString();
    }
}
