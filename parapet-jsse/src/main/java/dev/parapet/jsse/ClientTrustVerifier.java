package dev.parapet.jsse;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.ParapetCertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * A server's judge of client certificates (mutual TLS): the user's trust manager's {@code checkClientTrusted}
 * (with the engine or socket when it is an {@link X509ExtendedTrustManager}), or, without one, Parapet's own verifier
 * for the clientAuth purpose. The authType is what SunJSSE passes in both TLS 1.3 and 1.2: the leaf key's algorithm
 * when it is RSA, DSA, EC or RSASSA-PSS, else "UNKNOWN" (EdDSA keys included).
 */
final class ClientTrustVerifier implements CertificateVerifier {
    private final X509TrustManager trustManager;
    private final CertificateVerifier parapet;
    private final SSLEngine engine;
    private final Socket socket;

    private ClientTrustVerifier(X509TrustManager trustManager, CertificateVerifier parapet, SSLEngine engine,
                                Socket socket) {
        this.trustManager = trustManager;
        this.parapet = parapet;
        this.engine = engine;
        this.socket = socket;
    }

    /** With the user's trust manager, or (null) Parapet's verifier over {@code anchors}. */
    static ClientTrustVerifier of(X509TrustManager trustManager, TrustAnchors anchors, SSLEngine engine,
                                  Socket socket) {
        CertificateVerifier parapet = trustManager != null ? null : ParapetCertificateVerifier.builder()
                .trustAnchors(anchors).purpose(ParapetCertificateVerifier.Purpose.CLIENT_AUTH).build();
        return new ClientTrustVerifier(trustManager, parapet, engine, socket);
    }

    /** The CA names for the CertificateRequest: the trust manager's accepted issuers, or the anchors'. */
    static List<X500Principal> caHints(X509TrustManager trustManager, TrustAnchors anchors) {
        List<X500Principal> out = new ArrayList<>();
        X509Certificate[] issuers;
        try {
            issuers = trustManager != null ? trustManager.getAcceptedIssuers()
                    : anchors.certificates().toArray(new X509Certificate[0]);
        } catch (RuntimeException e) {
            return List.of(); // no hints: the client may send any certificate
        }
        if (issuers != null) {
            for (X509Certificate c : issuers) {
                X500Principal p = c == null ? null : c.getSubjectX500Principal();
                if (p != null && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** SunJSSE's authType for checkClientTrusted (CertificateMessage.checkClientCerts, TLS 1.3 and 1.2 alike). */
    static String authType(X509Certificate leaf) {
        String algorithm = leaf.getPublicKey().getAlgorithm();
        return switch (algorithm) {
            case "RSA", "DSA", "EC", "RSASSA-PSS" -> algorithm;
            default -> "UNKNOWN";
        };
    }

    @Override
    public void verify(List<X509Certificate> chain, String serverName) throws TlsException {
        if (parapet != null) {
            parapet.verify(chain, null);
            return;
        }
        X509Certificate[] certs = chain.toArray(new X509Certificate[0]);
        String type = authType(certs[0]);
        try {
            if (trustManager instanceof X509ExtendedTrustManager etm && socket != null) {
                etm.checkClientTrusted(certs, type, socket);
            } else if (trustManager instanceof X509ExtendedTrustManager etm) {
                etm.checkClientTrusted(certs, type, engine);
            } else {
                trustManager.checkClientTrusted(certs, type);
            }
        } catch (CertificateException | IllegalArgumentException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new TlsException(AlertDescription.CERTIFICATE_UNKNOWN, "the trust manager rejected the client "
                    + "certificate " + certs[0].getSubjectX500Principal().getName() + ": "
                    + m.replaceAll("\\s+", " ").trim(), e);
        }
    }
}
