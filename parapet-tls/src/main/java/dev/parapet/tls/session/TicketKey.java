package dev.parapet.tls.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One ticket protection key: a 32-byte AES-256-GCM secret and the 16-byte id that names it in every ticket it seals.
 * The id is derived from the secret (the first 16 bytes of its SHA-256), so servers sharing a secret agree on it.
 */
public final class TicketKey {
    public static final int SECRET_LENGTH = 32;
    public static final int ID_LENGTH = 16;
    private final byte[] id;
    private final byte[] secret;

    public TicketKey(byte[] secret) {
        if (secret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException("a ticket key is " + SECRET_LENGTH + " bytes, not " + secret.length);
        }
        this.secret = secret.clone();
        this.id = idOf(this.secret);
    }

    private static byte[] idOf(byte[] secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("parapet ticket key id".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Arrays.copyOf(md.digest(secret), ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public byte[] id() {
        return id.clone();
    }

    byte[] secret() {
        return secret;
    }

    boolean hasId(byte[] other) {
        return MessageDigest.isEqual(id, other);
    }

    @Override
    public String toString() {
        return "TicketKey[id=" + java.util.HexFormat.of().formatHex(id, 0, 4) + "...]"; // never the secret
    }
}
