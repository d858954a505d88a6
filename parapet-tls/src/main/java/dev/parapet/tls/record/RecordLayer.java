package dev.parapet.tls.record;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/**
 * Record framing (RFC 8446, 5.1-5.2) for one connection: splits the network stream into records and opens them, and
 * frames and seals outgoing data. Incoming plaintext records are handed out as views of the caller's buffer;
 * protected ones are opened into a buffer borrowed from a {@link RecordBufferPool} and given back by
 * {@link #recycleInput} once the content was consumed. Outgoing records go into a borrowed buffer (replaced by a
 * bigger one when more than one record waits) that is given back when {@link #drain} empties it. An idle connection
 * thus holds no record buffer; and as each buffer goes back, the protection of that direction gives back its pooled
 * Cipher ({@link RecordProtection#release()}), so it holds no Cipher either.
 */
public final class RecordLayer {
    public static final int HEADER_LENGTH = 5;
    public static final int MAX_PLAINTEXT = 1 << 14;
    /** The longest fragment on the wire: TLS 1.2's 2^14 + 2048 (RFC 5246, 6.2.3); TLS 1.3 allows 2^14 + 256. */
    public static final int MAX_CIPHERTEXT = MAX_PLAINTEXT + 2048;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final byte[] header = new byte[HEADER_LENGTH];
    private final RecordBufferPool pool;
    /** Where protected records are opened; borrowed per record, given back by {@link #recycleInput}. */
    private ByteBuffer opened;
    private ByteBuffer payload = EMPTY;
    /** Sealed records waiting for the network (write mode), or null when none wait. */
    private ByteBuffer outbound;
    private RecordProtection reader;
    private RecordProtection writer;
    private boolean firstRecord = true;
    /** Bytes of refused 0-RTT records still to skip (RFC 8446, 4.2.10); 0: none. */
    private int skipBudget;
    private static final int SKIPPED = -2;

    /** A record layer with a pool of its own, keeping up to two buffers (for tests and single connections). */
    public RecordLayer() {
        this(new RecordBufferPool(2));
    }

    /** A record layer borrowing its buffers from {@code pool}, shared with other connections. */
    public RecordLayer(RecordBufferPool pool) {
        this.pool = java.util.Objects.requireNonNull(pool);
    }

    public void setReadProtection(RecordProtection protection) {
        if (reader != null && reader != protection) {
            reader.dispose();
        }
        this.reader = protection;
    }

    public void setWriteProtection(RecordProtection protection) {
        if (writer != null && writer != protection) {
            writer.dispose();
        }
        this.writer = protection;
    }

    public RecordProtection readProtection() {
        return reader;
    }

    public RecordProtection writeProtection() {
        return writer;
    }

    /**
     * Reads one whole record from {@code in}, or nothing when {@code in} holds less than a record.
     *
     * @return the content type (the inner one for protected records), or -1 when more bytes are needed; the content
     *         is then {@link #payload()}
     */
    public int read(ByteBuffer in) throws TlsException {
        int type;
        do {
            type = readOne(in);
        } while (type == SKIPPED);
        return type;
    }

    /**
     * RFC 8446, 4.2.10: a server that refused 0-RTT skips the client's early records - those it cannot open, or
     * while it still reads in the clear (after a HelloRetryRequest) every application_data record - up to
     * {@code maxBytes} of them, until the first record it can read.
     */
    public void skipUndecryptable(int maxBytes) {
        this.skipBudget = maxBytes;
    }

    private int readOne(ByteBuffer in) throws TlsException {
        if (in.remaining() < HEADER_LENGTH) {
            return -1;
        }
        int p = in.position();
        for (int i = 0; i < HEADER_LENGTH; i++) {
            header[i] = in.get(p + i);
        }
        int type = header[0] & 0xff;
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        checkHeader(type, length);
        if (in.remaining() < HEADER_LENGTH + length) {
            return -1;
        }
        firstRecord = false;
        int end = p + HEADER_LENGTH + length;
        int limit = in.limit();
        in.position(p + HEADER_LENGTH).limit(end);
        try {
            return skipBudget > 0 ? openOrSkip(type, in) : open(type, in);
        } finally {
            in.limit(limit).position(end);
        }
    }

    private int openOrSkip(int type, ByteBuffer fragment) throws TlsException {
        boolean early = type == ContentType.APPLICATION_DATA && (reader == null || reader.hidesContentType());
        if (early && reader == null) {
            return skip(fragment.remaining());
        }
        if (early) {
            try {
                int inner = open(type, fragment);
                skipBudget = 0;
                return inner;
            } catch (TlsException e) {
                if (e.alert() != AlertDescription.BAD_RECORD_MAC) {
                    throw e;
                }
                return skip(fragment.remaining());
            }
        }
        if (type != ContentType.CHANGE_CIPHER_SPEC) {
            skipBudget = 0; // the dummy change_cipher_spec (RFC 8446, D.4) may come between hello and early data
        }
        return open(type, fragment);
    }

    private int skip(int fragmentLength) throws TlsException {
        // count what the client could have meant as data: the fragment less the tag and content type
        int data = Math.max(0, fragmentLength - 17);
        if (data > skipBudget) {
            throw TlsException.unexpectedMessage("more 0-RTT data than this server takes ("
                    + "refused early data beyond the limit)");
        }
        skipBudget -= data;
        if (skipBudget == 0) {
            skipBudget = -1; // budget spent: the next undecryptable record is an error, not early data
        }
        return SKIPPED;
    }

    private void checkHeader(int type, int length) throws TlsException {
        if (!ContentType.isKnown(type)) {
            throw TlsException.unexpectedMessage(describeGarbage(type));
        }
        if (header[1] != 3) {
            throw TlsException.decodeError("record has legacy_record_version " + (header[1] & 0xff) + "."
                    + (header[2] & 0xff) + ", which is not TLS");
        }
        boolean protectedRecord = reader != null && type != ContentType.CHANGE_CIPHER_SPEC;
        // refused 0-RTT records skipped in the clear (after an HRR) are still TLS 1.3 ciphertext (RFC 8446, 5.2)
        boolean skippedEarly = reader == null && skipBudget > 0 && type == ContentType.APPLICATION_DATA;
        int limit = protectedRecord ? reader.maxFragmentLength() : skippedEarly ? MAX_PLAINTEXT + 256 : MAX_PLAINTEXT;
        if (length > limit) {
            throw new TlsException(AlertDescription.RECORD_OVERFLOW,
                    "record of " + length + " bytes exceeds the limit of " + limit);
        }
    }

    private String describeGarbage(int type) {
        if (firstRecord && (type == 'G' || type == 'P' || type == 'H')) {
            return "peer spoke plain HTTP, not TLS";
        }
        if (firstRecord && (type & 0x80) != 0) {
            return "peer sent an SSLv2-format record, which is not supported";
        }
        return "record has unknown content type " + type;
    }

    private int open(int type, ByteBuffer fragment) throws TlsException {
        if (reader == null || type == ContentType.CHANGE_CIPHER_SPEC) {
            // RFC 8446, 5: change_cipher_spec records are never protected
            payload = fragment.slice();
            return type;
        }
        if (reader.hidesContentType() && type != ContentType.APPLICATION_DATA) {
            throw TlsException.unexpectedMessage("unprotected " + ContentType.name(type)
                    + " record after encryption started");
        }
        if (opened == null) {
            opened = pool.borrow();
        }
        opened.clear();
        int inner = reader.open(header, fragment, opened);
        opened.flip();
        checkInner(inner);
        payload = opened;
        return inner;
    }

    private static void checkInner(int inner) throws TlsException {
        if (inner == ContentType.CHANGE_CIPHER_SPEC) {
            // RFC 8446, 5: change_cipher_spec is never protected
            throw TlsException.unexpectedMessage("protected record carries change_cipher_spec");
        }
        if (!ContentType.isKnown(inner)) {
            throw TlsException.unexpectedMessage("protected record has unknown inner content type " + inner);
        }
    }

    /** {@link #readInto}'s answer when the next record has to go through {@link #read}. */
    public static final int NOT_DIRECT = -3;

    /**
     * Opens the next record of {@code in} straight into {@code dst}, with no copy through a record buffer, when it is
     * a protected application_data record (the outer type) and dst has room for its whole fragment.
     *
     * @return the content type (the inner one in TLS 1.3): application_data with the data in {@code dst} (position
     *         advanced); another type with its content moved to {@link #payload()} and dst as it was; -1 when
     *         {@code in} holds less than a whole record; {@link #NOT_DIRECT} (nothing consumed) for any other record.
     *         On failure dst's room is zeroed again: no unauthenticated plaintext stays there.
     */
    public int readInto(ByteBuffer in, ByteBuffer dst) throws TlsException {
        if (in.remaining() < HEADER_LENGTH) {
            return -1;
        }
        int p = in.position();
        int length = ((in.get(p + 3) & 0xff) << 8) | (in.get(p + 4) & 0xff);
        if (reader == null || skipBudget > 0 || in.get(p) != ContentType.APPLICATION_DATA
                || length > dst.remaining()) {
            return NOT_DIRECT;
        }
        for (int i = 0; i < HEADER_LENGTH; i++) {
            header[i] = in.get(p + i);
        }
        checkHeader(ContentType.APPLICATION_DATA, length);
        if (in.remaining() < HEADER_LENGTH + length) {
            return -1;
        }
        int end = p + HEADER_LENGTH + length;
        int limit = in.limit();
        int start = dst.position();
        in.position(p + HEADER_LENGTH).limit(end);
        try {
            int inner = reader.open(header, in, dst);
            checkInner(inner);
            if (inner != ContentType.APPLICATION_DATA) {
                moveToOpened(dst, start);
            } else if (reader.hidesContentType()) {
                dst.put(dst.position(), (byte) 0); // TLS 1.3's inner content type, past the data: leave no trace
            }
            return inner;
        } catch (TlsException | RuntimeException e) {
            for (int i = start; i < start + length; i++) {
                dst.put(i, (byte) 0);
            }
            dst.position(start);
            throw e;
        } finally {
            in.limit(limit).position(end);
        }
    }

    /** A handshake message or alert opened into the caller's buffer goes to a record buffer, as {@link #read}'s. */
    private void moveToOpened(ByteBuffer dst, int start) {
        int end = dst.position();
        if (opened == null) {
            opened = pool.borrow();
        }
        opened.clear();
        opened.put(dst.duplicate().position(start).limit(end)).flip();
        for (int i = start; i < end; i++) {
            dst.put(i, (byte) 0);
        }
        dst.position(start);
        payload = opened;
    }

    /** The content of the last record read; valid until the next {@link #read}. */
    public ByteBuffer payload() {
        return payload;
    }

    /** Frames (and seals, once keys are set) {@code data} as records of at most 2^14 bytes each. */
    public void write(int contentType, ByteBuffer data) throws TlsException {
        int limit = data.limit();
        try {
            do {
                data.limit(data.position() + Math.min(limit - data.position(), MAX_PLAINTEXT));
                writeOne(contentType, data);
            } while (data.position() < limit);
        } finally {
            data.limit(limit);
        }
    }

    /** The room one record of {@code plaintextLength} bytes takes on the wire, sealed as the keys are now. */
    public int maxRecordLength(int plaintextLength) {
        return writer != null ? writer.maxRecordLength(plaintextLength) : HEADER_LENGTH + plaintextLength;
    }

    /**
     * Seals {@code chunk} (at most 2^14 bytes) as one protected record straight into {@code out}, which has
     * {@link #maxRecordLength} room, without a copy through a record buffer. Only while no sealed record waits (they
     * go first) and once write keys are set.
     */
    public void writeInto(int contentType, ByteBuffer chunk, ByteBuffer out) throws TlsException {
        if (pendingOutput() > 0 || writer == null || chunk.remaining() > MAX_PLAINTEXT) {
            throw new IllegalStateException("direct sealing needs write keys, nothing pending and a record's data");
        }
        writer.seal(contentType, chunk, out);
    }

    /** After {@link #writeInto}: with nothing pending, this direction gives its pooled Cipher back. */
    public void writeIdle() {
        if (outbound == null && writer != null) {
            writer.release();
        }
    }

    private void writeOne(int contentType, ByteBuffer chunk) throws TlsException {
        // RFC 8446, 5: change_cipher_spec is always sent in the clear
        boolean protect = writer != null && contentType != ContentType.CHANGE_CIPHER_SPEC;
        int need = protect ? writer.maxRecordLength(chunk.remaining()) : HEADER_LENGTH + chunk.remaining();
        ensureOutbound(need);
        if (protect) {
            writer.seal(contentType, chunk, outbound);
        } else {
            outbound.put((byte) contentType).put((byte) 3).put((byte) 3).putShort((short) chunk.remaining());
            outbound.put(chunk);
        }
    }

    private void ensureOutbound(int need) {
        if (outbound == null) {
            outbound = pool.borrow();
        }
        if (outbound.remaining() < need) {
            // more than one record waits: a buffer of our own, the pooled one goes back
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(outbound.capacity() * 2, outbound.position() + need));
            outbound.flip();
            bigger.put(outbound);
            pool.giveBack(outbound);
            outbound = bigger;
        }
    }

    /**
     * Gives the opening buffer back to the pool. The caller calls it once the last {@link #payload()} was consumed
     * (it is no longer valid afterwards).
     */
    public void recycleInput() {
        if (payload == opened) {
            payload = EMPTY;
        }
        if (opened != null) {
            pool.giveBack(opened);
            opened = null;
        }
        if (reader != null) {
            reader.release(); // idle in this direction: the pooled Cipher goes back too
        }
    }

    /**
     * Gives back the opening buffer and, when nothing waits for the network, the outgoing one. Both are given back
     * automatically as records are consumed and drained; this remains for callers that want to be sure. The caller
     * makes sure the last payload was consumed.
     */
    public void releaseBuffers() {
        recycleInput();
        if (outbound != null && outbound.position() == 0) {
            pool.giveBack(outbound);
            outbound = null;
        }
        if (outbound == null && writer != null) {
            writer.release();
        }
    }

    /** Where this layer borrows its buffers. */
    public RecordBufferPool pool() {
        return pool;
    }

    /** True while this layer holds a record buffer (for tests of idle memory). */
    public boolean holdsBuffers() {
        return opened != null || outbound != null;
    }

    /** Bytes of sealed records waiting for the network. */
    public int pendingOutput() {
        return outbound == null ? 0 : outbound.position();
    }

    /** Moves pending record bytes into {@code out}; returns how many. Gives the buffer back once it is empty. */
    public int drain(ByteBuffer out) {
        if (outbound == null) {
            return 0;
        }
        outbound.flip();
        int n = Math.min(out.remaining(), outbound.remaining());
        int limit = outbound.limit();
        outbound.limit(outbound.position() + n);
        out.put(outbound);
        outbound.limit(limit);
        outbound.compact();
        if (outbound.position() == 0) {
            pool.giveBack(outbound); // a grown buffer is not the pool's size and is simply dropped
            outbound = null;
            if (writer != null) {
                writer.release(); // idle in this direction: the pooled Cipher goes back too
            }
        }
        return n;
    }
}
