package dev.parapet.tls.server;

import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.handshake.CertificateRequest;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.Tls12CertificateRequest;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** The server's CertificateRequest for mutual TLS, in either version, and what it lets the client sign with. */
final class ClientCertificateRequest {
    private ClientCertificateRequest() {
    }

    /** RFC 8446, 4.3.2: signature_algorithms, and certificate_authorities when there are hints (4.2.4). */
    static HandshakeMessage tls13(TlsServerConfig config) {
        return tls13(config, new byte[0]);
    }

    /** With a context: empty in the handshake, unique and non-empty after it (RFC 8446, 4.3.2 and 4.6.2). */
    static HandshakeMessage tls13(TlsServerConfig config, byte[] context) {
        List<Extension> ext = new ArrayList<>();
        ext.add(Extensions.u16List(ExtensionType.SIGNATURE_ALGORITHMS, schemes(config, true)));
        if (!config.certificateAuthorities().isEmpty()) {
            ext.add(Extensions.certificateAuthorities(names(config)));
        }
        return new CertificateRequest(context, ext).encode();
    }

    /** RFC 5246, 7.4.4: RSA and ECDSA certificate types, the schemes, and the CA names. */
    static HandshakeMessage tls12(TlsServerConfig config) {
        return new Tls12CertificateRequest(List.of(Tls12CertificateRequest.RSA_SIGN, Tls12CertificateRequest.ECDSA_SIGN),
                schemes(config, false), names(config)).encode();
    }

    /** The schemes a client may sign its CertificateVerify with. */
    static List<Integer> schemes(TlsServerConfig config, boolean tls13) {
        return config.signatureSchemes().stream().filter(s -> !tls13 || s.allowedInTls13Handshake())
                .map(SignatureScheme::id).toList();
    }

    private static List<byte[]> names(TlsServerConfig config) {
        return config.certificateAuthorities().stream().map(X500Principal::getEncoded).toList();
    }
}
