package dev.parapet.tls.client;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.x509.HostnameMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The client side of a TLS 1.3 handshake (RFC 8446, 2 and 4): what the client offered, shared by its states.
 * {@link #start} sends the ClientHello and returns the first state.
 */
public final class ClientHandshake {
    final HandshakeContext context;
    final TlsClientConfig config;
    /** The name to verify the certificate against (DNS name or IP literal), or null. */
    final String verifyName;
    /** The SNI we sent, or null (never an IP address: RFC 6066, 3). */
    final String sni;
    final byte[] legacySessionId;
    List<KeyExchange> keyShares = new ArrayList<>();
    byte[] cookie;
    final Set<Integer> offeredExtensions = new HashSet<>();
    boolean changeCipherSpecSent;
    byte[] clientHandshakeSecret;
    byte[] serverHandshakeSecret;
    byte[] certificateRequestContext;

    private ClientHandshake(HandshakeContext context, TlsClientConfig config, String serverName) {
        this.context = context;
        this.config = config;
        this.verifyName = serverName;
        this.sni = serverName == null || HostnameMatcher.isIpLiteral(serverName) ? null : serverName;
        // RFC 8446, D.4: a non-empty legacy_session_id turns on middlebox compatibility mode
        this.legacySessionId = config.middleboxCompatibility() ? context.randomBytes(32) : new byte[0];
        context.serverName = sni;
    }

    /** Sends the first ClientHello. */
    public static State start(HandshakeContext context, TlsClientConfig config, String serverName)
            throws TlsException {
        ClientHandshake hs = new ClientHandshake(context, config, serverName);
        context.clientRandom = context.randomBytes(32);
        for (NamedGroup g : config.keyShareGroups()) {
            hs.keyShares.add(KeyExchange.generate(g, context.random()));
        }
        context.send(hs.clientHello().encode());
        return new ExpectServerHello(hs);
    }

    /** Builds the ClientHello from the current offer (RFC 8446, 4.1.2). */
    ClientHello clientHello() {
        List<Extension> ext = new ArrayList<>();
        if (sni != null) {
            ext.add(Extensions.serverName(sni));
        }
        ext.add(Extensions.clientSupportedVersions(List.of(Extensions.TLS13)));
        ext.add(Extensions.u16List(ExtensionType.SUPPORTED_GROUPS,
                config.namedGroups().stream().map(NamedGroup::id).toList()));
        ext.add(Extensions.u16List(ExtensionType.SIGNATURE_ALGORITHMS, handshakeSchemes()));
        ext.add(Extensions.u16List(ExtensionType.SIGNATURE_ALGORITHMS_CERT,
                config.signatureSchemes().stream().map(SignatureScheme::id).toList()));
        ext.add(Extensions.clientKeyShares(keyShares.stream()
                .map(k -> new KeyShareEntry(k.group().id(), k.publicKeyShare())).toList()));
        if (!config.applicationProtocols().isEmpty()) {
            ext.add(Extensions.alpn(config.applicationProtocols()));
        }
        ext.add(Extensions.pskKeyExchangeModes());
        if (cookie != null) {
            ext.add(Extensions.cookie(cookie));
        }
        ext.forEach(e -> offeredExtensions.add(e.type()));
        return new ClientHello(Extensions.TLS12, context.clientRandom, legacySessionId,
                config.cipherSuites().stream().map(CipherSuite::id).toList(), new byte[] {0}, ext);
    }

    /** RFC 8446, 4.2.3: PKCS#1 v1.5 is for certificates only, so it stays out of signature_algorithms. */
    List<Integer> handshakeSchemes() {
        return config.signatureSchemes().stream().filter(SignatureScheme::allowedInTls13Handshake)
                .map(SignatureScheme::id).toList();
    }

    KeyExchange keyShareFor(int group) {
        for (KeyExchange k : keyShares) {
            if (k.group().id() == group) {
                return k;
            }
        }
        return null;
    }

    boolean offeredSuite(int id) {
        return config.cipherSuites().stream().anyMatch(s -> s.id() == id);
    }
}
