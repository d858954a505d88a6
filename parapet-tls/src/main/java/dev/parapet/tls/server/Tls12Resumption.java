package dev.parapet.tls.server;

import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.session.TicketSealer;
import dev.parapet.tls.session.Tls12SessionState;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which TLS 1.2 session a ClientHello may resume (RFC 5246, 7.4.1.2; RFC 5077, 3.1 and 3.4): the one in its session
 * ticket, else the one kept under its session ID in the session store. Anything that does not open, has expired, or
 * differs from this handshake (suite not offered, no extended master secret, another server name, encrypt_then_mac
 * no longer offered) is passed over quietly: a full handshake follows.
 */
final class Tls12Resumption {
    static final int SESSION_ID_LENGTH = 32;

    /** A session to resume, its client chain, and whether it came in a ticket (else by session ID). */
    record Found(Tls12SessionState state, CipherSuite suite, List<X509Certificate> peerCertificates,
                 boolean byTicket) {
    }

    private Tls12Resumption() {
    }

    /** RFC 7627, 5.3: a session is resumed, issued or cached only when both sides use the extended master secret. */
    static boolean emsOffered(TlsServerConfig config, ClientHello ch) {
        return config.extendedMasterSecret() && ch.extension(ExtensionType.EXTENDED_MASTER_SECRET) != null;
    }

    /** The client asks for (or brings) a ticket and we take them (RFC 5077, 3.2). */
    static boolean ticketsWanted(TlsServerConfig config, ClientHello ch) {
        return config.tls12SessionTickets() && ch.extension(ExtensionType.SESSION_TICKET) != null;
    }

    static Found find(TlsServerConfig config, ClientHello ch, String sni) {
        byte[] id = ch.legacySessionId();
        // RFC 5077, 3.4: a ticket is accepted by echoing the client's session ID, so an empty one cannot be
        if (!emsOffered(config, ch) || id.length == 0) {
            return null;
        }
        Extension ticket = ch.extension(ExtensionType.SESSION_TICKET);
        Tls12SessionState state = null;
        boolean byTicket = false;
        if (ticket != null && ticket.data().length > 0 && config.tls12SessionTickets()) {
            state = TicketSealer.openTls12(config.ticketKeys(), ticket.data());
            byTicket = state != null;
        }
        if (state == null && id.length == SESSION_ID_LENGTH && config.tls12SessionIds()) {
            byte[] sealed = config.sessionStore().getSession(id);
            state = sealed == null ? null : TicketSealer.openTls12(config.ticketKeys(), sealed);
        }
        if (state == null) {
            return null;
        }
        CipherSuite suite = CipherSuite.fromId(state.cipherSuite());
        if (!usable(config, ch, sni, state, suite)) {
            return null;
        }
        List<X509Certificate> chain = certificates(state.peerCertificates());
        return chain == null ? null : new Found(state, suite, chain, byTicket);
    }

    private static boolean usable(TlsServerConfig config, ClientHello ch, String sni, Tls12SessionState state,
                                  CipherSuite suite) {
        if (suite == null || suite.isTls13() || !config.cipherSuites().contains(suite)
                || !ch.cipherSuites().contains(suite.id())) {
            return false; // RFC 5246, 7.4.1.2: the resumed session keeps its suite, which the client must offer
        }
        if (!state.extendedMasterSecret() || state.expiredAt(config.clock().millis())) {
            return false; // RFC 7627, 5.3
        }
        if (!Objects.equals(sni, state.serverName())) {
            return false; // RFC 6066, 3: not for another server name
        }
        if (state.encryptThenMac() && (!config.encryptThenMac()
                || ch.extension(ExtensionType.ENCRYPT_THEN_MAC) == null)) {
            return false; // RFC 7366, 3.1: a session that used encrypt_then_mac keeps it
        }
        return config.clientAuth() != ClientAuth.REQUIRED || !state.peerCertificates().isEmpty();
    }

    private static List<X509Certificate> certificates(List<byte[]> der) {
        if (der.isEmpty()) {
            return List.of();
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (byte[] c : der) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c)));
            }
            return out;
        } catch (CertificateException | ClassCastException e) {
            return null;
        }
    }

    static List<byte[]> der(List<X509Certificate> chain) throws TlsException {
        List<byte[]> out = new ArrayList<>();
        try {
            for (X509Certificate c : chain) {
                out.add(c.getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new TlsException(dev.parapet.tls.AlertDescription.INTERNAL_ERROR, "peer certificate does not encode",
                    e);
        }
        return out;
    }
}
