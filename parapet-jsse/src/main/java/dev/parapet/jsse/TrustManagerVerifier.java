package dev.parapet.jsse;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.HostnameMatcher;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Lets the user's trust manager decide. An {@link X509ExtendedTrustManager} gets the engine (or socket), and does
 * its own endpoint identification from the engine's parameters, as with SunJSSE; a plain {@link X509TrustManager}
 * gets the chain and auth type, and Parapet checks the host name when "HTTPS" identification is set.
 */
final class TrustManagerVerifier implements CertificateVerifier {
    private final X509TrustManager trustManager;
    private final SSLEngine engine;
    private final Socket socket;
    private final String nameToCheck;
    private final Supplier<String> authType;

    /**
     * @param nameToCheck the host name a plain X509TrustManager's chain must match, or null for no check
     * @param authType    SunJSSE's authType for the negotiated suite, as far as it is known when the chain arrives
     */
    TrustManagerVerifier(X509TrustManager trustManager, SSLEngine engine, Socket socket, String nameToCheck,
                         Supplier<String> authType) {
        this.trustManager = trustManager;
        this.engine = engine;
        this.socket = socket;
        this.nameToCheck = nameToCheck;
        this.authType = authType;
    }

    @Override
    public void verify(List<X509Certificate> chain, String serverName) throws TlsException {
        X509Certificate[] certs = chain.toArray(new X509Certificate[0]);
        String type = authType.get();
        try {
            if (trustManager instanceof X509ExtendedTrustManager etm && socket != null) {
                etm.checkServerTrusted(certs, type, socket);
            } else if (trustManager instanceof X509ExtendedTrustManager etm) {
                etm.checkServerTrusted(certs, type, engine);
            } else {
                trustManager.checkServerTrusted(certs, type);
                checkName(certs[0]);
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new TlsException(AlertDescription.CERTIFICATE_UNKNOWN, "the trust manager rejected the certificate"
                    + " for " + certs[0].getSubjectX500Principal().getName() + ": " + oneLine(e), e);
        }
    }

    private void checkName(X509Certificate leaf) throws TlsException {
        if (nameToCheck == null || HostnameMatcher.matches(leaf, nameToCheck)) {
            return;
        }
        List<String> names = HostnameMatcher.names(leaf);
        throw new TlsException(AlertDescription.BAD_CERTIFICATE, "server name mismatch: asked for " + nameToCheck
                + "; " + (names.isEmpty() ? "certificate has no DNS or IP names"
                : "certificate names " + String.join(", ", names)));
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
