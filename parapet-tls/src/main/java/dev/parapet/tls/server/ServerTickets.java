package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.NewSessionTicket;
import dev.parapet.tls.session.TicketSealer;
import dev.parapet.tls.session.TicketState;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8446, 4.6.1: after a TLS 1.3 handshake, the configured number of NewSessionTickets, each sealing its own
 * resumption PSK (from resumption_master_secret and the ticket's nonce) with what the session agreed on.
 */
final class ServerTickets {
    private ServerTickets() {
    }

    static void send(HandshakeContext ctx, TlsServerConfig config) throws TlsException {
        // RFC 8446, 4.2.9: no tickets to a client that did not offer a mode we resume with
        if (ctx.version != ProtocolVersion.TLS13 || config.ticketsPerConnection() == 0 || !ctx.pskModeOffered) {
            return;
        }
        List<byte[]> chain = der(ctx.peerCertificates);
        long lifetime = config.ticketLifetime().getSeconds();
        long now = config.clock().millis();
        for (int i = 0; i < config.ticketsPerConnection(); i++) {
            byte[] nonce = {(byte) i};
            long ageAdd = ByteBuffer.wrap(ctx.randomBytes(4)).getInt() & 0xffffffffL;
            byte[] psk = ctx.keySchedule.resumptionPsk(ctx.resumptionMasterSecret, nonce);
            TicketState state = new TicketState(ctx.cipherSuite.id(), psk, now, ageAdd, lifetime,
                    ctx.applicationProtocol, ctx.serverName, chain, config.maxEarlyData());
            byte[] ticket = TicketSealer.seal(config.ticketKeys(), state, ctx.random());
            // RFC 8446, 4.6.1 and 4.2.10: early_data in a ticket says how much 0-RTT data it may carry
            List<Extension> ext = config.maxEarlyData() > 0
                    ? List.of(Extensions.maxEarlyDataSize(config.maxEarlyData())) : List.of();
            ctx.sendPostHandshake(new NewSessionTicket(lifetime, ageAdd, nonce, ticket, ext).encode());
        }
    }

    private static List<byte[]> der(List<X509Certificate> chain) throws TlsException {
        List<byte[]> out = new ArrayList<>();
        try {
            for (X509Certificate c : chain) {
                out.add(c.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "peer certificate does not encode", e);
        }
        return out;
    }
}
