package dev.parapet.tls.session;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.TlsReader;
import dev.parapet.tls.handshake.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server needs to resume a TLS 1.2 session (RFC 5246, 7.4.1.2; RFC 5077, 4), sealed by {@link TicketSealer}
 * into a session ticket or into the {@link SessionStore} entry of a session ID: the suite, the master secret, when
 * the session began and for how long it may be resumed, SNI, RFC 7627's extended master secret and RFC 7366's
 * encrypt_then_mac flags, and the client's certificates (DER). Its format byte differs from {@link TicketState}'s,
 * so a TLS 1.3 ticket never opens as a TLS 1.2 session nor the other way round.
 */
public record Tls12SessionState(int cipherSuite, byte[] masterSecret, long createdMillis, long lifetimeSeconds,
                                String serverName, boolean extendedMasterSecret, boolean encryptThenMac,
                                List<byte[]> peerCertificates) {
    private static final int FORMAT = 0x12;
    private static final int MASTER_SECRET_LENGTH = 48;

    public Tls12SessionState {
        peerCertificates = List.copyOf(peerCertificates);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter().u8(FORMAT).u16(cipherSuite).vector8(masterSecret)
                .u32(createdMillis >>> 32).u32(createdMillis & 0xffffffffL).u32(lifetimeSeconds)
                .vector16(serverName == null ? new byte[0] : serverName.getBytes(StandardCharsets.UTF_8))
                .u8((extendedMasterSecret ? 1 : 0) | (encryptThenMac ? 2 : 0));
        int m = w.beginLength(3);
        peerCertificates.forEach(w::vector24);
        w.endLength(m);
        return w.toByteArray();
    }

    /** Decodes what {@link #encode} wrote; any other input is a {@link TlsException}. */
    public static Tls12SessionState decode(byte[] data) throws TlsException {
        TlsReader r = new TlsReader(data, "TLS 1.2 session state");
        if (r.u8() != FORMAT) {
            throw TlsException.decodeError("not a TLS 1.2 session state");
        }
        int suite = r.u16();
        byte[] master = r.vector8();
        if (master.length != MASTER_SECRET_LENGTH) {
            throw TlsException.decodeError("master secret of " + master.length + " bytes");
        }
        long created = (r.u32() << 32) | r.u32();
        long lifetime = r.u32();
        byte[] sni = r.vector16();
        int flags = r.u8();
        TlsReader certs = r.sub(3);
        List<byte[]> chain = new ArrayList<>();
        while (certs.hasRemaining()) {
            chain.add(certs.vector24());
        }
        r.expectEnd();
        return new Tls12SessionState(suite, master, created, lifetime,
                sni.length == 0 ? null : new String(sni, StandardCharsets.UTF_8), (flags & 1) != 0, (flags & 2) != 0,
                chain);
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= createdMillis + lifetimeSeconds * 1000 || nowMillis < createdMillis - 60_000;
    }

    @Override
    public String toString() {
        return "Tls12SessionState[suite=" + cipherSuite + ", server " + serverName + "]"; // never the secret
    }
}
