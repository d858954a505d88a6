package dev.parapet.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Redis keys a store uses, all under one prefix (e.g. {@code parapet:}):
 * <ul>
 *   <li>{@code PREFIX ticket-keys}: a list of 32-byte ticket key secrets, the current one first, then the previous
 *       ones that still open tickets;</li>
 *   <li>{@code PREFIX ticket-keys:current}: a marker that expires when the current key is due to be replaced;</li>
 *   <li>{@code PREFIX claim:HEX}: a 0-RTT claim, HEX the SHA-256 of the claimed token, expiring with its window;</li>
 *   <li>{@code PREFIX session:HEX}: a TLS 1.2 session's sealed state under its session ID, expiring with it.</li>
 * </ul>
 */
final class KeyLayout {
    private final String prefix;

    KeyLayout(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    byte[] ticketKeys() {
        return bytes("ticket-keys");
    }

    byte[] currentMarker() {
        return bytes("ticket-keys:current");
    }

    /** The token is hashed: a ticket identity may be long, and a key of fixed size keeps Redis memory bounded. */
    byte[] claim(byte[] token) {
        return bytes("claim:" + HexFormat.of().formatHex(sha256(token)));
    }

    byte[] session(byte[] sessionId) {
        return bytes("session:" + HexFormat.of().formatHex(sessionId));
    }

    private byte[] bytes(String name) {
        return (prefix + name).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
