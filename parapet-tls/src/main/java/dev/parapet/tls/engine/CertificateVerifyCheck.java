package dev.parapet.tls.engine;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.handshake.CertificateVerify;
import java.security.PublicKey;
import java.util.List;

/**
 * Checks a peer's CertificateVerify, either role, either version (RFC 8446, 4.4.3; RFC 5246, 7.4.8): a scheme we
 * offered, fitting the certificate's key, and a signature that verifies over {@code content}.
 */
public final class CertificateVerifyCheck {
    private CertificateVerifyCheck() {
    }

    /** Returns the scheme the peer signed with. */
    public static SignatureScheme check(CryptoProvider crypto, CertificateVerify cv, PublicKey key, List<Integer> offered, byte[] content,
                                        boolean tls13, String who) throws TlsException {
        SignatureScheme scheme = SignatureScheme.fromId(cv.algorithm());
        if (scheme == null || !offered.contains(cv.algorithm()) || (tls13 && !scheme.allowedInTls13Handshake())) {
            throw TlsException.illegalParameter(String.format("%s signed with scheme 0x%04x, which we did not offer",
                    who, cv.algorithm()));
        }
        boolean fits = tls13 ? Signatures.keyMatches(scheme, key) : Signatures.keyMatchesTls12(scheme, key);
        if (!fits) {
            throw TlsException.illegalParameter(who + " signed with " + scheme + ", which does not fit its "
                    + key.getAlgorithm() + " certificate key");
        }
        if (!crypto.verify(scheme, key, content, cv.signature())) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR,
                    who + " CertificateVerify signature (" + scheme + ") does not verify");
        }
        return scheme;
    }
}
