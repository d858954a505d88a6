package dev.parapet.tls.session;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.TlsReader;
import dev.parapet.tls.handshake.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server needs to resume a TLS 1.3 session (RFC 8446, 4.6.1), carried by the client inside a sealed ticket
 * so the server keeps no state: the resumption PSK, the suite (its hash must match), ALPN and SNI, when the ticket
 * was made, its age_add and lifetime, the client's certificates (DER, empty without client authentication), and
 * the most 0-RTT data the ticket allows (0: none).
 */
public record TicketState(int cipherSuite, byte[] psk, long createdMillis, long ageAdd, long lifetimeSeconds,
                          String applicationProtocol, String serverName, List<byte[]> peerCertificates,
                          long maxEarlyData) {
    private static final int FORMAT = 2;

    public TicketState {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** A state whose ticket allows no 0-RTT data. */
    public TicketState(int cipherSuite, byte[] psk, long createdMillis, long ageAdd, long lifetimeSeconds,
                       String applicationProtocol, String serverName, List<byte[]> peerCertificates) {
        this(cipherSuite, psk, createdMillis, ageAdd, lifetimeSeconds, applicationProtocol, serverName,
                peerCertificates, 0);
    }

    public byte[] encode() {
        TlsWriter w = new TlsWriter().u8(FORMAT).u16(cipherSuite).vector8(psk)
                .u32(createdMillis >>> 32).u32(createdMillis & 0xffffffffL).u32(ageAdd).u32(lifetimeSeconds)
                .vector8(text(applicationProtocol)).vector16(text(serverName));
        int m = w.beginLength(3);
        peerCertificates.forEach(w::vector24);
        w.endLength(m);
        w.u32(maxEarlyData);
        return w.toByteArray();
    }

    private static byte[] text(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b.length == 0 ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Decodes what {@link #encode} wrote; any other input is a {@link TlsException}. */
    public static TicketState decode(byte[] data) throws TlsException {
        TlsReader r = new TlsReader(data, "ticket state");
        if (r.u8() != FORMAT) {
            throw TlsException.decodeError("unknown ticket state format");
        }
        int suite = r.u16();
        byte[] psk = r.vector8();
        long created = (r.u32() << 32) | r.u32();
        long ageAdd = r.u32();
        long lifetime = r.u32();
        String alpn = text(r.vector8());
        String sni = text(r.vector16());
        TlsReader certs = r.sub(3);
        List<byte[]> chain = new ArrayList<>();
        while (certs.hasRemaining()) {
            chain.add(certs.vector24());
        }
        long maxEarlyData = r.u32();
        r.expectEnd();
        return new TicketState(suite, psk, created, ageAdd, lifetime, alpn, sni, chain, maxEarlyData);
    }
}
