package dev.parapet.tls.client;

import dev.parapet.tls.EarlyDataStatus;
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
        ctx.limits().checkExtensions(ee.extensions(), "EncryptedExtensions");
        ExtensionRules.checkResponse(ee.extensions(), hs.offeredExtensions, ExtensionRules.ENCRYPTED_EXTENSIONS,
                "EncryptedExtensions");
        Extension sni = ee.extension(ExtensionType.SERVER_NAME);
        if (sni != null && sni.data().length != 0) {
            // RFC 6066, 3: the server's server_name answer is empty
            throw TlsException.decodeError("EncryptedExtensions server_name is not empty");
        }
        Extension alpn = ee.extension(ExtensionType.ALPN);
        if (alpn != null) {
            ctx.applicationProtocol = hs.chosenProtocol(Extensions.decodeAlpn(alpn));
        }
        Extension early = ee.extension(ExtensionType.EARLY_DATA);
        if (early != null) {
            acceptEarlyData(early);
        } else if (ctx.earlyTrafficActive) {
            // RFC 8446, 4.2.10: refused; our next records go under the handshake keys
            ctx.earlyTrafficActive = false;
            ctx.earlyDataStatus = EarlyDataStatus.REJECTED;
            ctx.installWriteKeys(hs.clientHandshakeSecret, "client handshake traffic");
        }
        ctx.received(message);
        // RFC 8446, 2.2: a resumed handshake authenticates with the PSK; Finished comes next
        return hs.resuming ? new ExpectServerFinished(hs) : new ExpectCertificate(hs);
    }

    /** RFC 8446, 4.2.10: the server took our 0-RTT data: with our ticket, its suite and its ALPN protocol. */
    private void acceptEarlyData(Extension early) throws TlsException {
        Extensions.checkEmptyEarlyData(early);
        if (!ctx.earlyTrafficActive) {
            throw TlsException.illegalParameter("server accepted early data we did not send");
        }
        if (ctx.cipherSuite != hs.offeredTicket.cipherSuite()) {
            throw TlsException.illegalParameter("server accepted 0-RTT data under " + ctx.cipherSuite
                    + ", not the ticket's " + hs.offeredTicket.cipherSuite());
        }
        if (!java.util.Objects.equals(ctx.applicationProtocol, hs.offeredTicket.applicationProtocol())) {
            throw TlsException.illegalParameter("server accepted 0-RTT data with ALPN " + ctx.applicationProtocol
                    + ", not the ticket's " + hs.offeredTicket.applicationProtocol());
        }
        ctx.earlyDataStatus = EarlyDataStatus.ACCEPTED;
    }
}
