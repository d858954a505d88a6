package dev.parapet.tls.server;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.engine.Tls12ExpectChangeCipherSpec;
import dev.parapet.tls.engine.Tls12ExpectFinished;
import dev.parapet.tls.engine.Tls12Keys;
import dev.parapet.tls.handshake.CipherSuiteValues;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.ServerHello;
import java.util.ArrayList;
import java.util.List;

/**
 * The abbreviated TLS 1.2 handshake (RFC 5246, 7.3, figure 2): ServerHello echoing the client's session ID,
 * a fresh NewSessionTicket when the session came in a ticket (RFC 5077, 3.1), ChangeCipherSpec and Finished; then
 * the client's ChangeCipherSpec and Finished. The keys come from the session's master secret and the new randoms.
 */
final class Tls12ResumedFlight {
    private final HandshakeContext ctx;
    private final TlsServerConfig config;
    private final ClientHello ch;
    private final Tls12Resumption.Found found;

    Tls12ResumedFlight(HandshakeContext ctx, TlsServerConfig config, ClientHello ch, Tls12Resumption.Found found) {
        this.ctx = ctx;
        this.config = config;
        this.ch = ch;
        this.found = found;
    }

    State send(HandshakeMessage clientHello) throws TlsException {
        ctx.version = ProtocolVersion.TLS12;
        ctx.cipherSuite = found.suite();
        ctx.negotiated();
        ctx.applicationProtocol = Negotiation.applicationProtocol(config, ch); // RFC 7301, 3.1: every handshake
        ctx.clientRandom = ch.random();
        ctx.serverRandom = Tls12ServerFlight.serverRandom(ctx, config);
        ctx.extendedMasterSecret = true;
        ctx.encryptThenMac = found.state().encryptThenMac();
        ctx.resumed = true;
        ctx.peerCertificates = found.peerCertificates();
        boolean renewTicket = found.byTicket();
        ctx.tls12Session = new Tls12ServerSession(ctx, config, found.byTicket() ? null : ch.legacySessionId(), false,
                renewTicket, found.state().createdMillis());
        ctx.transcript.start(found.suite().hashAlgorithm());
        ctx.received(clientHello);
        ctx.send(new ServerHello(Extensions.TLS12, ctx.serverRandom, ch.legacySessionId(), found.suite().id(), 0,
                answers(renewTicket)).encode());
        Tls12Keys keys = Tls12Keys.resume(ctx, found.state().masterSecret());
        Tls12ExpectFinished.sendChangeCipherSpecAndFinished(ctx, keys);
        return new Tls12ExpectChangeCipherSpec(ctx, keys);
    }

    /** RFC 6066, 3: no server_name when resuming; the rest as in a full handshake, ETM as the session had it. */
    private List<Extension> answers(boolean renewTicket) {
        List<Extension> answers = new ArrayList<>();
        if (ch.extension(ExtensionType.RENEGOTIATION_INFO) != null
                || ch.cipherSuites().contains(CipherSuiteValues.TLS_EMPTY_RENEGOTIATION_INFO_SCSV)) {
            answers.add(Extensions.renegotiationInfo(new byte[0])); // RFC 5746, 3.6
        }
        answers.add(Extensions.empty(ExtensionType.EXTENDED_MASTER_SECRET)); // RFC 7627, 5.3
        if (ctx.encryptThenMac) {
            answers.add(Extensions.empty(ExtensionType.ENCRYPT_THEN_MAC));
        }
        if (ctx.applicationProtocol != null) {
            answers.add(Extensions.alpn(List.of(ctx.applicationProtocol)));
        }
        if (renewTicket) {
            answers.add(Extensions.empty(ExtensionType.SESSION_TICKET)); // RFC 5077, 3.2
        }
        return answers;
    }
}
