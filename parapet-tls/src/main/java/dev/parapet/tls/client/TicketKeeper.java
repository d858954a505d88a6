package dev.parapet.tls.client;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.engine.TicketReceiver;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.NewSessionTicket;
import dev.parapet.tls.keyschedule.Hkdf;
import dev.parapet.tls.session.ResumptionTicket;
import dev.parapet.tls.session.SessionCache;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * What a TLS 1.3 client keeps after its handshake to turn NewSessionTickets (RFC 8446, 4.6.1) into resumption
 * tickets: resumption_master_secret and what a ticket records about the session, not the handshake itself. Made by
 * {@link ClientHandshake} when the handshake completes.
 */
final class TicketKeeper implements TicketReceiver {
    private final SessionCache cache;
    private final String cachePeer;
    private final Clock clock;
    private final String sni;
    private final CipherSuite suite;
    private final List<X509Certificate> peerCertificates;
    private final String applicationProtocol;
    private final byte[] resumptionMasterSecret;

    TicketKeeper(SessionCache cache, String cachePeer, Clock clock, String sni, CipherSuite suite,
                 List<X509Certificate> peerCertificates, String applicationProtocol, byte[] resumptionMasterSecret) {
        this.cache = cache;
        this.cachePeer = cachePeer;
        this.clock = clock;
        this.sni = sni;
        this.suite = suite;
        this.peerCertificates = peerCertificates;
        this.applicationProtocol = applicationProtocol;
        this.resumptionMasterSecret = resumptionMasterSecret;
    }

    /** RFC 8446, 4.6.1: the PSK of a ticket comes from resumption_master_secret and its nonce. */
    @Override
    public void received(NewSessionTicket nst) {
        if (nst.ticketLifetime() == 0) {
            return; // RFC 8446, 4.6.1: not to be used
        }
        // tickets are rare: an HKDF (and its Mac) per ticket rather than one kept for the connection's life
        Hkdf hkdf = new Hkdf(suite.hashAlgorithm());
        byte[] psk = hkdf.expandLabel(resumptionMasterSecret, "resumption", nst.ticketNonce(), hkdf.hashLength());
        cache.put(cachePeer, new ResumptionTicket(nst.ticket(), psk, suite, nst.ticketLifetime(), nst.ticketAgeAdd(),
                clock.millis(), sni, peerCertificates, maxEarlyData(nst), applicationProtocol));
    }

    /** RFC 8446, 4.6.1: early_data in a NewSessionTicket, max_early_data_size; 0 when absent or malformed. */
    private static long maxEarlyData(NewSessionTicket nst) {
        for (Extension e : nst.extensions()) {
            if (e.type() == ExtensionType.EARLY_DATA) {
                try {
                    return Extensions.decodeMaxEarlyDataSize(e);
                } catch (dev.parapet.tls.TlsException bad) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
