package dev.parapet.tls.client;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.engine.Connected;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.keyschedule.KeySchedule;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Waits for the server's Finished, then sends the client's second flight (RFC 8446, 4.4.4). */
final class ExpectServerFinished implements State {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;

    ExpectServerFinished(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.FINISHED;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        KeySchedule ks = ctx.keySchedule;
        Finished fin = Finished.decode(message, ctx.cipherSuite.hashLength());
        if (!ks.verifyFinished(hs.serverHandshakeSecret, ctx.transcript.current(), fin.verifyData())) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR, "server Finished does not verify");
        }
        ctx.received(message);
        HandshakeContext.Secrets app = ctx.deriveApplicationSecrets();
        ctx.installReadKeys(app.server(), "server application traffic");
        sendSecondFlight();
        ctx.installWriteKeys(app.client(), "client application traffic");
        ctx.complete();
        return new Connected(ctx);
    }

    /** RFC 8446, 4.4.2 and 4.4.3: our chain and proof, or an empty Certificate when none fits the request. */
    private void sendClientCertificate() throws TlsException {
        ClientCredentials.Choice choice = ClientCredentials.choose(hs.config, hs.certificateRequestSchemes,
                hs.certificateRequestAuthorities, true);
        ctx.send(ClientCredentials.certificate(hs.certificateRequestContext, choice));
        if (choice != null) {
            ctx.localCertificates = choice.key().chain();
            ctx.send(ClientCredentials.certificateVerify(choice, ctx.transcript.current(), ctx.random()));
        }
    }

    static byte[] encoded(X509Certificate c) throws TlsException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "our certificate does not encode", e);
        }
    }

    private void sendSecondFlight() throws TlsException {
        if (hs.legacySessionId.length > 0 && !hs.changeCipherSpecSent) {
            ctx.sendChangeCipherSpec(); // RFC 8446, D.4
        }
        if (ctx.earlyTrafficActive) {
            // RFC 8446, 4.5: EndOfEarlyData, still under the early keys, ends the 0-RTT data
            ctx.send(dev.parapet.tls.handshake.EndOfEarlyData.encode());
            ctx.earlyTrafficActive = false;
            ctx.installWriteKeys(hs.clientHandshakeSecret, "client handshake traffic");
        }
        if (hs.certificateRequestContext != null) {
            sendClientCertificate();
        }
        byte[] verifyData = ctx.keySchedule.finishedVerifyData(hs.clientHandshakeSecret, ctx.transcript.current());
        ctx.send(new Finished(verifyData).encode());
    }
}
