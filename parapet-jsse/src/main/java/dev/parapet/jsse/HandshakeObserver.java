package dev.parapet.jsse;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.SignatureScheme;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills in the handshake session while the handshake runs: the version and suite once the ServerHello passed
 * (the core's negotiated event), and the peer's signature algorithms from a CertificateRequest's trace. The core's
 * {@code TlsSession} only exists after the handshake; trust managers need some of this before.
 */
final class HandshakeObserver implements TlsListener {
    private final ParapetSession session;
    private volatile CipherSuite suite;

    HandshakeObserver(ParapetSession session) {
        this.session = session;
    }

    @Override
    public void negotiated(ProtocolVersion version, CipherSuite negotiated) {
        suite = negotiated;
        session.cipherSuite = negotiated.name();
        session.protocol = version.displayName();
    }

    @Override
    public void handshakeMessage(boolean sent, String type, int length, String details) {
        if (!sent && "CertificateRequest".equals(type)) {
            session.peerSignatureAlgorithms = signatureAlgorithms(details);
        }
    }

    /** SunJSSE's authType for checkServerTrusted: "UNKNOWN" in TLS 1.3, the key exchange in TLS 1.2. */
    String authType() {
        CipherSuite s = suite;
        if (s == null || s.isTls13()) {
            return "UNKNOWN";
        }
        return s.keyExchange().name();
    }

    /** Parses the trace's {@code sig_algs=[a, b]} into JDK signature algorithm names. */
    static String[] signatureAlgorithms(String details) {
        int i = details.indexOf("sig_algs=[");
        if (i < 0) {
            return new String[0];
        }
        int end = details.indexOf(']', i);
        List<SignatureScheme> schemes = new ArrayList<>();
        for (String name : details.substring(i + "sig_algs=[".length(), end).split(",\\s*")) {
            SignatureScheme s = name.isBlank() ? null : SignatureScheme.fromName(name);
            if (s != null) {
                schemes.add(s);
            }
        }
        return JsseNames.signatureAlgorithms(schemes);
    }
}
