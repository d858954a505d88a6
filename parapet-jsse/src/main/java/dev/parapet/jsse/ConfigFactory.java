package dev.parapet.jsse;

import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.session.SessionCache;
import dev.parapet.tls.session.SessionStore;
import dev.parapet.tls.x509.CertificateVerifier;
import dev.parapet.tls.x509.CertifiedKey;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.security.auth.x500.X500Principal;

/**
 * Maps an engine's settings onto the core's configs, with the context's {@link JdkTlsProperties} (named groups and
 * signature schemes from the standard system properties, read once per SSLContext).
 */
final class ConfigFactory {
    private ConfigFactory() {
    }

    static TlsClientConfig client(ContextState ctx, EngineSettings s, CertificateVerifier verifier,
                                  List<CertifiedKey> clientKeys, TlsListener listener, SessionCache cache)
            throws SSLHandshakeException {
        List<ProtocolVersion> versions = versions(s, true);
        List<CipherSuite> suites = suites(s, versions);
        try {
            TlsClientConfig.Builder b = TlsClientConfig.builder()
                    .versions(versions.toArray(new ProtocolVersion[0]))
                    .cipherSuites(suites.toArray(new CipherSuite[0]))
                    .applicationProtocols(s.applicationProtocols)
                    .certificateVerifier(verifier)
                    .sessionCache(cache)
                    .listener(listener)
                    .recordBufferPool(ctx.pool())
                    .cipherPool(ctx.ciphers())
                    .verifierCache(ctx.verifiers());
            clientKeys.forEach(b::clientCertificate);
            if (ctx.random() != null) {
                b.random(ctx.random());
            }
            List<NamedGroup> groups = ctx.properties().namedGroups();
            if (!groups.isEmpty()) {
                b.namedGroups(groups.toArray(new NamedGroup[0]));
            }
            List<SignatureScheme> schemes = ctx.properties().clientSchemes();
            if (!schemes.isEmpty()) {
                b.signatureSchemes(schemes.toArray(new SignatureScheme[0]));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw SslExceptions.handshake(e.getMessage(), e);
        }
    }

    /**
     * @param clientVerifier judges client certificates when {@code needClientAuth} or {@code wantClientAuth} is set
     *                       (REQUIRED / OPTIONAL); ignored otherwise
     * @param caHints        the CA names sent in the CertificateRequest
     */
    static TlsServerConfig server(ContextState ctx, EngineSettings s, List<CertifiedKey> keys,
                                  List<String> applicationProtocols, CertificateVerifier clientVerifier,
                                  List<X500Principal> caHints, TlsListener listener, SessionStore store,
                                  int sessionTimeoutSeconds)
            throws SSLHandshakeException {
        List<ProtocolVersion> versions = versions(s, false);
        List<CipherSuite> suites = suites(s, versions);
        if (keys.isEmpty()) {
            throw SslExceptions.handshake("no server certificate: the key manager has no EC, RSA, EdDSA or "
                    + "RSASSA-PSS key with a certificate chain (or the SSLContext was initialised without one)",
                    null);
        }
        try {
            TlsServerConfig.Builder b = TlsServerConfig.builder()
                    .versions(versions.toArray(new ProtocolVersion[0]))
                    .cipherSuites(suites.toArray(new CipherSuite[0]))
                    .applicationProtocols(applicationProtocols.toArray(new String[0]))
                    .sessionStore(store)
                    .ticketLifetime(ticketLifetime(sessionTimeoutSeconds))
                    .listener(listener)
                    .recordBufferPool(ctx.pool())
                    .cipherPool(ctx.ciphers())
                    .verifierCache(ctx.verifiers());
            keys.forEach(b::certificate);
            ClientAuth mode = clientAuth(s);
            if (mode != ClientAuth.NONE) {
                b.clientAuthentication(mode, clientVerifier, caHints);
            }
            if (ctx.random() != null) {
                b.random(ctx.random());
            }
            List<NamedGroup> groups = ctx.properties().namedGroups();
            if (!groups.isEmpty()) {
                b.namedGroups(groups.toArray(new NamedGroup[0]));
            }
            List<SignatureScheme> schemes = ctx.properties().serverSchemes();
            if (!schemes.isEmpty()) {
                b.signatureSchemes(schemes.toArray(new SignatureScheme[0]));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw SslExceptions.handshake(e.getMessage(), e);
        }
    }

    /** SSLSessionContext's timeout as the lifetime of tickets and cached sessions: 1 s to 7 days, 0 meaning 7 days. */
    static java.time.Duration ticketLifetime(int timeoutSeconds) {
        long max = 7 * 24 * 3600;
        return java.time.Duration.ofSeconds(timeoutSeconds <= 0 ? max : Math.min(timeoutSeconds, max));
    }

    /** needClientAuth: REQUIRED; wantClientAuth: OPTIONAL; neither: NONE. */
    static ClientAuth clientAuth(EngineSettings s) {
        return s.needClientAuth ? ClientAuth.REQUIRED : s.wantClientAuth ? ClientAuth.OPTIONAL : ClientAuth.NONE;
    }

    private static List<ProtocolVersion> versions(EngineSettings s, boolean client) throws SSLHandshakeException {
        List<ProtocolVersion> versions = s.protocols(client);
        if (versions.isEmpty()) {
            throw SslExceptions.handshake("no protocol enabled: Parapet speaks TLSv1.3 and TLSv1.2", null);
        }
        return versions;
    }

    private static List<CipherSuite> suites(EngineSettings s, List<ProtocolVersion> versions)
            throws SSLHandshakeException {
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite suite : s.cipherSuites) {
            if (versions.contains(suite.version())) {
                out.add(suite);
            }
        }
        if (out.isEmpty()) {
            throw SslExceptions.handshake("no cipher suite enabled for " + versions + ": enabled suites are "
                    + s.cipherSuites, null);
        }
        return out;
    }
}
