package dev.parapet.tls.server;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.engine.HandshakeContext;
import dev.parapet.tls.engine.State;
import dev.parapet.tls.handshake.EndOfEarlyData;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;

/**
 * RFC 8446, 4.2.10 and 4.5: the server took the client's 0-RTT data; application data records under the early
 * keys are early data (bounded by max_early_data_size) until EndOfEarlyData, after which the client's records come
 * under its handshake traffic keys.
 */
final class ExpectEndOfEarlyData implements State {
    private final HandshakeContext ctx;
    private final byte[] clientHandshakeSecret;
    private final State next;

    ExpectEndOfEarlyData(HandshakeContext ctx, byte[] clientHandshakeSecret, State next) {
        this.ctx = ctx;
        this.clientHandshakeSecret = clientHandshakeSecret;
        this.next = next;
    }

    @Override
    public boolean expects(HandshakeType type) {
        return type == HandshakeType.END_OF_EARLY_DATA;
    }

    @Override
    public boolean acceptsEarlyData() {
        return true;
    }

    @Override
    public State handle(HandshakeMessage message) throws TlsException {
        EndOfEarlyData.decode(message);
        ctx.received(message); // RFC 8446, 4.4.1: EndOfEarlyData is part of the transcript
        ctx.earlyTrafficActive = false;
        ctx.installReadKeys(clientHandshakeSecret, "client handshake traffic");
        return next;
    }
}
