package dev.parapet.tls.hostile;

import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateRequest;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.ClientKeyExchange;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.HelloRequest;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.NewSessionTicket;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.handshake.ServerHelloDone;
import dev.parapet.tls.handshake.ServerKeyExchange;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.List;

/**
 * A well-formed message of each handshake type, so that a message out of order is refused for its type and not
 * for its body (RFC 8446, 4: types and bodies).
 */
final class SampleMessages {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SampleMessages() {
    }

    static HandshakeMessage of(HandshakeType type) {
        return switch (type) {
            case CLIENT_HELLO -> HelloSpec.standard(KeyExchange.generate(NamedGroup.X25519, RANDOM), "x.test")
                    .encode();
            case SERVER_HELLO -> serverHello();
            case NEW_SESSION_TICKET -> new NewSessionTicket(3600, 7, new byte[] {1}, new byte[] {1, 2, 3},
                    List.of()).encode();
            case END_OF_EARLY_DATA -> HandshakeMessage.of(type, new byte[0]);
            case ENCRYPTED_EXTENSIONS -> new EncryptedExtensions(List.of()).encode();
            case CERTIFICATE -> certificate();
            case CERTIFICATE_REQUEST -> new CertificateRequest(new byte[0], List.of(Extensions.u16List(
                    ExtensionType.SIGNATURE_ALGORITHMS, List.of(SignatureScheme.ED25519.id())))).encode();
            case CERTIFICATE_VERIFY -> new CertificateVerify(SignatureScheme.ED25519.id(), new byte[64]).encode();
            case FINISHED -> new Finished(new byte[32]).encode();
            case KEY_UPDATE -> new KeyUpdate(false).encode();
            case MESSAGE_HASH -> HandshakeMessage.of(type, new byte[32]);
            case HELLO_REQUEST -> new HelloRequest().encode();
            case SERVER_HELLO_DONE -> new ServerHelloDone().encode();
            case SERVER_KEY_EXCHANGE -> new ServerKeyExchange(NamedGroup.X25519.id(), new byte[32],
                    SignatureScheme.ED25519.id(), new byte[64]).encode();
            case CLIENT_KEY_EXCHANGE -> new ClientKeyExchange(new byte[32]).encodeEcdhe();
        };
    }

    private static HandshakeMessage serverHello() {
        KeyExchange k = KeyExchange.generate(NamedGroup.X25519, RANDOM);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return new ServerHello(Extensions.TLS12, random, new byte[0], 0x1301, 0, List.of(
                Extensions.serverSupportedVersion(Extensions.TLS13),
                Extensions.serverKeyShare(new KeyShareEntry(k.group().id(), k.publicKeyShare())))).encode();
    }

    private static HandshakeMessage certificate() {
        try {
            byte[] der = Fixtures.LEAF.leaf().getEncoded();
            return new CertificateMessage(new byte[0], List.of(new CertificateMessage.Entry(der, List.of())))
                    .encode();
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
