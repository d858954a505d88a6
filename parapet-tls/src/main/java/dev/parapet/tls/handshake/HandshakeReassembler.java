package dev.parapet.tls.handshake;

import dev.parapet.tls.Limits;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Joins handshake records into messages and splits records that hold several (RFC 8446, 5.1). The buffered bytes are
 * bounded by {@link Limits#maxHandshakeMessage()} ({@link Limits#maxCertificateChainBytes()} for Certificate): a
 * longer message is refused as soon as its header arrives, before anything is allocated for it.
 */
public final class HandshakeReassembler {
    private final Limits limits;
    private byte[] buf = new byte[1024];
    private int len;

    /** With {@link Limits#DEFAULT}. */
    public HandshakeReassembler() {
        this(Limits.DEFAULT);
    }

    public HandshakeReassembler(Limits limits) {
        this.limits = limits;
    }

    /** Drops the buffer while no partial message waits (an idle connection keeps none). */
    public void trim() {
        if (len == 0) {
            buf = new byte[0];
        }
    }

    /** Appends one handshake record's payload. */
    public void add(ByteBuffer fragment) throws TlsException {
        if (!fragment.hasRemaining()) {
            // RFC 8446, 5.1: zero-length handshake fragments MUST NOT be sent
            throw TlsException.unexpectedMessage("empty handshake record");
        }
        int n = fragment.remaining();
        if (len + n > 4 + limits.maxMessageBody(11) + (1 << 14)) {
            // at most one message within the limit plus one record of the next is ever buffered
            throw TlsException.decodeError("handshake data of " + (len + n) + " bytes buffered exceeds the limits");
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        fragment.get(buf, len, n);
        len += n;
        peekLength(); // refuse an oversized header as soon as it arrives
    }

    /** The next complete message, or null when more records are needed. */
    public HandshakeMessage next() throws TlsException {
        int bodyLength = peekLength();
        if (bodyLength < 0 || len < 4 + bodyLength) {
            return null;
        }
        int code = buf[0] & 0xff;
        HandshakeType type = HandshakeType.fromCode(code);
        if (type == null || type == HandshakeType.MESSAGE_HASH) {
            throw TlsException.unexpectedMessage("unknown handshake message type " + code);
        }
        byte[] body = Arrays.copyOfRange(buf, 4, 4 + bodyLength);
        int rest = len - 4 - bodyLength;
        System.arraycopy(buf, 4 + bodyLength, buf, 0, rest);
        len = rest;
        return new HandshakeMessage(type, body);
    }

    /** True when no partial message is buffered. */
    public boolean isEmpty() {
        return len == 0;
    }

    private int peekLength() throws TlsException {
        if (len < 4) {
            return -1;
        }
        int bodyLength = ((buf[1] & 0xff) << 16) | ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
        HandshakeType type = HandshakeType.fromCode(buf[0] & 0xff);
        limits.checkHandshakeMessage(buf[0] & 0xff, type == null ? null : type.rfcName(), bodyLength);
        return bodyLength;
    }
}
