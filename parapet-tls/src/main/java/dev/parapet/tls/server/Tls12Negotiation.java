package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.x509.CertifiedKey;
import java.util.List;

/**
 * The server's TLS 1.2 choices (RFC 5246, 7.4.1.4.1; RFC 8422, 5.1): the first of its suites that the client offers
 * and that one of its certificates can serve, with a group and a signature scheme the client accepts.
 */
final class Tls12Negotiation {
    /** What the server will do. Group and scheme are null for RSA key transport. */
    record Choice(CipherSuite suite, CertifiedKey key, NamedGroup group, SignatureScheme scheme) {
    }

    private Tls12Negotiation() {
    }

    static Choice choose(TlsServerConfig config, ClientHello ch, String sni) throws TlsException {
        List<Integer> schemes = clientSchemes(config, ch);
        List<Integer> groups = clientGroups(ch);
        List<CertifiedKey> keys = Negotiation.candidates(config, sni);
        for (CipherSuite suite : config.cipherSuites()) {
            if (suite.isTls13() || !ch.cipherSuites().contains(suite.id())) {
                continue;
            }
            for (CertifiedKey key : keys) {
                Choice c = fit(config, suite, key, groups, schemes);
                if (c != null) {
                    return c;
                }
            }
        }
        String why = ch.extension(ExtensionType.SIGNATURE_ALGORITHMS) == null && !config.legacy()
                ? " (the client sent no signature_algorithms, so it can only take SHA-1 signatures: legacy mode)" : "";
        throw new TlsException(AlertDescription.HANDSHAKE_FAILURE, "no common TLS 1.2 cipher suite for our "
                + "certificates: we offer " + config.cipherSuites().stream().filter(s -> !s.isTls13()).toList()
                + ", peer offered " + ch.cipherSuites().stream().map(CipherSuite::fromId)
                .map(s -> s == null ? "?" : s.name()).toList() + why);
    }

    private static Choice fit(TlsServerConfig config, CipherSuite suite, CertifiedKey key, List<Integer> groups,
                              List<Integer> schemes) {
        String alg = key.privateKey().getAlgorithm();
        KeyExchangeAlgorithm kx = suite.keyExchange();
        if (kx == KeyExchangeAlgorithm.RSA) {
            return alg.equals("RSA") ? new Choice(suite, key, null, null) : null;
        }
        boolean ecdsa = kx == KeyExchangeAlgorithm.ECDHE_ECDSA;
        if (ecdsa != alg.equals("EC")) {
            return null;
        }
        NamedGroup group = config.namedGroups().stream().filter(g -> groups.contains(g.id())).findFirst()
                .orElse(null);
        if (group == null) {
            return null;
        }
        SignatureScheme scheme = scheme(config, key, schemes, ecdsa);
        return scheme == null ? null : new Choice(suite, key, group, scheme);
    }

    /**
     * A scheme the client takes and our key can make: one that also fits by TLS 1.3's stricter rule first (ECDSA
     * hash matched to the curve), else any TLS 1.2 allows (RFC 5246, 7.4.1.4.1: ECDSA names only the hash).
     */
    private static SignatureScheme scheme(TlsServerConfig config, CertifiedKey key, List<Integer> schemes,
                                          boolean ecdsa) {
        for (boolean strict : new boolean[] {true, false}) {
            for (SignatureScheme s : config.signatureSchemes()) {
                boolean fits = strict ? Signatures.keyMatches(s, key.privateKey())
                        : Signatures.keyMatchesTls12(s, key.privateKey());
                if (fits && schemes.contains(s.id()) && ecdsa == s.rfcName().startsWith("ecdsa")) {
                    return s;
                }
            }
        }
        return null;
    }

    /** RFC 5246, 7.4.1.4.1: without signature_algorithms the client accepts SHA-1 only; we allow it in legacy mode. */
    private static List<Integer> clientSchemes(TlsServerConfig config, ClientHello ch) throws TlsException {
        Extension e = ch.extension(ExtensionType.SIGNATURE_ALGORITHMS);
        if (e != null) {
            return Extensions.decodeU16List(e);
        }
        return config.legacy() ? List.of(SignatureScheme.RSA_PKCS1_SHA1.id(), SignatureScheme.ECDSA_SHA1.id())
                : List.of();
    }

    /** RFC 8422, 4: without supported_groups the client is assumed to take the NIST curves. */
    private static List<Integer> clientGroups(ClientHello ch) throws TlsException {
        Extension e = ch.extension(ExtensionType.SUPPORTED_GROUPS);
        return e != null ? Extensions.decodeU16List(e)
                : List.of(NamedGroup.SECP256R1.id(), NamedGroup.SECP384R1.id());
    }
}
