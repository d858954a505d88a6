package dev.parapet.tls.engine;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.TranscriptHash;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.record.RecordProtection;
import dev.parapet.tls.record.Tls13RecordProtection;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the handshake states of one connection share: the transcript, the key schedule, what has been negotiated so
 * far, and the ways to send messages and install keys. One per connection.
 */
public final class HandshakeContext {
    private final Engine engine;
    private final boolean client;
    private final TlsListener listener;
    private final SecureRandom random;
    private final KeyLog keyLog;
    private final CryptoProvider crypto;
    public final TranscriptHash transcript = new TranscriptHash();

    /** The negotiated version; null until the ServerHello. */
    public ProtocolVersion version;
    public KeySchedule keySchedule;
    public CipherSuite cipherSuite;
    public NamedGroup namedGroup;
    public SignatureScheme signatureScheme;
    public String applicationProtocol;
    public String serverName;
    public List<X509Certificate> peerCertificates = List.of();
    public List<X509Certificate> localCertificates = List.of();
    public boolean helloRetryRequest;
    public byte[] clientRandom;
    public byte[] serverRandom;
    public boolean extendedMasterSecret;
    public boolean encryptThenMac;
    /** RFC 8446, 4.2.6: the client offered post_handshake_auth. */
    public boolean postHandshakeAuthOffered;
    /** Client: answers a post-handshake CertificateRequest; server: starts one. Set by the role's handshake. */
    public PostHandshakeAuth postHandshakeAuth;
    /** RFC 8446, 2.2: this handshake resumed a session with a PSK from a ticket. */
    public boolean resumed;
    /** RFC 8446, 4.2.9: the client offered a PSK mode this server resumes with, so tickets may be sent to it. */
    public boolean pskModeOffered;
    /**
     * RFC 8446, 4.2.10: 0-RTT is under way: the client writes (the server reads) under client_early_traffic_secret
     * until EndOfEarlyData.
     */
    public boolean earlyTrafficActive;
    /** What became of 0-RTT data on this connection. */
    public dev.parapet.tls.EarlyDataStatus earlyDataStatus = dev.parapet.tls.EarlyDataStatus.NOT_OFFERED;
    /** The key schedule already holds the Early Secret (0-RTT), so the handshake secrets continue from it. */
    private boolean earlySecretDerived;
    /** RFC 8446, 7.1: resumption_master_secret, set when the handshake completes (TLS 1.3). */
    public byte[] resumptionMasterSecret;
    /** TLS 1.2 resumption (RFC 5077, RFC 5246 7.4.1.2) of this side; null when it keeps no session. */
    public Tls12SessionHooks tls12Session;
    /** Client: what to do with a NewSessionTicket (RFC 8446, 4.6.1); null ignores tickets. */
    public TicketReceiver ticketReceiver;
    /** The current application traffic secrets, kept for KeyUpdate (RFC 8446, 7.2). */
    byte[] readApplicationSecret;
    byte[] writeApplicationSecret;

    HandshakeContext(Engine engine, boolean client, TlsListener listener, SecureRandom random,
                     Consumer<String> keyLogSink, CryptoProvider crypto) {
        this.engine = engine;
        this.crypto = crypto;
        this.client = client;
        this.listener = listener;
        this.random = random;
        this.keyLog = KeyLog.to(keyLogSink);
    }

    /** RFC 8446, 4.4: the base key of a post-handshake Finished, client_application_traffic_secret_N. */
    public byte[] clientApplicationSecret() {
        return client ? writeApplicationSecret : readApplicationSecret;
    }

    /** Queues a post-handshake message (RFC 8446, 4.6) under the current keys, outside the main transcript. */
    public void sendPostHandshake(HandshakeMessage message) throws TlsException {
        engine.sendHandshake(message);
    }

    /** The peer authenticated after the handshake: the session now names its chain. */
    public void peerAuthenticated(List<X509Certificate> chain) {
        peerCertificates = chain;
        engine.updateSession(new TlsSession(version.displayName(), cipherSuite, namedGroup, signatureScheme,
                applicationProtocol, serverName, peerCertificates, localCertificates, helloRetryRequest, true,
                encryptThenMac, resumed));
    }

    Engine engine() {
        return engine;
    }

    /** The configured bounds on what the peer may send. */
    public dev.parapet.tls.Limits limits() {
        return engine.limits();
    }

    public boolean isClient() {
        return client;
    }

    public SecureRandom random() {
        return random;
    }

    /** Where this connection's record protections borrow their JCA Ciphers (the config's pool). */
    public dev.parapet.tls.crypto.CipherPool cipherPool() {
        return engine.cipherPool();
    }

    /** Where this connection's key exchanges, signatures and record AEADs come from (the config's provider). */
    public CryptoProvider crypto() {
        return crypto;
    }

    public TlsListener listener() {
        return listener;
    }

    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Version and suite are settled: tell the listener. */
    public void negotiated() {
        listener.negotiated(version, cipherSuite);
    }

    /** Adds the message to the transcript and queues it. */
    public void send(HandshakeMessage message) throws TlsException {
        transcript.add(message);
        engine.sendHandshake(message);
    }

    /** Queues a message that must not enter the transcript (post-handshake messages). */
    public void sendOutsideTranscript(HandshakeMessage message) throws TlsException {
        engine.sendHandshake(message);
    }

    /** RFC 8446, D.4: the dummy change_cipher_spec of middlebox compatibility mode. */
    public void sendChangeCipherSpec() throws TlsException {
        engine.sendChangeCipherSpec();
    }

    /** Adds a received message to the transcript. */
    public void received(HandshakeMessage message) {
        transcript.add(message);
    }

    /** TLS 1.2 (RFC 5246, 7.1): the peer's ChangeCipherSpec switches incoming records to the pending keys. */
    public void installReadProtection(RecordProtection protection, String what) throws TlsException {
        engine.setReadProtection(protection);
        listener.keyScheduleEvent("read keys: " + what);
    }

    /** TLS 1.2: our ChangeCipherSpec switches outgoing records to the pending keys. */
    public void installWriteProtection(RecordProtection protection, String what) {
        engine.setWriteProtection(protection);
        listener.keyScheduleEvent("write keys: " + what);
    }

    /** A warning alert that does not end the connection (TLS 1.2's no_renegotiation). */
    public void sendWarning(AlertDescription alert) {
        engine.sendWarning(alert);
    }

    /** Starts protecting incoming records with keys from {@code trafficSecret}. */
    public void installReadKeys(byte[] trafficSecret, String what) throws TlsException {
        engine.setReadProtection(Tls13RecordProtection.forReading(cipherSuite, keySchedule.trafficKeys(trafficSecret),
                crypto, engine.cipherPool()));
        listener.keyScheduleEvent("read keys: " + what);
    }

    public void installWriteKeys(byte[] trafficSecret, String what) {
        engine.setWriteProtection(Tls13RecordProtection.forWriting(cipherSuite,
                keySchedule.trafficKeys(trafficSecret), crypto, engine.cipherPool()));
        listener.keyScheduleEvent("write keys: " + what);
    }

    /** A pair of traffic secrets, one per direction. */
    public record Secrets(byte[] client, byte[] server) {
    }

    /**
     * RFC 8446, 7.1: the handshake traffic secrets, from the (EC)DHE shared secret (wiped afterwards) and the
     * transcript through ServerHello. Installs both directions' handshake keys.
     */
    public Secrets deriveHandshakeSecrets(byte[] sharedSecret) throws TlsException {
        return deriveHandshakeSecrets(null, sharedSecret);
    }

    /** As {@link #deriveHandshakeSecrets(byte[])}, the Early Secret from {@code psk} when resuming (else null). */
    public Secrets deriveHandshakeSecrets(byte[] psk, byte[] sharedSecret) throws TlsException {
        KeySchedule ks = keySchedule;
        if (!earlySecretDerived) {
            ks = new KeySchedule(cipherSuite);
            keySchedule = ks;
            ks.deriveEarlySecret(psk);
        }
        ks.deriveHandshakeSecret(sharedSecret);
        java.util.Arrays.fill(sharedSecret, (byte) 0);
        byte[] th = transcript.current();
        Secrets s = new Secrets(ks.clientHandshakeTrafficSecret(th), ks.serverHandshakeTrafficSecret(th));
        logSecret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", s.client());
        logSecret("SERVER_HANDSHAKE_TRAFFIC_SECRET", s.server());
        // read keys first: when the peer's record does not end at the key change we fail before switching our
        // write keys, and the alert goes out as the peer last heard from us
        // RFC 8446, 4.2.10: during 0-RTT the client's records stay under the early keys until EndOfEarlyData
        if (client || !earlyTrafficActive) {
            installReadKeys(client ? s.server() : s.client(), (client ? "server" : "client") + " handshake traffic");
        }
        if (!client || !earlyTrafficActive) {
            installWriteKeys(client ? s.client() : s.server(), (client ? "client" : "server") + " handshake traffic");
        }
        return s;
    }

    /**
     * RFC 8446, 7.1: a server accepting 0-RTT derives the Early Secret from the PSK and client_early_traffic_secret
     * from the transcript through the ClientHello, and reads the client's next records with it.
     */
    public byte[] startEarlyTraffic(byte[] psk) throws TlsException {
        keySchedule = new KeySchedule(cipherSuite);
        keySchedule.deriveEarlySecret(psk);
        earlySecretDerived = true;
        byte[] secret = keySchedule.clientEarlyTrafficSecret(transcript.current());
        logSecret("CLIENT_EARLY_TRAFFIC_SECRET", secret);
        earlyTrafficActive = true;
        installReadKeys(secret, "client early traffic");
        return secret;
    }

    /**
     * RFC 8446, 4.2.10 and 7.1: a client sending 0-RTT protects it under the ticket's suite with
     * client_early_traffic_secret, from the ClientHello's hash (under that suite's hash function).
     */
    public void startEarlyWriteTraffic(dev.parapet.tls.crypto.CipherSuite ticketSuite, byte[] psk,
                                       byte[] clientHelloHash) {
        KeySchedule ks = new KeySchedule(ticketSuite);
        ks.deriveEarlySecret(psk);
        byte[] secret = ks.clientEarlyTrafficSecret(clientHelloHash);
        logSecret("CLIENT_EARLY_TRAFFIC_SECRET", secret);
        earlyTrafficActive = true;
        engine.setWriteProtection(Tls13RecordProtection.forWriting(ticketSuite, ks.trafficKeys(secret), crypto,
                engine.cipherPool()));
        listener.keyScheduleEvent("write keys: client early traffic");
    }

    /** Client: after a HelloRetryRequest refused 0-RTT, the second ClientHello goes in the clear again. */
    public void clearWriteProtection() {
        engine.setWriteProtection(null);
    }

    /** Client: queues 0-RTT application data under the early keys. */
    public void sendEarlyData(java.nio.ByteBuffer data) throws TlsException {
        engine.sendEarlyData(data);
    }

    /** Server: the engine skips up to this many bytes of records it cannot open (RFC 8446, 4.2.10). */
    public void skipEarlyData(int maxBytes) {
        engine.skipUndecryptable(maxBytes);
    }

    /** Server: accepts up to this many bytes of 0-RTT application data before the handshake completes. */
    public void acceptEarlyData(int maxBytes) {
        engine.acceptEarlyData(maxBytes);
    }

    /**
     * RFC 8446, 7.1: the master secret and the application traffic secrets, from the transcript through the server
     * Finished. Kept for KeyUpdate (7.2); the caller installs the keys when its role allows.
     */
    public Secrets deriveApplicationSecrets() {
        KeySchedule ks = keySchedule;
        ks.deriveMasterSecret();
        byte[] th = transcript.current();
        Secrets s = new Secrets(ks.clientApplicationTrafficSecret(th), ks.serverApplicationTrafficSecret(th));
        logSecret("EXPORTER_SECRET", ks.exporterMasterSecret(th));
        logSecret("CLIENT_TRAFFIC_SECRET_0", s.client());
        logSecret("SERVER_TRAFFIC_SECRET_0", s.server());
        readApplicationSecret = client ? s.server() : s.client();
        writeApplicationSecret = client ? s.client() : s.server();
        return s;
    }

    /**
     * What only the handshake needed goes, so an idle connection stays small: the transcript (kept while TLS 1.3
     * post-handshake authentication may follow, RFC 8446 4.6.2), the intermediate secrets (wiped), the reassembly
     * buffer, and whatever the role's handshake registered in {@link #onComplete}.
     */
    private void dropHandshakeState(boolean tls13) {
        if (!(tls13 && postHandshakeAuthOffered && postHandshakeAuth != null)) {
            transcript.release();
            postHandshakeAuth = null;
        }
        if (tls13 && keySchedule != null) {
            keySchedule.forgetHandshakeSecrets();
        }
        engine.trimHandshakeBuffers();
        if (tls13) {
            tls12Session = null; // TLS 1.2 session hooks: of no use on a TLS 1.3 connection
        }
        if (onComplete != null) {
            onComplete.run();
            onComplete = null;
        }
        clientRandom = null; // the key log and the TLS 1.2 key derivation are done with them
        serverRandom = null;
    }

    /** Server: the tickets went out; resumption_master_secret is wiped and dropped, and the HMAC they used. */
    public void forgetResumptionMasterSecret() {
        if (resumptionMasterSecret != null) {
            java.util.Arrays.fill(resumptionMasterSecret, (byte) 0);
            resumptionMasterSecret = null;
        }
        if (keySchedule != null) {
            keySchedule.hkdf().releaseMac();
        }
    }

    public void logSecret(String nssLabel, byte[] secret) {
        keyLog.log(nssLabel, clientRandom, secret);
    }

    /** Run once the handshake completes, by the role's handshake to drop what only the handshake needed. */
    public Runnable onComplete;

    /** The handshake is complete: application data may flow. */
    public void complete() {
        transcript.releaseMessages();
        boolean tls13 = version == ProtocolVersion.TLS13;
        TlsSession session = new TlsSession(version.displayName(), cipherSuite, namedGroup, signatureScheme,
                applicationProtocol, serverName, peerCertificates, localCertificates, helloRetryRequest,
                tls13 || extendedMasterSecret, encryptThenMac, resumed);
        if (tls13) {
            // RFC 8446, 7.1: the transcript runs through the client Finished
            resumptionMasterSecret = keySchedule.resumptionMasterSecret(transcript.current());
        }
        dropHandshakeState(tls13);
        engine.handshakeComplete(session);
    }
}
