package dev.parapet.tls.hostile;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.record.ContentType;
import dev.parapet.tls.x509.CertifiedKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS 1.3 server (RFC 8446, 2) built from Parapet's codecs and key schedule, facing a Parapet client. Each step of
 * its flight is a separate call, and each message is built before it is sent, so a test can drop, reorder, duplicate
 * or replace any of them. Building a flight message adds it to the transcript, as a real server would.
 */
final class ScriptedServer extends ScriptedPeer {
    private static final SecureRandom RANDOM = new SecureRandom();

    final CertifiedKey credential;
    SignatureScheme scheme = SignatureScheme.ECDSA_SECP256R1_SHA256;
    ClientHello hello;
    private KeyExchange share;
    byte[] clientHandshakeSecret;
    byte[] serverHandshakeSecret;
    byte[] clientApplicationSecret;
    byte[] serverApplicationSecret;
    boolean clientFinished;

    private ScriptedServer(TlsConnection client, CertifiedKey credential) {
        super(client);
        this.credential = credential;
    }

    /** A Parapet client for {@code serverName}, whose ClientHello has been read. */
    static ScriptedServer start(TlsClientConfig config, String serverName, CertifiedKey credential) {
        ScriptedServer s = new ScriptedServer(TlsConnection.client(config, serverName), credential);
        s.pull();
        return s;
    }

    @Override
    void onHandshake(HandshakeMessage m) {
        try {
            if (m.type() == HandshakeType.CLIENT_HELLO) {
                hello = ClientHello.decode(m);
                transcript.add(m);
            } else if (m.type() == HandshakeType.FINISHED) {
                clientFinished = true;
                readKeys(clientApplicationSecret); // RFC 8446, 7.1: the client switches after its Finished
            }
        } catch (TlsException e) {
            throw new AssertionError("Parapet sent a bad ClientHello: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ ServerHello and HelloRetryRequest

    /** The honest ServerHello: our suite, the session id echoed, a share in the client's first key_share group. */
    ServerHello serverHello() throws TlsException {
        return serverHello(suite.id(), hello.legacySessionId(), List.of(
                Extensions.serverSupportedVersion(Extensions.TLS13), keyShare(clientShareGroup())));
    }

    ServerHello serverHello(int suiteId, byte[] sessionIdEcho, List<Extension> extensions) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return new ServerHello(Extensions.TLS12, random, sessionIdEcho, suiteId, 0, extensions);
    }

    /** Our key_share extension in {@code group}; the key is kept for the shared secret. */
    Extension keyShare(NamedGroup group) {
        share = KeyExchange.generate(group, RANDOM);
        return Extensions.serverKeyShare(new KeyShareEntry(group.id(), share.publicKeyShare()));
    }

    NamedGroup clientShareGroup() throws TlsException {
        Extension ks = hello.extension(ExtensionType.KEY_SHARE);
        return NamedGroup.fromId(Extensions.decodeClientKeyShares(ks).get(0).group());
    }

    /** Sends the honest ServerHello and switches to handshake keys. */
    void sendServerHello() throws TlsException {
        sendServerHello(serverHello());
    }

    /** Sends {@code sh} in the clear, then derives the handshake keys from it as if it were honest. */
    void sendServerHello(ServerHello sh) throws TlsException {
        HandshakeMessage m = sh.encode();
        deriveHandshakeKeys(m);
        deliver(WireRecords.record(ContentType.HANDSHAKE, m.encoded()));
    }

    /** Sends a ServerHello in the clear and derives nothing: for ServerHellos the client must refuse. */
    void deliverHello(ServerHello sh) throws TlsException {
        deliver(WireRecords.record(ContentType.HANDSHAKE, sh.encode().encoded()));
    }

    /** RFC 8446, 7.1: the handshake secrets over ClientHello..ServerHello. */
    void deriveHandshakeKeys(HandshakeMessage serverHello) throws TlsException {
        if (!transcript.started()) {
            transcript.start(suite.hashAlgorithm());
        }
        transcript.add(serverHello);
        keys = new KeySchedule(suite);
        keys.deriveEarlySecret(null);
        keys.deriveHandshakeSecret(share.sharedSecret(clientShare(share.group()).keyExchange()));
        byte[] th = transcript.current();
        clientHandshakeSecret = keys.clientHandshakeTrafficSecret(th);
        serverHandshakeSecret = keys.serverHandshakeTrafficSecret(th);
        writeKeys(serverHandshakeSecret);
        readKeys(clientHandshakeSecret);
    }

    private KeyShareEntry clientShare(NamedGroup group) throws TlsException {
        return Extensions.decodeClientKeyShares(hello.extension(ExtensionType.KEY_SHARE)).stream()
                .filter(k -> k.group() == group.id()).findFirst()
                .orElseThrow(() -> new AssertionError("the client sent no share for " + group));
    }

    /** A HelloRetryRequest (RFC 8446, 4.1.4) with these extensions. */
    ServerHello helloRetryRequest(List<Extension> extensions) {
        return new ServerHello(Extensions.TLS12, ServerHello.HELLO_RETRY_REQUEST_RANDOM, hello.legacySessionId(),
                suite.id(), 0, extensions);
    }

    ServerHello helloRetryRequest(NamedGroup group) {
        return helloRetryRequest(List.of(Extensions.serverSupportedVersion(Extensions.TLS13),
                Extensions.helloRetryKeyShare(group.id())));
    }

    /** Sends a HelloRetryRequest and reads the second ClientHello; RFC 8446, 4.4.1 for the transcript. */
    void sendHelloRetryRequest(ServerHello hrr) throws TlsException {
        if (!transcript.started()) {
            transcript.start(suite.hashAlgorithm());
            transcript.replaceWithMessageHash();
        }
        transcript.add(hrr.encode());
        deliver(WireRecords.record(ContentType.HANDSHAKE, hrr.encode().encoded()));
        pull();
    }

    // ------------------------------------------------------------------ the encrypted flight

    HandshakeMessage encryptedExtensions() {
        return new EncryptedExtensions(List.of()).encode();
    }

    HandshakeMessage certificate() {
        List<CertificateMessage.Entry> entries = new ArrayList<>();
        try {
            for (X509Certificate c : credential.chain()) {
                entries.add(new CertificateMessage.Entry(c.getEncoded(), List.of()));
            }
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
        return new CertificateMessage(new byte[0], entries).encode();
    }

    /** RFC 8446, 4.4.3: signs the transcript so far. */
    HandshakeMessage certificateVerify() throws TlsException {
        byte[] content = Signatures.certificateVerifyContent(true, transcript.current());
        byte[] signature = Signatures.sign(scheme, credential.privateKey(), content, RANDOM);
        return new CertificateVerify(scheme.id(), signature).encode();
    }

    /** RFC 8446, 4.4.4: the server Finished over the transcript so far. */
    HandshakeMessage finished() {
        return new Finished(keys.finishedVerifyData(serverHandshakeSecret, transcript.current())).encode();
    }

    /**
     * The honest EncryptedExtensions, Certificate, CertificateVerify and Finished, each added to the transcript as
     * it is built; then the application secrets (RFC 8446, 7.1). The list is mutable: tests alter it before sending.
     */
    List<HandshakeMessage> flight() throws TlsException {
        List<HandshakeMessage> out = new ArrayList<>();
        out.add(added(encryptedExtensions()));
        out.add(added(certificate()));
        out.add(added(certificateVerify()));
        out.add(added(finished()));
        keys.deriveMasterSecret();
        byte[] th = transcript.current();
        clientApplicationSecret = keys.clientApplicationTrafficSecret(th);
        serverApplicationSecret = keys.serverApplicationTrafficSecret(th);
        return out;
    }

    HandshakeMessage added(HandshakeMessage m) {
        transcript.add(m);
        return m;
    }

    /** After our Finished: seal with the server application traffic keys. */
    void useApplicationKeys() {
        writeKeys(serverApplicationSecret);
    }

    /** The whole honest handshake; the Parapet client ends up connected. */
    void completeHandshake() throws TlsException {
        sendServerHello();
        send(flight());
        useApplicationKeys();
        pull();
        if (!clientFinished || parapet.isHandshaking()) {
            throw new AssertionError("the Parapet client did not complete the handshake");
        }
    }
}
