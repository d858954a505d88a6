package dev.parapet.tls.client;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.PostHandshakeAuth;
import dev.parapet.tls.handshake.CertificateRequest;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.TranscriptHash;
import java.util.List;

/**
 * RFC 8446, 4.6.2: the client answers a CertificateRequest after the handshake with Certificate, CertificateVerify
 * and Finished, over the main transcript followed by these messages; Finished is keyed by the current
 * client_application_traffic_secret (4.4).
 */
final class PostHandshakeClientAuth implements PostHandshakeAuth {
    private final ClientHandshake hs;
    private final HandshakeContext ctx;

    PostHandshakeClientAuth(ClientHandshake hs) {
        this.hs = hs;
        this.ctx = hs.context;
    }

    @Override
    public void answer(HandshakeMessage message) throws TlsException {
        CertificateRequest cr = CertificateRequest.decode(message);
        if (cr.certificateRequestContext().length == 0) {
            throw TlsException.illegalParameter("post-handshake CertificateRequest has an empty context");
        }
        TranscriptHash transcript = ctx.transcript.fork();
        transcript.add(message);
        List<Integer> schemes = Extensions.decodeU16List(Extension.find(cr.extensions(),
                ExtensionType.SIGNATURE_ALGORITHMS));
        Extension cas = Extension.find(cr.extensions(), ExtensionType.CERTIFICATE_AUTHORITIES);
        ClientCredentials.Choice choice = ClientCredentials.choose(hs.config, schemes,
                cas == null ? List.of() : Extensions.decodeCertificateAuthorities(cas), true);
        send(transcript, ClientCredentials.certificate(cr.certificateRequestContext(), choice));
        if (choice != null) {
            send(transcript, ClientCredentials.certificateVerify(choice, transcript.current(), ctx.random(),
                    ctx.crypto()));
        }
        byte[] verifyData = ctx.keySchedule.finishedVerifyData(ctx.clientApplicationSecret(), transcript.current());
        ctx.sendPostHandshake(new Finished(verifyData).encode());
    }

    private void send(TranscriptHash transcript, HandshakeMessage m) throws TlsException {
        transcript.add(m);
        ctx.sendPostHandshake(m);
    }
}
