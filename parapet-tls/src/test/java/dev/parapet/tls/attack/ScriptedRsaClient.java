package dev.parapet.tls.attack;

import static dev.parapet.tls.attack.Tls12Wire.CHANGE_CIPHER_SPEC;
import static dev.parapet.tls.attack.Tls12Wire.HANDSHAKE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A scripted TLS 1.2 client with RSA key transport facing one Parapet server: it sends the ClientHello an honest
 * Parapet client would (optionally rewritten, and then hashed as rewritten), reads the server's flight, and sends
 * whatever ClientKeyExchange and Finished a test wants. Its transcript is the bytes actually sent, so it can do
 * what a Parapet client cannot (leave out encrypt_then_mac or extended_master_secret and still finish).
 */
final class ScriptedRsaClient {
    static final String SERVER_NAME = "server.test";

    final CipherSuite suite;
    final TlsConnection server;
    final byte[] clientRandom;
    final byte[] serverRandom;
    final boolean ems;
    final boolean etm;
    final byte[] transcript;
    byte[] master;
    Tls12Wire.KeyBlock keyBlock;

    ScriptedRsaClient(CipherSuite suite, CertifiedKey rsa, TestPki pki, UnaryOperator<byte[]> clientHelloRewriter) {
        // no RFC 5077 ticket, so the server's last flight is exactly ChangeCipherSpec and Finished
        this(suite, TlsServerConfig.builder().certificate(rsa).legacy(true).tls12SessionTickets(false).build(), pki,
                clientHelloRewriter);
    }

    ScriptedRsaClient(CipherSuite suite, TlsServerConfig serverConfig, TestPki pki,
                      UnaryOperator<byte[]> clientHelloRewriter) {
        this.suite = suite;
        TlsClientConfig cc = TlsClientConfig.builder().certificateVerifier(
                new PkixCertificateVerifier(pki.trustAnchors())).versions(ProtocolVersion.TLS12).legacy(true)
                .cipherSuites(suite).build();
        TlsConnection honest = TlsConnection.client(cc, SERVER_NAME);
        byte[] hello = Tls12Wire.drain(honest);
        List<byte[]> ch = Tls12Wire.handshakeMessages(Tls12Wire.records(hello));
        assertEquals(1, ch.size());
        byte[] clientHello = ch.get(0);
        if (clientHelloRewriter != null) {
            clientHello = clientHelloRewriter.apply(clientHello);
            hello = Tls12Wire.record(HANDSHAKE, clientHello);
        }
        server = TlsConnection.server(serverConfig);
        TlsException refused = Tls12Wire.deliver(server, hello);
        if (refused != null) {
            throw new Refused(refused);
        }
        List<byte[]> flight = Tls12Wire.handshakeMessages(Tls12Wire.records(Tls12Wire.drain(server)));
        assertEquals(List.of(2, 11, 14), flight.stream().map(m -> m[0] & 0xff).toList(),
                "ServerHello, Certificate, ServerHelloDone");
        clientRandom = Tls12Wire.clientRandom(clientHello);
        serverRandom = Tls12Wire.serverRandom(flight.get(0));
        ems = Tls12Wire.serverHelloHas(flight.get(0), 23);
        etm = Tls12Wire.serverHelloHas(flight.get(0), 22);
        transcript = Tls12Wire.concat(clientHello, flight.get(0), flight.get(1), flight.get(2));
    }

    /** The server refused the ClientHello. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final TlsException failure;

        Refused(TlsException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    /** The server's bytes after ClientKeyExchange, after ChangeCipherSpec, after Finished; and how it failed. */
    record Outcome(List<byte[]> replies, TlsException failure, boolean completed) {
        String shape() {
            StringBuilder sb = new StringBuilder();
            String[] after = {"after ClientKeyExchange", "after ChangeCipherSpec", "after Finished"};
            for (int i = 0; i < replies.size(); i++) {
                sb.append(after[i]).append(": ").append(HexFormat.of().formatHex(replies.get(i))).append("; ");
            }
            return sb.append(replies.size() < 3 ? "(failed before the Finished) " : "")
                    .append(failure == null ? "no failure" : failure.alert() + " " + failure.getMessage()).toString();
        }

        /** The bytes and the alert, without the message; compared across cases. */
        String wireShape() {
            StringBuilder sb = new StringBuilder();
            for (byte[] r : replies) {
                sb.append(HexFormat.of().formatHex(r)).append('|');
            }
            return sb.append(failure == null ? "-" : failure.alert()).toString();
        }
    }

    /**
     * Sends the ClientKeyExchange, ChangeCipherSpec and a Finished sealed under the keys of {@code pms} (with
     * honest verify_data for those keys unless {@code spoilVerifyData}); returns the server's bytes after each
     * of the three, and its failure.
     */
    Outcome finish(byte[] encryptedPms, byte[] pms, boolean spoilVerifyData) {
        byte[] cke = Tls12Wire.handshake(16, ByteBuffer.allocate(2 + encryptedPms.length)
                .putShort((short) encryptedPms.length).put(encryptedPms).array());
        byte[] withCke = Tls12Wire.concat(transcript, cke);
        master = Tls12Wire.masterSecret(suite, pms, clientRandom, serverRandom, ems ? withCke : null);
        keyBlock = Tls12Wire.keyBlock(suite, master, clientRandom, serverRandom);
        byte[] verify = Tls12Wire.verifyData(suite, master, true, withCke);
        if (spoilVerifyData) {
            verify[0] ^= 1;
        }
        byte[] fin = Tls12Wire.handshake(20, verify);
        Tls12Wire.Protection write = new Tls12Wire.Protection(suite, keyBlock, true, etm);

        List<byte[]> replies = new ArrayList<>();
        TlsException failure = Tls12Wire.deliver(server, Tls12Wire.record(HANDSHAKE, cke));
        replies.add(Tls12Wire.drain(server));
        if (failure == null) {
            failure = Tls12Wire.deliver(server, Tls12Wire.record(CHANGE_CIPHER_SPEC, new byte[] {1}));
            replies.add(Tls12Wire.drain(server));
        }
        if (failure == null) {
            failure = Tls12Wire.deliver(server, write.seal(HANDSHAKE, fin));
            replies.add(Tls12Wire.drain(server));
        }
        return new Outcome(replies, failure, !server.isHandshaking() && server.failure() == null);
    }

    /** The whole honest handshake with a fresh pre-master secret; fails unless the server completes. */
    ScriptedRsaClient complete(CertifiedKey rsa) {
        byte[] pms = new byte[48];
        Tls12Wire.RANDOM.nextBytes(pms);
        pms[0] = 3;
        pms[1] = 3;
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, rsa.leaf().getPublicKey());
            Outcome o = finish(c.doFinal(pms), pms, false);
            if (!o.completed()) {
                throw new AssertionError("the honest scripted handshake did not complete (the scripted client saw "
                        + "extended_master_secret=" + ems + ", encrypt_then_mac=" + etm + " in the ServerHello): "
                        + o.shape());
            }
            return this;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Protection for what the client (or the server) writes after the handshake (sequence number 1). */
    Tls12Wire.Protection afterFinished(boolean clientWrites) {
        Tls12Wire.Protection p = new Tls12Wire.Protection(suite, keyBlock, clientWrites, etm);
        p.seq = 1;
        return p;
    }

    /** A ClientHello (whole handshake message) without one extension, re-encoded by hand. */
    static UnaryOperator<byte[]> without(int extensionType) {
        return ch -> {
            ByteBuffer b = ByteBuffer.wrap(ch, 4, ch.length - 4);
            b.position(b.position() + 2 + 32);
            // each length is read before b.position() is: b.position() + b.get() would add to the old position
            int sessionIdLength = b.get() & 0xff;
            b.position(b.position() + sessionIdLength);
            int cipherSuitesLength = b.getShort() & 0xffff;
            b.position(b.position() + cipherSuitesLength);
            int compressionMethodsLength = b.get() & 0xff;
            b.position(b.position() + compressionMethodsLength);
            int extStart = b.position();
            int extensionsLength = b.getShort() & 0xffff;
            int end = b.position() + extensionsLength;
            java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
            while (b.position() < end) {
                int at = b.position();
                int t = b.getShort() & 0xffff;
                int l = b.getShort() & 0xffff;
                b.position(b.position() + l);
                if (t != extensionType) {
                    kept.write(ch, at, 4 + l);
                }
            }
            byte[] exts = kept.toByteArray();
            byte[] head = java.util.Arrays.copyOfRange(ch, 4, extStart);
            byte[] body = Tls12Wire.concat(head, new byte[] {(byte) (exts.length >>> 8), (byte) exts.length}, exts);
            return Tls12Wire.handshake(1, body);
        };
    }
}
