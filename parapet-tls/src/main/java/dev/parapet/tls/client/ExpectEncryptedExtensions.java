package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionRules;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.util.List;

/** Waits for EncryptedExtensions (RFC 8446, 4.3.1). */
final class ExpectEncryptedExtensions implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;

    ExpectEncryptedExtensions(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.ENCRYPTED_EXTENSIONS;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        EncryptedExtensions ee = EncryptedExtensions.decode(message);
        ExtensionRules.checkResponse(ee.extensions(), hs.offeredExtensions, ExtensionRules.ENCRYPTED_EXTENSIONS,
                "EncryptedExtensions");
        Extension sni = ee.extension(ExtensionType.SERVER_NAME);
        if (sni != null && sni.data().length != 0) {
            // RFC 6066, 3: the server's server_name answer is empty
            throw TlsException.decodeError("EncryptedExtensions server_name is not empty");
        }
        Extension alpn = ee.extension(ExtensionType.ALPN);
        if (alpn != null) {
            ctx.applicationProtocol = chosenProtocol(Extensions.decodeAlpn(alpn));
        }
        if (ee.extension(ExtensionType.EARLY_DATA) != null) {
            throw TlsException.illegalParameter("server accepted early data we did not send");
        }
        ctx.received(message);
        return new ExpectCertificate(hs);
    }

    /** RFC 7301, 3.1: exactly one protocol, one of those we offered. */
    private String chosenProtocol(List<String> names) throws TlsException {
        if (names.size() != 1 || !hs.config.applicationProtocols().contains(names.get(0))) {
            throw new TlsException(AlertDescription.ILLEGAL_PARAMETER,
                    "server chose ALPN " + names + ", not one protocol of our " + hs.config.applicationProtocols());
        }
        return names.get(0);
    }
}
