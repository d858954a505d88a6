package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Mutual TLS: the client's chain, parsed and verified, or refused as the configuration says. */
final class ClientChain {
    private ClientChain() {
    }

    /**
     * Returns the verified chain, or an empty list when the client sent none and that is allowed.
     *
     * @param missing the alert for a missing certificate that is required: certificate_required in TLS 1.3
     *                (RFC 8446, 4.4.2.4), handshake_failure in TLS 1.2 (RFC 5246, 7.4.6)
     */
    static List<X509Certificate> verify(HandshakeContext ctx, TlsServerConfig config, List<byte[]> der,
                                        AlertDescription missing) throws TlsException {
        if (der.isEmpty()) {
            if (config.clientAuth() == ClientAuth.REQUIRED) {
                throw new TlsException(missing, "client sent no certificate, which this server requires");
            }
            return List.of();
        }
        ctx.limits().checkCertificateChain(der.size());
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] d : der) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(d)));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new TlsException(AlertDescription.BAD_CERTIFICATE,
                    "client certificate " + (chain.size() + 1) + " does not parse: " + e.getMessage());
        }
        config.clientCertificateVerifier().verify(chain, null);
        ctx.peerCertificates = chain;
        return chain;
    }
}
