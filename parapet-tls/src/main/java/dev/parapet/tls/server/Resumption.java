package dev.parapet.tls.server;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ClientAuth;
import dev.parapet.tls.PskMode;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.PreSharedKey;
import dev.parapet.tls.session.PskBinder;
import dev.parapet.tls.session.TicketSealer;
import dev.parapet.tls.session.TicketState;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 8446, 4.2.11: picks the first offered ticket this server can resume, and checks its binder. A ticket that
 * does not open, is too old, reports a wrong age, or belongs to another suite hash or server name is passed over
 * (a full handshake follows); a bad binder on the chosen one is {@code decrypt_error}.
 */
final class Resumption {
    /** How far the age the client reports may stray from the ticket's real age (RFC 8446, 8.3). */
    static final long AGE_WINDOW_MILLIS = 10_000;

    /** The ticket chosen: its index among the identities, its state, the original client chain, the key mode. */
    record Accepted(int index, TicketState state, List<X509Certificate> peerCertificates, PskMode mode,
                    byte[] identity) {
        byte[] psk() {
            return state.psk();
        }

        /** RFC 8446, 4.2.9: psk_ke makes its keys without (EC)DHE. */
        boolean withKeyExchange() {
            return mode == PskMode.PSK_DHE_KE;
        }
    }

    private Resumption() {
    }

    /**
     * RFC 8446, 4.2.9: the modes both the client and this server allow, in the server's order of preference;
     * missing_extension when the ClientHello offers a PSK without psk_key_exchange_modes.
     */
    static List<PskMode> commonModes(TlsServerConfig config, ClientHello ch) throws TlsException {
        Extension modes = ch.extension(ExtensionType.PSK_KEY_EXCHANGE_MODES);
        if (modes == null) {
            if (ch.extension(ExtensionType.PRE_SHARED_KEY) != null) {
                throw new TlsException(AlertDescription.MISSING_EXTENSION,
                        "ClientHello offers pre_shared_key without psk_key_exchange_modes");
            }
            return List.of();
        }
        List<Integer> offered = PreSharedKey.decodeModes(modes);
        return config.pskModes().stream().filter(m -> offered.contains(m.code())).toList();
    }

    /**
     * The ticket to resume, or null for a full handshake. Call before the ClientHello enters the transcript.
     * Without a usable key share only psk_ke can resume.
     */
    static Accepted choose(HandshakeContext ctx, TlsServerConfig config, ClientHello ch, HandshakeMessage message,
                           CipherSuite suite, boolean haveKeyShare) throws TlsException {
        Extension ext = ch.extension(ExtensionType.PRE_SHARED_KEY);
        List<PskMode> modes = new ArrayList<>(commonModes(config, ch));
        if (!haveKeyShare) {
            modes.remove(PskMode.PSK_DHE_KE);
        }
        if (ext == null || modes.isEmpty()) {
            return null;
        }
        PreSharedKey.OfferedPsks offered = PreSharedKey.decodeOffered(ext);
        Extension sniExt = ch.extension(ExtensionType.SERVER_NAME);
        String sni = sniExt == null ? null : Extensions.decodeServerName(sniExt);
        long now = config.clock().millis();
        for (int i = 0; i < offered.identities().size(); i++) {
            PreSharedKey.Identity identity = offered.identities().get(i);
            TicketState state = TicketSealer.open(config.ticketKeys(), identity.identity());
            if (state == null || !usable(state, identity, suite, sni, config, now)) {
                continue;
            }
            List<X509Certificate> chain = certificates(state.peerCertificates());
            if (chain == null) {
                continue;
            }
            checkBinder(ctx, suite, state.psk(), message.encoded(), offered, i);
            return new Accepted(i, state, chain, modes.get(0), identity.identity());
        }
        return null;
    }

    /**
     * RFC 8446, 4.2.10 and 8.1: whether to take the 0-RTT data that came with this resumption: the first identity,
     * a ticket that allows it, the ticket's suite and ALPN, no HelloRetryRequest, and a ticket never used for
     * 0-RTT before (claimed once in the session store, fleet-wide, for as long as it could be presented).
     */
    static boolean acceptsEarlyData(TlsServerConfig config, Accepted resumed, CipherSuite suite, String alpn,
                                    boolean afterRetry) {
        if (resumed == null || afterRetry || resumed.index() != 0 || config.maxEarlyData() == 0
                || resumed.state().maxEarlyData() == 0 || resumed.state().cipherSuite() != suite.id()
                || !Objects.equals(alpn, resumed.state().applicationProtocol())) {
            return false;
        }
        long expires = resumed.state().createdMillis() + resumed.state().lifetimeSeconds() * 1000;
        long window = Math.max(1, expires - config.clock().millis()) + AGE_WINDOW_MILLIS;
        return config.sessionStore().claimOnce(token(resumed.identity()), java.time.Duration.ofMillis(window));
    }

    /** A short, fixed-length name for a ticket in the session store. */
    private static byte[] token(byte[] identity) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(identity), 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static boolean usable(TicketState state, PreSharedKey.Identity identity, CipherSuite suite, String sni,
                                  TlsServerConfig config, long now) {
        CipherSuite original = CipherSuite.fromId(state.cipherSuite());
        if (original == null || !original.isTls13() || !original.hashAlgorithm().equals(suite.hashAlgorithm())) {
            return false; // RFC 8446, 4.2.11: the PSK's hash must be the chosen suite's
        }
        long age = now - state.createdMillis();
        if (age < -AGE_WINDOW_MILLIS || age > state.lifetimeSeconds() * 1000) {
            return false;
        }
        long reported = (identity.obfuscatedTicketAge() - state.ageAdd()) & 0xffffffffL;
        if (Math.abs(reported - age) > AGE_WINDOW_MILLIS) {
            return false; // RFC 8446, 4.2.11.1 and 8.3
        }
        if (!Objects.equals(sni, state.serverName())) {
            return false; // RFC 8446, 4.6.1: only for the server name it was issued under
        }
        return config.clientAuth() != ClientAuth.REQUIRED || !state.peerCertificates().isEmpty();
    }

    /**
     * RFC 8446, 4.2.11.2: binder = HMAC(finished_key of binder_key, Transcript-Hash(earlier messages after an HRR,
     * ClientHello up to but excluding the binders list)).
     */
    private static void checkBinder(HandshakeContext ctx, CipherSuite suite, byte[] psk, byte[] clientHello,
                                    PreSharedKey.OfferedPsks offered, int index) throws TlsException {
        byte[] truncated = Arrays.copyOf(clientHello, clientHello.length - offered.bindersLength());
        byte[] expected = PskBinder.compute(suite, psk, PskBinder.transcriptHash(ctx.transcript, suite, truncated));
        if (!MessageDigest.isEqual(expected, offered.binders().get(index))) {
            throw new TlsException(AlertDescription.DECRYPT_ERROR, "PSK binder does not verify");
        }
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
}
