package dev.parapet.tls.client;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.x509.CertifiedKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mutual TLS, the client's side: which of its certificates answers a CertificateRequest (RFC 8446, 4.4.2.3;
 * RFC 5246, 7.4.6). A certificate whose chain the server names in its CA hints comes first; then any that can sign.
 */
final class ClientCredentials {
    /** The certificate to send and the scheme to sign with. */
    record Choice(CertifiedKey key, SignatureScheme scheme) {
    }

    private ClientCredentials() {
    }

    /** Null when no configured certificate fits: the client then sends an empty Certificate. */
    static Choice choose(TlsClientConfig config, List<Integer> serverSchemes, List<byte[]> caHints, boolean tls13) {
        Choice fallback = null;
        for (CertifiedKey key : config.clientCertificates()) {
            SignatureScheme scheme = scheme(config, key, serverSchemes, tls13);
            if (scheme == null) {
                continue;
            }
            if (caHints.isEmpty() || namedBy(key, caHints)) {
                return new Choice(key, scheme);
            }
            fallback = fallback != null ? fallback : new Choice(key, scheme);
        }
        return fallback;
    }

    /** RFC 8446, 4.4.2: our chain under {@code context}, or an empty Certificate when there is no choice. */
    static HandshakeMessage certificate(byte[] context, Choice choice) throws TlsException {
        List<CertificateMessage.Entry> entries = new ArrayList<>();
        if (choice != null) {
            for (X509Certificate c : choice.key().chain()) {
                entries.add(new CertificateMessage.Entry(ExpectServerFinished.encoded(c), List.of()));
            }
        }
        return new CertificateMessage(context, entries).encode();
    }

    /** RFC 8446, 4.4.3: the client's signature over the transcript hash. */
    static HandshakeMessage certificateVerify(Choice choice, byte[] transcriptHash, SecureRandom random,
                                              CryptoProvider crypto) throws TlsException {
        byte[] content = Signatures.certificateVerifyContent(false, transcriptHash);
        byte[] signature = crypto.sign(choice.scheme(), choice.key().privateKey(), content, random);
        return new CertificateVerify(choice.scheme().id(), signature).encode();
    }

    private static SignatureScheme scheme(TlsClientConfig config, CertifiedKey key, List<Integer> serverSchemes,
                                          boolean tls13) {
        for (SignatureScheme s : config.signatureSchemes()) {
            boolean fits = tls13 ? s.allowedInTls13Handshake() && Signatures.keyMatches(s, key.privateKey())
                    : Signatures.keyMatchesTls12(s, key.privateKey());
            if (fits && serverSchemes.contains(s.id())) {
                return s;
            }
        }
        return null;
    }

    private static boolean namedBy(CertifiedKey key, List<byte[]> caHints) {
        for (X509Certificate c : key.chain()) {
            byte[] issuer = c.getIssuerX500Principal().getEncoded();
            byte[] subject = c.getSubjectX500Principal().getEncoded();
            for (byte[] hint : caHints) {
                if (Arrays.equals(hint, issuer) || Arrays.equals(hint, subject)) {
                    return true;
                }
            }
        }
        return false;
    }
}
