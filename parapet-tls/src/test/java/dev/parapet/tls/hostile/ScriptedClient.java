package dev.parapet.tls.hostile;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.record.ContentType;
import java.security.SecureRandom;

/**
 * A TLS 1.3 client (RFC 8446, 2) built from Parapet's codecs and key schedule, facing a Parapet server. It sends
 * whatever ClientHello a test builds, follows the server's flight to derive the keys, and then sends whatever the
 * test wants in place of its Finished.
 */
final class ScriptedClient extends ScriptedPeer {
    static final String SERVER_NAME = "server.test";
    private static final SecureRandom RANDOM = new SecureRandom();

    KeyExchange share = KeyExchange.generate(NamedGroup.X25519, RANDOM);
    ServerHello serverHello;
    boolean helloRetried;
    boolean serverFinished;
    byte[] clientHandshakeSecret;
    byte[] serverHandshakeSecret;
    byte[] clientApplicationSecret;
    byte[] serverApplicationSecret;

    private ScriptedClient(TlsConnection server) {
        super(server);
    }

    static ScriptedClient start(TlsServerConfig config) {
        return new ScriptedClient(TlsConnection.server(config));
    }

    /** The honest ClientHello for this client's key share. */
    HelloSpec hello() {
        return HelloSpec.standard(share, SERVER_NAME);
    }

    /** Sends a ClientHello in the clear and reads the answer. */
    void sendClientHello(HelloSpec spec) throws TlsException {
        HandshakeMessage m = spec.encode();
        transcript.add(m);
        try {
            deliver(WireRecords.record(ContentType.HANDSHAKE, m.encoded()));
        } finally {
            pull();
        }
    }

    /** The honest ClientHello, then the server's whole flight read; we are left to send our Finished. */
    void readServerFlight() throws TlsException {
        sendClientHello(hello());
        if (!serverFinished) {
            throw new AssertionError("the Parapet server did not send its Finished; it sent " + handshakeTypes());
        }
    }

    @Override
    void onHandshake(HandshakeMessage m) {
        try {
            if (m.type() == HandshakeType.SERVER_HELLO) {
                serverHello(m);
                return;
            }
            byte[] before = transcript.current();
            transcript.add(m);
            if (m.type() == HandshakeType.FINISHED) {
                serverFinished(m, before);
            }
        } catch (TlsException e) {
            throw new AssertionError("Parapet sent a bad " + m.type() + ": " + e.getMessage(), e);
        }
    }

    private void serverHello(HandshakeMessage m) throws TlsException {
        serverHello = ServerHello.decode(m);
        suite = CipherSuite.fromId(serverHello.cipherSuite());
        if (!transcript.started()) {
            transcript.start(suite.hashAlgorithm());
        }
        if (serverHello.isHelloRetryRequest()) {
            transcript.replaceWithMessageHash(); // RFC 8446, 4.4.1
            transcript.add(m);
            helloRetried = true;
            return;
        }
        transcript.add(m);
        keys = new KeySchedule(suite);
        keys.deriveEarlySecret(null);
        byte[] peer = Extensions.decodeServerKeyShare(serverHello.extension(ExtensionType.KEY_SHARE)).keyExchange();
        keys.deriveHandshakeSecret(share.sharedSecret(peer));
        byte[] th = transcript.current();
        clientHandshakeSecret = keys.clientHandshakeTrafficSecret(th);
        serverHandshakeSecret = keys.serverHandshakeTrafficSecret(th);
        readKeys(serverHandshakeSecret);
        writeKeys(clientHandshakeSecret);
    }

    /** RFC 8446, 4.4.4 and 7.1: check the server's Finished, then follow it to the application keys. */
    private void serverFinished(HandshakeMessage m, byte[] before) {
        if (!keys.verifyFinished(serverHandshakeSecret, before, m.body())) {
            throw new AssertionError("the Parapet server's Finished does not verify");
        }
        keys.deriveMasterSecret();
        byte[] th = transcript.current();
        clientApplicationSecret = keys.clientApplicationTrafficSecret(th);
        serverApplicationSecret = keys.serverApplicationTrafficSecret(th);
        readKeys(serverApplicationSecret);
        serverFinished = true;
    }

    /** The honest client Finished over the transcript so far. */
    HandshakeMessage finished() {
        return new Finished(keys.finishedVerifyData(clientHandshakeSecret, transcript.current())).encode();
    }

    /** Sends our Finished (honest unless given) and switches to the client application keys. */
    void sendFinished(HandshakeMessage fin) throws TlsException {
        try {
            send(fin);
        } finally {
            writeKeys(clientApplicationSecret);
        }
    }

    /** The whole honest handshake; the Parapet server ends up connected. */
    void completeHandshake() throws TlsException {
        readServerFlight();
        sendFinished(finished());
        if (parapet.isHandshaking()) {
            throw new AssertionError("the Parapet server did not complete the handshake");
        }
    }
}
