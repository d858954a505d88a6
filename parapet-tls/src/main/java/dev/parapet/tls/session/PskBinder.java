package dev.parapet.tls.session;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.TranscriptHash;
import dev.parapet.tls.keyschedule.KeySchedule;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 8446, 4.2.11.2: binder = HMAC(finished_key of binder_key, Transcript-Hash(earlier messages after an HRR,
 * ClientHello up to but excluding the binders list)). Client and server compute it alike.
 */
public final class PskBinder {
    private PskBinder() {
    }

    /** The transcript hash a binder covers: what {@code transcript} holds (after an HRR), then the partial hello. */
    public static byte[] transcriptHash(TranscriptHash transcript, CipherSuite suite, byte[] truncatedHello) {
        if (transcript.started()) {
            TranscriptHash t = transcript.fork();
            t.add(truncatedHello);
            return t.current();
        }
        try {
            return MessageDigest.getInstance(suite.hashAlgorithm()).digest(truncatedHello);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + suite.hashAlgorithm(), e);
        }
    }

    /** The binder of a resumption PSK over {@code transcriptHash}. */
    public static byte[] compute(CipherSuite suite, byte[] psk, byte[] transcriptHash) {
        KeySchedule ks = new KeySchedule(suite);
        ks.deriveEarlySecret(psk);
        return ks.finishedVerifyData(ks.binderKey(false), transcriptHash);
    }
}
