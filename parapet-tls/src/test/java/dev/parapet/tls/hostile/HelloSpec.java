package dev.parapet.tls.hostile;

import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.KeyShareEntry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** A ClientHello under construction (RFC 8446, 4.1.2): every field open to change, extensions in order. */
final class HelloSpec {
    private static final SecureRandom RANDOM = new SecureRandom();

    int legacyVersion = Extensions.TLS12;
    byte[] random = bytes(32);
    byte[] sessionId = bytes(32);
    List<Integer> suites = new ArrayList<>(List.of(0x1301));
    byte[] compression = {0};
    final List<Extension> extensions = new ArrayList<>();

    /** What a plain TLS 1.3 client sends: SNI, TLS 1.3, x25519 and P-256, ECDSA and PSS, one x25519 share. */
    static HelloSpec standard(KeyExchange share, String serverName) {
        HelloSpec h = new HelloSpec();
        h.extensions.add(Extensions.serverName(serverName));
        h.extensions.add(Extensions.clientSupportedVersions(List.of(Extensions.TLS13)));
        h.extensions.add(Extensions.u16List(ExtensionType.SUPPORTED_GROUPS,
                List.of(NamedGroup.X25519.id(), NamedGroup.SECP256R1.id())));
        h.extensions.add(Extensions.u16List(ExtensionType.SIGNATURE_ALGORITHMS,
                List.of(SignatureScheme.ECDSA_SECP256R1_SHA256.id(), SignatureScheme.RSA_PSS_RSAE_SHA256.id(),
                        SignatureScheme.ED25519.id())));
        h.extensions.add(keyShares(share));
        return h;
    }

    static Extension keyShares(KeyExchange... shares) {
        List<KeyShareEntry> entries = new ArrayList<>();
        for (KeyExchange k : shares) {
            entries.add(new KeyShareEntry(k.group().id(), k.publicKeyShare()));
        }
        return Extensions.clientKeyShares(entries);
    }

    HelloSpec without(int type) {
        extensions.removeIf(e -> e.type() == type);
        return this;
    }

    /** Replaces the extension of the same type where it stands, or appends it. */
    HelloSpec with(Extension e) {
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).type() == e.type()) {
                extensions.set(i, e);
                return this;
            }
        }
        extensions.add(e);
        return this;
    }

    ClientHello build() {
        return new ClientHello(legacyVersion, random, sessionId, List.copyOf(suites), compression,
                List.copyOf(extensions));
    }

    HandshakeMessage encode() {
        return build().encode();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
