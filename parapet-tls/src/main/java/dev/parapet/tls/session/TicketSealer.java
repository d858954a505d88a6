package dev.parapet.tls.session;

import dev.parapet.tls.TlsException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link TicketState} into an opaque ticket and opens it again: {@code key_id(16) || nonce(12) ||
 * AES-256-GCM(state)}, the key id authenticated as additional data. A ticket that does not open (unknown or
 * rotated-out key, tampering, another server's format) is simply not resumed.
 */
public final class TicketSealer {
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int OVERHEAD = TicketKey.ID_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

    private TicketSealer() {
    }

    public static byte[] seal(TicketKeys keys, TicketState state, SecureRandom random) {
        return sealBytes(keys, state.encode(), random);
    }

    /** Seals a TLS 1.2 session (RFC 5077, 4): into a ticket, or into what a session store keeps by session ID. */
    public static byte[] seal(TicketKeys keys, Tls12SessionState state, SecureRandom random) {
        return sealBytes(keys, state.encode(), random);
    }

    /** The TLS 1.2 session inside, or null when it does not open with any of our keys or holds something else. */
    public static Tls12SessionState openTls12(TicketKeys keys, byte[] sealed) {
        byte[] plain = openBytes(keys, sealed);
        if (plain == null) {
            return null;
        }
        try {
            return Tls12SessionState.decode(plain);
        } catch (TlsException e) {
            return null;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Seals {@code plain} and wipes it. */
    private static byte[] sealBytes(TicketKeys keys, byte[] plain, SecureRandom random) {
        TicketKey key = keys.current();
        byte[] id = key.id();
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            c.updateAAD(id);
            byte[] sealed = c.doFinal(plain);
            byte[] out = new byte[id.length + nonce.length + sealed.length];
            System.arraycopy(id, 0, out, 0, id.length);
            System.arraycopy(nonce, 0, out, id.length, nonce.length);
            System.arraycopy(sealed, 0, out, id.length + nonce.length, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal a ticket", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The state inside the ticket, or null when it does not open with any of our keys. */
    public static TicketState open(TicketKeys keys, byte[] ticket) {
        byte[] plain = openBytes(keys, ticket);
        if (plain == null) {
            return null;
        }
        try {
            return TicketState.decode(plain);
        } catch (TlsException e) {
            return null;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The plaintext of a sealed ticket, or null when it does not open. */
    private static byte[] openBytes(TicketKeys keys, byte[] ticket) {
        if (ticket.length < OVERHEAD) {
            return null;
        }
        TicketKey key = keys.find(Arrays.copyOf(ticket, TicketKey.ID_LENGTH));
        if (key == null) {
            return null;
        }
        byte[] nonce = Arrays.copyOfRange(ticket, TicketKey.ID_LENGTH, TicketKey.ID_LENGTH + NONCE_LENGTH);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce);
            c.updateAAD(ticket, 0, TicketKey.ID_LENGTH);
            return c.doFinal(ticket, TicketKey.ID_LENGTH + NONCE_LENGTH,
                    ticket.length - TicketKey.ID_LENGTH - NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static Cipher cipher(int mode, TicketKey key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key.secret(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }
}
