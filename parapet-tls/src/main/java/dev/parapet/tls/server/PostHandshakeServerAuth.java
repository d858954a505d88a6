package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.engine.CertificateVerifyCheck;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.PostHandshakeAuth;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.TranscriptHash;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * RFC 8446, 4.6.2: the server asks for a client certificate after the handshake, then takes Certificate,
 * CertificateVerify (when a certificate came) and Finished, each checked over the main transcript followed by this
 * exchange. Application data keeps flowing meanwhile.
 */
final class PostHandshakeServerAuth implements PostHandshakeAuth {
    private static final int CONTEXT_LENGTH = 16;
    private final HandshakeContext ctx;
    private final TlsServerConfig config;

    PostHandshakeServerAuth(HandshakeContext ctx, TlsServerConfig config) {
        this.ctx = ctx;
        this.config = config;
    }

    @Override
    public State request(State connected) throws TlsException {
        byte[] context = ctx.randomBytes(CONTEXT_LENGTH);
        HandshakeMessage cr = ClientCertificateRequest.tls13(config, context);
        TranscriptHash transcript = ctx.transcript.fork();
        transcript.add(cr);
        ctx.sendPostHandshake(cr);
        return new Step(HandshakeType.CERTIFICATE, context, transcript, connected, List.of());
    }

    /** One step of the client's answer; the same class for each message, told apart by {@code expected}. */
    private final class Step implements State {
        private final HandshakeType expected;
        private final byte[] context;
        private final TranscriptHash transcript;
        private final State connected;
        private final List<X509Certificate> chain;

        Step(HandshakeType expected, byte[] context, TranscriptHash transcript, State connected,
             List<X509Certificate> chain) {
            this.expected = expected;
            this.context = context;
            this.transcript = transcript;
            this.connected = connected;
            this.chain = chain;
        }

        @Override
        public String name() {
            return "ExpectPostHandshake" + expected.rfcName();
        }

        @Override
        public boolean expects(HandshakeType type) {
            return type == expected;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public State handle(HandshakeMessage message) throws TlsException {
            return switch (expected) {
                case CERTIFICATE -> certificate(message);
                case CERTIFICATE_VERIFY -> certificateVerify(message);
                default -> finished(message);
            };
        }

        private State certificate(HandshakeMessage message) throws TlsException {
            CertificateMessage cm = CertificateMessage.decode(message);
            cm.checkLimits(ctx.limits());
            if (!MessageDigest.isEqual(cm.certificateRequestContext(), context)) {
                throw TlsException.illegalParameter("client Certificate answers a request context we did not send");
            }
            List<X509Certificate> verified = ClientChain.verify(ctx, config,
                    cm.entries().stream().map(CertificateMessage.Entry::certData).toList(),
                    AlertDescription.CERTIFICATE_REQUIRED);
            transcript.add(message);
            HandshakeType next = verified.isEmpty() ? HandshakeType.FINISHED : HandshakeType.CERTIFICATE_VERIFY;
            return new Step(next, context, transcript, connected, verified);
        }

        private State certificateVerify(HandshakeMessage message) throws TlsException {
            byte[] content = Signatures.certificateVerifyContent(false, transcript.current());
            CertificateVerifyCheck.check(ctx.crypto(), CertificateVerify.decode(message), chain.get(0).getPublicKey(),
                    ClientCertificateRequest.schemes(config, true), content, true, "client");
            transcript.add(message);
            return new Step(HandshakeType.FINISHED, context, transcript, connected, chain);
        }

        private State finished(HandshakeMessage message) throws TlsException {
            Finished fin = Finished.decode(message, ctx.cipherSuite.hashLength());
            if (!ctx.keySchedule.verifyFinished(ctx.clientApplicationSecret(), transcript.current(),
                    fin.verifyData())) {
                throw new TlsException(AlertDescription.DECRYPT_ERROR, "client post-handshake Finished does not "
                        + "verify");
            }
            ctx.peerAuthenticated(chain);
            return connected;
        }
    }
}
