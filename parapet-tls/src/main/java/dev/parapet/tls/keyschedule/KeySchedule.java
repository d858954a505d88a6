package dev.parapet.tls.keyschedule;

import dev.parapet.tls.crypto.CipherSuite;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The TLS 1.3 key schedule (RFC 8446, 7.1), one per connection. The secrets advance in one direction: early,
 * handshake, master. Calling a derivation before its input secret exists is an {@link IllegalStateException}.
 * Not thread-safe.
 */
public final class KeySchedule {
    private enum Stage { START, EARLY, HANDSHAKE, MASTER, DONE }

    private final CipherSuite suite;
    private final Hkdf hkdf;
    private byte[] emptyHash;
    private Stage stage = Stage.START;
    private byte[] earlySecret;
    private byte[] handshakeSecret;
    private byte[] masterSecret;

    public KeySchedule(CipherSuite suite) {
        this.suite = suite;
        this.hkdf = new Hkdf(suite.hashAlgorithm());
    }

    /** RFC 8446, 7.1: Transcript-Hash(""), the context of Derive-Secret(., "derived", "") and of the binder key. */
    private byte[] emptyHash() {
        if (emptyHash == null) {
            emptyHash = hashOfNothing(suite.hashAlgorithm());
        }
        return emptyHash;
    }

    private static byte[] hashOfNothing(String hashAlgorithm) {
        try {
            return MessageDigest.getInstance(hashAlgorithm).digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + hashAlgorithm, e);
        }
    }

    public Hkdf hkdf() {
        return hkdf;
    }

    public CipherSuite suite() {
        return suite;
    }

    /** RFC 8446, 7.1: Early Secret = HKDF-Extract(0, PSK); without a PSK, PSK is HashLen zeros. */
    public void deriveEarlySecret(byte[] psk) {
        require(Stage.START, "deriveEarlySecret");
        byte[] ikm = psk == null ? new byte[hkdf.hashLength()] : psk;
        earlySecret = hkdf.extract(null, ikm);
        stage = Stage.EARLY;
    }

    /** RFC 8446, 7.1: Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE). */
    public void deriveHandshakeSecret(byte[] sharedSecret) {
        require(Stage.EARLY, "deriveHandshakeSecret");
        handshakeSecret = hkdf.extract(derived(earlySecret), sharedSecret);
        stage = Stage.HANDSHAKE;
    }

    /**
     * The handshake is over: the Early, Handshake and Master Secrets are wiped and dropped (RFC 8446, 7.1 needs none
     * of them afterwards; KeyUpdate and resumption PSKs derive from the traffic and resumption secrets), and the HMAC
     * instance goes until a KeyUpdate or a ticket needs one.
     */
    public void forgetHandshakeSecrets() {
        wipe(earlySecret);
        wipe(handshakeSecret);
        wipe(masterSecret);
        earlySecret = null;
        handshakeSecret = null;
        masterSecret = null;
        emptyHash = null;
        hkdf.releaseMac(); // KeyUpdate and tickets are rare: they make a new one
        stage = Stage.DONE;
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** RFC 8446, 7.1: Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0). */
    public void deriveMasterSecret() {
        require(Stage.HANDSHAKE, "deriveMasterSecret");
        masterSecret = hkdf.extract(derived(handshakeSecret), new byte[hkdf.hashLength()]);
        stage = Stage.MASTER;
    }

    // RFC 8446, 7.1: secrets from the Early Secret; the transcript runs to the ClientHello.

    /** binder_key: "ext binder" for external PSKs, "res binder" for resumption PSKs (RFC 8446, 7.1, 4.2.11.2). */
    public byte[] binderKey(boolean external) {
        return hkdf.deriveSecret(early("binderKey"), external ? "ext binder" : "res binder", emptyHash());
    }

    public byte[] clientEarlyTrafficSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(early("clientEarlyTrafficSecret"), "c e traffic", transcriptHash);
    }

    public byte[] earlyExporterMasterSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(early("earlyExporterMasterSecret"), "e exp master", transcriptHash);
    }

    // RFC 8446, 7.1: secrets from the Handshake Secret; the transcript runs to the ServerHello.

    public byte[] clientHandshakeTrafficSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(handshake("clientHandshakeTrafficSecret"), "c hs traffic", transcriptHash);
    }

    public byte[] serverHandshakeTrafficSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(handshake("serverHandshakeTrafficSecret"), "s hs traffic", transcriptHash);
    }

    // RFC 8446, 7.1: secrets from the Master Secret; the transcript runs to the server Finished, except for
    // res master, whose transcript runs to the client Finished.

    public byte[] clientApplicationTrafficSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(master("clientApplicationTrafficSecret"), "c ap traffic", transcriptHash);
    }

    public byte[] serverApplicationTrafficSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(master("serverApplicationTrafficSecret"), "s ap traffic", transcriptHash);
    }

    public byte[] exporterMasterSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(master("exporterMasterSecret"), "exp master", transcriptHash);
    }

    public byte[] resumptionMasterSecret(byte[] transcriptHash) {
        return hkdf.deriveSecret(master("resumptionMasterSecret"), "res master", transcriptHash);
    }

    /**
     * RFC 8446, 7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N,
     * "traffic upd", "", Hash.length).
     */
    public byte[] nextApplicationTrafficSecret(byte[] current) {
        return hkdf.expandLabel(current, "traffic upd", new byte[0], hkdf.hashLength());
    }

    /** RFC 8446, 7.3: write_key = HKDF-Expand-Label(Secret, "key", "", key_length); write_iv likewise "iv". */
    public TrafficKeys trafficKeys(byte[] trafficSecret) {
        byte[] key = hkdf.expandLabel(trafficSecret, "key", new byte[0], suite.keyLength());
        byte[] iv = hkdf.expandLabel(trafficSecret, "iv", new byte[0], suite.ivLength());
        return new TrafficKeys(key, iv);
    }

    /**
     * RFC 8446, 4.6.1: the PSK of a ticket = HKDF-Expand-Label(resumption_master_secret, "resumption",
     * ticket_nonce, Hash.length).
     */
    public byte[] resumptionPsk(byte[] resumptionMasterSecret, byte[] ticketNonce) {
        return hkdf.expandLabel(resumptionMasterSecret, "resumption", ticketNonce, hkdf.hashLength());
    }

    /**
     * RFC 8446, 4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length); verify_data =
     * HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*, CertificateVerify*)).
     */
    public byte[] finishedVerifyData(byte[] baseKey, byte[] transcriptHash) {
        byte[] finishedKey = hkdf.expandLabel(baseKey, "finished", new byte[0], hkdf.hashLength());
        return hkdf.hmac(finishedKey, transcriptHash);
    }

    /** RFC 8446, 4.4.4: recomputes verify_data and compares it with the peer's in constant time. */
    public boolean verifyFinished(byte[] baseKey, byte[] transcriptHash, byte[] received) {
        if (received == null) {
            return false;
        }
        return MessageDigest.isEqual(finishedVerifyData(baseKey, transcriptHash), received);
    }

    /** RFC 8446, 7.1: Derive-Secret(Secret, "derived", "") salts the next HKDF-Extract. */
    private byte[] derived(byte[] secret) {
        return hkdf.deriveSecret(secret, "derived", emptyHash());
    }

    private byte[] early(String operation) {
        require(Stage.EARLY, operation);
        return earlySecret;
    }

    private byte[] handshake(String operation) {
        if (handshakeSecret == null) {
            throw new IllegalStateException(operation + " needs the handshake secret; stage is " + stage);
        }
        return handshakeSecret;
    }

    private byte[] master(String operation) {
        require(Stage.MASTER, operation);
        return masterSecret;
    }

    private void require(Stage expected, String operation) {
        if (stage != expected) {
            throw new IllegalStateException(operation + " needs stage " + expected + "; stage is " + stage);
        }
    }
}
