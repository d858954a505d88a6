package dev.parapet.tls.handshake;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 8446, 4.4.1: the running hash of the handshake messages. Until the cipher suite (and so the hash) is known,
 * messages are buffered; {@link #start} hashes what was buffered.
 */
public final class TranscriptHash {
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** The messages themselves, for TLS 1.2's CertificateVerify, which signs them rather than their hash. */
    private ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private MessageDigest digest;

    /** Chooses the hash and hashes everything buffered so far. */
    public void start(String hashAlgorithm) {
        digest = newDigest(hashAlgorithm);
        digest.update(pending.toByteArray());
        pending = null;
    }

    public boolean started() {
        return digest != null;
    }

    public void add(HandshakeMessage m) {
        add(m.encoded());
    }

    public void add(byte[] encodedMessage) {
        if (messages != null) {
            messages.writeBytes(encodedMessage);
        }
        if (digest == null) {
            pending.writeBytes(encodedMessage);
        } else {
            digest.update(encodedMessage);
        }
    }

    /**
     * A separate transcript continuing from this one's hash state (RFC 8446, 4.4: post-handshake authentication
     * hashes the main handshake, then its own messages). Messages are not kept in the copy.
     */
    public TranscriptHash fork() {
        TranscriptHash copy = new TranscriptHash();
        copy.pending = null;
        copy.messages = null;
        try {
            copy.digest = (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MessageDigest not cloneable", e);
        }
        return copy;
    }

    /** RFC 5246, 7.4.8: every handshake message so far, as a TLS 1.2 CertificateVerify signs them. */
    public byte[] messages() {
        if (messages == null) {
            throw new IllegalStateException("the handshake messages were already released");
        }
        return messages.toByteArray();
    }

    /**
     * Drops everything once the handshake is over and no post-handshake authentication can follow: the hash state
     * too, so an idle connection keeps none of it. Any later use is an IllegalStateException.
     */
    public void release() {
        messages = null;
        pending = null;
        digest = null;
    }

    /** Drops the kept messages once the handshake is over. */
    public void releaseMessages() {
        messages = null;
    }

    /** The hash of everything added so far; the running state is kept. */
    public byte[] current() {
        if (digest == null) {
            throw new IllegalStateException("the transcript was released when the handshake completed");
        }
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MessageDigest not cloneable", e);
        }
    }

    /**
     * RFC 8446, 4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by message_hash(254) || 00 00 Hash.length
     * || Hash(ClientHello1). Call with ClientHello1 hashed and nothing else.
     */
    public void replaceWithMessageHash() {
        byte[] hash = current();
        digest.reset();
        digest.update(HandshakeMessage.of(HandshakeType.MESSAGE_HASH, hash).encoded());
    }

    private static MessageDigest newDigest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " missing from the JDK", e);
        }
    }
}
