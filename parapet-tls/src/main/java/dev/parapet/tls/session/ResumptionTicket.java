package dev.parapet.tls.session;

import dev.parapet.tls.crypto.CipherSuite;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A TLS 1.3 ticket as a client keeps it (RFC 8446, 4.6.1): the opaque ticket, the resumption PSK derived from its
 * nonce, and what the original session agreed on. {@code toString} never shows the PSK.
 *
 * @param ticket           the server's opaque ticket, sent back as the PSK identity
 * @param psk              HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)
 * @param cipherSuite      the suite of the original session (the resumed one must share its hash)
 * @param lifetimeSeconds  how long the server will accept it
 * @param ageAdd           ticket_age_add, added to the age the client reports (4.2.11.1)
 * @param receivedMillis   when the ticket arrived (epoch milliseconds)
 * @param serverName       the SNI of the original session, or null
 * @param peerCertificates the server's chain, verified in the original handshake
 * @param maxEarlyData     the most 0-RTT data the server takes with this ticket (4.2.10); 0: none
 * @param applicationProtocol the original session's ALPN protocol, or null (0-RTT must keep it: 4.2.10)
 */
public record ResumptionTicket(byte[] ticket, byte[] psk, CipherSuite cipherSuite, long lifetimeSeconds,
                               long ageAdd, long receivedMillis, String serverName,
                               List<X509Certificate> peerCertificates, long maxEarlyData,
                               String applicationProtocol) {
    public ResumptionTicket {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** A ticket without 0-RTT permission. */
    public ResumptionTicket(byte[] ticket, byte[] psk, CipherSuite cipherSuite, long lifetimeSeconds, long ageAdd,
                            long receivedMillis, String serverName, List<X509Certificate> peerCertificates) {
        this(ticket, psk, cipherSuite, lifetimeSeconds, ageAdd, receivedMillis, serverName, peerCertificates, 0,
                null);
    }

    public long expiresMillis() {
        return receivedMillis + lifetimeSeconds * 1000;
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresMillis();
    }

    /** RFC 8446, 4.2.11.1: the age in milliseconds plus age_add, modulo 2^32. */
    public long obfuscatedAge(long nowMillis) {
        return (Math.max(0, nowMillis - receivedMillis) + ageAdd) & 0xffffffffL;
    }

    @Override
    public String toString() {
        return "ResumptionTicket[" + cipherSuite + ", server " + serverName + ", lifetime " + lifetimeSeconds + "s]";
    }
}
