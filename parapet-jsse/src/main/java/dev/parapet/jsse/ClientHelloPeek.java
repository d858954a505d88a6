package dev.parapet.jsse;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeReassembler;
import dev.parapet.tls.handshake.HandshakeType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a server engine needs from the ClientHello before the core sees it: the SNI name (for the key manager and
 * SNI matchers), the ALPN offer (for the application protocol selector) and the signature algorithms (for the
 * handshake session). Read from the first record only; a ClientHello spread over several records yields nothing
 * and the engine falls back to its parameters.
 *
 * @param serverName          the SNI host name, or null
 * @param applicationProtocols the ALPN offer (empty when none)
 * @param signatureSchemes    the signature_algorithms offer (wire ids)
 */
record ClientHelloPeek(String serverName, List<String> applicationProtocols, List<Integer> signatureSchemes,
                       boolean alpnOffered) {
    static final ClientHelloPeek NONE = new ClientHelloPeek(null, List.of(), List.of(), false);
    private static final int HANDSHAKE = 22;

    /** Reads the record at {@code record}'s position (which must hold a whole record) without consuming it. */
    static ClientHelloPeek of(ByteBuffer record) {
        ByteBuffer r = record.duplicate();
        try {
            int type = r.get() & 0xff;
            r.getShort();
            int length = r.getShort() & 0xffff;
            if (type != HANDSHAKE || length > r.remaining()) {
                return NONE;
            }
            ByteBuffer payload = r.slice();
            payload.limit(length);
            HandshakeReassembler reassembler = new HandshakeReassembler();
            reassembler.add(payload);
            HandshakeMessage m = reassembler.next();
            if (m == null || m.type() != HandshakeType.CLIENT_HELLO) {
                return NONE;
            }
            ClientHello ch = ClientHello.decode(m);
            Extension sni = ch.extension(ExtensionType.SERVER_NAME);
            Extension alpn = ch.extension(ExtensionType.ALPN);
            Extension sigs = ch.extension(ExtensionType.SIGNATURE_ALGORITHMS);
            return new ClientHelloPeek(sni == null ? null : Extensions.decodeServerName(sni),
                    alpn == null ? List.of() : Extensions.decodeAlpn(alpn),
                    sigs == null ? List.of() : Extensions.decodeU16List(sigs), alpn != null);
        } catch (TlsException | RuntimeException e) {
            return NONE; // the core will see the same bytes and send the right alert
        }
    }
}
