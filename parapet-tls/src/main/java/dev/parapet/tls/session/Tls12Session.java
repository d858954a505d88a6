package dev.parapet.tls.session;

import dev.parapet.tls.crypto.CipherSuite;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A TLS 1.2 session as a client keeps it to resume (RFC 5246, 7.4.1.2; RFC 5077, 3.4): the server's session ID
 * and/or its opaque ticket, the master secret and what the session agreed on. Unlike a TLS 1.3 ticket it may be
 * offered again and again until it expires. Only sessions with the extended master secret (RFC 7627, 5.3) are kept.
 * {@code toString} never shows the master secret.
 *
 * @param sessionId        the server's session ID (empty when it issued a ticket instead)
 * @param ticket           the server's ticket, or null when it resumes by session ID
 * @param masterSecret     the 48-byte master secret
 * @param cipherSuite      the suite of the session (a resumption keeps it)
 * @param serverName       the SNI sent, or null (RFC 6066, 3: a resumption must send the same)
 * @param peerCertificates the server's chain, verified in the full handshake
 * @param encryptThenMac   whether RFC 7366's encrypt_then_mac was in use
 * @param receivedMillis   when the session was made or its ticket renewed (epoch milliseconds)
 * @param lifetimeSeconds  how long to offer it (the ticket's lifetime hint, else a default)
 */
public record Tls12Session(byte[] sessionId, byte[] ticket, byte[] masterSecret, CipherSuite cipherSuite,
                           String serverName, List<X509Certificate> peerCertificates, boolean encryptThenMac,
                           long receivedMillis, long lifetimeSeconds) {
    public Tls12Session {
        peerCertificates = List.copyOf(peerCertificates);
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= receivedMillis + lifetimeSeconds * 1000;
    }

    @Override
    public String toString() {
        return "Tls12Session[" + cipherSuite + ", server " + serverName + (ticket != null ? ", ticket" : ", id")
                + ", lifetime " + lifetimeSeconds + "s]";
    }
}
