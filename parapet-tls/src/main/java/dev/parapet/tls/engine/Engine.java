package dev.parapet.tls.engine;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.Limits;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeReassembler;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.MessageSummary;
import dev.parapet.tls.record.ContentType;
import dev.parapet.tls.record.RecordBufferPool;
import dev.parapet.tls.record.RecordLayer;
import dev.parapet.tls.record.RecordProtection;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * The core of one connection: reads records and routes them (handshake messages to the current state, alerts,
 * application data to the reader), and writes application data, alerts and handshake messages. Every failure is
 * turned into one alert to the peer and one {@link TlsException} for the caller, here and nowhere else.
 */
public final class Engine {
    /** write() stops taking application data once this much sealed data waits for the network. */
    private static final int OUTBOUND_HIGH_WATER = 4 * RecordLayer.MAX_CIPHERTEXT;
    private static final int ALERT_WARNING = 1;
    private static final int ALERT_FATAL = 2;

    private final RecordLayer records;
    private final CipherPool cipherPool;
    private final Limits limits;
    private final HandshakeReassembler reassembler;
    private final HandshakeContext context;
    private final TlsListener listener;
    private final long keyUpdateAfterRecords;
    private State state;
    private TlsSession session;
    private ByteBuffer applicationData;
    private boolean changeCipherSpecSeen;
    /** Floods the {@link Limits} bound: counted since the last record of application data (or in a row). */
    private int emptyRecordsInARow;
    private int warningAlerts;
    private int keyUpdates;
    private int postHandshakeMessages;
    /** A KeyUpdate answer is queued and not yet drained: later requests are answered by it (RFC 8446, 4.6.3). */
    private boolean keyUpdateAnswerQueued;
    private boolean inboundDone;
    private boolean outboundDone;
    private TlsException failure;
    /** Accepted 0-RTT data not yet read (write mode), or null; and what may still arrive (RFC 8446, 4.2.10). */
    private ByteBuffer earlyData;
    private int earlyDataLimit;
    private int earlyDataBudget;

    public Engine(boolean client, TlsListener listener, SecureRandom random, Consumer<String> keyLog,
                  long keyUpdateAfterRecords) {
        this(client, listener, random, keyLog, keyUpdateAfterRecords, CryptoProvider.parapet(), Limits.DEFAULT);
    }

    /** {@code crypto} makes this connection's key exchanges, signatures and record AEADs; {@code limits} bound the peer. */
    public Engine(boolean client, TlsListener listener, SecureRandom random, Consumer<String> keyLog,
                  long keyUpdateAfterRecords, CryptoProvider crypto, Limits limits) {
        this(client, listener, random, keyLog, keyUpdateAfterRecords, crypto, limits, new RecordBufferPool(2));
    }

    /** As above, borrowing record buffers from {@code pool} (the config's, shared by its connections). */
    public Engine(boolean client, TlsListener listener, SecureRandom random, Consumer<String> keyLog,
                  long keyUpdateAfterRecords, CryptoProvider crypto, Limits limits, RecordBufferPool pool) {
        this(client, listener, random, keyLog, keyUpdateAfterRecords, crypto, limits, pool, new CipherPool(2));
    }

    /** As above, borrowing JCA Ciphers from {@code ciphers} while records flow (the config's, shared too). */
    public Engine(boolean client, TlsListener listener, SecureRandom random, Consumer<String> keyLog,
                  long keyUpdateAfterRecords, CryptoProvider crypto, Limits limits, RecordBufferPool pool,
                  CipherPool ciphers) {
        this.limits = limits;
        this.cipherPool = java.util.Objects.requireNonNull(ciphers);
        this.reassembler = new HandshakeReassembler(limits);
        this.records = new RecordLayer(pool);
        this.listener = listener;
        this.keyUpdateAfterRecords = keyUpdateAfterRecords;
        this.context = new HandshakeContext(this, client, listener, random, keyLog, crypto);
    }

    public HandshakeContext context() {
        return context;
    }

    Limits limits() {
        return limits;
    }

    /** Sets the first state; call once, after the first flight (if any) was queued. */
    public void start(State initial) {
        this.state = initial;
    }

    // ---------------------------------------------------------------- inbound

    public void receive(ByteBuffer in) throws TlsException {
        throwIfFailed();
        try {
            while (!inboundDone && !hasApplicationData()) {
                int type = records.read(in);
                if (type < 0) {
                    return;
                }
                dispatch(type, records.payload());
                if (!hasApplicationData()) {
                    recycleInput();
                }
            }
        } catch (TlsException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(new TlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e));
        }
    }

    private void dispatch(int type, ByteBuffer payload) throws TlsException {
        if (type != ContentType.HANDSHAKE && !reassembler.isEmpty()) {
            // RFC 8446, 5.1: handshake messages must not be interleaved with other record types
            throw TlsException.unexpectedMessage(ContentType.name(type) + " record inside a fragmented handshake "
                    + "message");
        }
        switch (type) {
            case ContentType.HANDSHAKE -> handshakeRecord(payload);
            case ContentType.APPLICATION_DATA -> applicationDataRecord(payload);
            case ContentType.ALERT -> alertRecord(payload);
            case ContentType.CHANGE_CIPHER_SPEC -> changeCipherSpecRecord(payload);
            default -> throw TlsException.unexpectedMessage("record has unknown content type " + type);
        }
    }

    private void handshakeRecord(ByteBuffer payload) throws TlsException {
        emptyRecordsInARow = 0;
        reassembler.add(payload);
        HandshakeMessage m;
        while ((m = reassembler.next()) != null) {
            trace(false, m);
            if (!state.expects(m.type())) {
                throw TlsException.unexpectedMessage(m.type() + " is not expected in state " + state.name());
            }
            if (session != null && ++postHandshakeMessages > limits.maxPostHandshakeMessages()) {
                // RFC 8446, 4.6 allows post-handshake messages at any time; an endless run of them is a flood
                throw TlsException.unexpectedMessage("more than " + limits.maxPostHandshakeMessages()
                        + " post-handshake messages without application data in between exceed "
                        + "Limits.maxPostHandshakeMessages");
            }
            state = state.handle(m);
        }
    }

    private void applicationDataRecord(ByteBuffer payload) throws TlsException {
        if (!state.isConnected()) {
            if (state.acceptsEarlyData()) {
                earlyDataRecord(payload);
                return;
            }
            throw TlsException.unexpectedMessage("application data before the handshake completed");
        }
        countApplicationData(payload.remaining());
        applicationData = payload;
    }

    /** Data resets the flood counters; empty records count (RFC 8446, 5.4: legal, but a flood is a DoS). */
    private void countApplicationData(int length) throws TlsException {
        if (length > 0) {
            emptyRecordsInARow = 0;
            warningAlerts = 0;
            keyUpdates = 0;
            postHandshakeMessages = 0;
        } else if (++emptyRecordsInARow > limits.maxEmptyRecords()) {
            // OpenSSL stops at 32 too
            throw TlsException.unexpectedMessage("more than " + limits.maxEmptyRecords()
                    + " empty records in a row exceed Limits.maxEmptyRecords");
        }
    }

    /**
     * {@link #receive} and {@link #read} in one: once connected, application data records are opened straight into
     * {@code dst} while it has room for a whole record (no copy through a record buffer); handshake messages and
     * alerts among them are handled as {@link #receive} does, and anything else (a record bigger than dst's room,
     * data already buffered) goes through {@link #receive} and {@link #read}.
     *
     * @return bytes of application data put into dst; -1 after the peer's close_notify once nothing is left
     */
    public int unwrap(ByteBuffer in, ByteBuffer dst) throws TlsException {
        throwIfFailed();
        int produced = 0;
        try {
            while (directlyReadable()) {
                int start = dst.position();
                int type = records.readInto(in, dst);
                if (type == -1 || type == RecordLayer.NOT_DIRECT) {
                    break;
                }
                if (type == ContentType.APPLICATION_DATA) {
                    countApplicationData(dst.position() - start);
                    produced += dst.position() - start;
                } else {
                    dispatch(type, records.payload());
                    recycleInput();
                }
            }
        } catch (TlsException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(new TlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e));
        }
        if (produced > 0) {
            recycleInput(); // idle in this direction until the next call: the pooled Cipher goes back
            return produced;
        }
        receive(in);
        return read(dst);
    }

    private boolean directlyReadable() {
        return !inboundDone && state.isConnected() && !hasApplicationData() && reassembler.isEmpty()
                && (earlyData == null || earlyData.position() == 0);
    }

    /** RFC 8446, 4.2.10: accepted 0-RTT data, kept (bounded by max_early_data_size) until the caller reads it. */
    private void earlyDataRecord(ByteBuffer payload) throws TlsException {
        if (payload.remaining() > earlyDataBudget) {
            throw TlsException.unexpectedMessage("client sent more 0-RTT data than the " + earlyDataLimit
                    + " bytes this server takes (maxEarlyData)");
        }
        earlyDataBudget -= payload.remaining();
        if (earlyData == null) {
            earlyData = ByteBuffer.allocate(Math.min(earlyDataLimit, 4 * RecordLayer.MAX_PLAINTEXT));
        }
        if (earlyData.remaining() < payload.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(earlyDataLimit,
                    Math.max(2 * earlyData.capacity(), earlyData.position() + payload.remaining())));
            earlyData.flip();
            earlyData = bigger.put(earlyData);
        }
        earlyData.put(payload);
    }

    /** Server: 0-RTT data of up to {@code maxBytes} will follow the ClientHello. */
    void acceptEarlyData(int maxBytes) {
        earlyDataLimit = maxBytes;
        earlyDataBudget = maxBytes;
    }

    /** Server: skip refused 0-RTT records, up to {@code maxBytes} (RFC 8446, 4.2.10). */
    void skipUndecryptable(int maxBytes) {
        records.skipUndecryptable(maxBytes);
    }

    /** Client: 0-RTT data under the early keys, right after the ClientHello. */
    void sendEarlyData(ByteBuffer data) throws TlsException {
        records.write(ContentType.APPLICATION_DATA, data);
    }

    private void alertRecord(ByteBuffer payload) throws TlsException {
        if (payload.remaining() != 2) {
            throw TlsException.decodeError("alert record of " + payload.remaining() + " bytes, expected 2");
        }
        int level = payload.get() & 0xff;
        int code = payload.get() & 0xff;
        AlertDescription alert = AlertDescription.fromCode(code);
        listener.alert(false, alert);
        if (alert == AlertDescription.CLOSE_NOTIFY) {
            inboundDone = true;
            return;
        }
        if (level == ALERT_WARNING && (alert == AlertDescription.USER_CANCELED
                || context.version != ProtocolVersion.TLS13)) {
            // RFC 8446, 6.1: user_canceled is followed by close_notify; RFC 5246, 7.2: TLS 1.2 warnings go on
            if (++warningAlerts > limits.maxWarningAlerts()) {
                throw TlsException.unexpectedMessage("more than " + limits.maxWarningAlerts()
                        + " warning alerts in a row exceed Limits.maxWarningAlerts");
            }
            return;
        }
        // RFC 8446, 6.2: in TLS 1.3 every other alert ends the connection, whatever its level says
        String name = alert != null ? alert.toString() : "unknown (" + code + ")";
        throw TlsException.receivedAlert(alert, "peer sent alert " + name + " " + where());
    }

    private String where() {
        return session != null ? "after the handshake" : "in state " + state.name();
    }

    private void changeCipherSpecRecord(ByteBuffer payload) throws TlsException {
        if (payload.remaining() != 1 || payload.get(payload.position()) != 1) {
            throw TlsException.unexpectedMessage("malformed change_cipher_spec record");
        }
        State next = state.changeCipherSpec();
        if (next != null) {
            state = next; // TLS 1.2: the real thing
            return;
        }
        // RFC 8446, 5: a single 0x01, once, between the first ClientHello and the peer's Finished
        boolean tls12 = context.version == ProtocolVersion.TLS12;
        if (tls12 || changeCipherSpecSeen || !state.acceptsChangeCipherSpec()) {
            throw TlsException.unexpectedMessage("change_cipher_spec is not expected in state " + state.name());
        }
        changeCipherSpecSeen = true;
    }

    // ---------------------------------------------------------------- application data

    public boolean hasApplicationData() {
        return applicationData != null && applicationData.hasRemaining();
    }

    /**
     * Plaintext ready to {@link #read}. 0-RTT data a server accepted counts once the handshake is over; before, it
     * is readable but not counted, so a loop waiting for the handshake does not mistake it for progress.
     */
    public int available() {
        int early = earlyData != null && session != null ? earlyData.position() : 0;
        return early + (applicationData == null ? 0 : applicationData.remaining());
    }

    public int read(ByteBuffer dst) {
        if (earlyData != null && earlyData.position() > 0) {
            earlyData.flip();
            int n = Math.min(dst.remaining(), earlyData.remaining());
            int limit = earlyData.limit();
            earlyData.limit(earlyData.position() + n);
            dst.put(earlyData);
            earlyData.limit(limit);
            earlyData.compact();
            if (earlyData.position() == 0) {
                earlyData = null; // read in full: release it
            }
            return n;
        }
        if (hasApplicationData()) {
            int n = Math.min(dst.remaining(), applicationData.remaining());
            int limit = applicationData.limit();
            applicationData.limit(applicationData.position() + n);
            dst.put(applicationData);
            applicationData.limit(limit);
            if (!applicationData.hasRemaining()) {
                recycleInput();
            }
            return n;
        }
        return inboundDone ? -1 : 0;
    }

    public int write(ByteBuffer src) throws TlsException {
        checkWritable();
        int start = src.position();
        try {
            while (src.hasRemaining() && records.pendingOutput() < OUTBOUND_HIGH_WATER) {
                updateKeysIfWornOut();
                int limit = src.limit();
                src.limit(src.position() + Math.min(src.remaining(), RecordLayer.MAX_PLAINTEXT));
                try {
                    records.write(ContentType.APPLICATION_DATA, src);
                } finally {
                    src.limit(limit);
                }
            }
        } catch (TlsException e) {
            throw fail(e);
        }
        return src.position() - start;
    }

    private void checkWritable() throws TlsException {
        throwIfFailed();
        if (session == null) {
            throw new IllegalStateException("the handshake is not complete; application data cannot be sent yet");
        }
        if (outboundDone) {
            throw new IllegalStateException("the connection is closed for writing");
        }
    }

    /**
     * {@link #write} and {@link #drain} in one: records sealed straight into {@code out} while it has room for a
     * whole one (no copy through a record buffer), after whatever was pending; what does not fit goes the way of
     * {@link #write} and stays pending.
     *
     * @return bytes put into out (src's position shows what was taken)
     */
    public int wrap(ByteBuffer src, ByteBuffer out) throws TlsException {
        checkWritable();
        int start = out.position();
        drain(out);
        try {
            while (src.hasRemaining() && records.pendingOutput() == 0) {
                updateKeysIfWornOut();
                if (records.pendingOutput() > 0) { // a KeyUpdate goes out before the records under the new keys
                    drain(out);
                    continue;
                }
                int chunk = Math.min(src.remaining(), RecordLayer.MAX_PLAINTEXT);
                if (out.remaining() < records.maxRecordLength(chunk)) {
                    break;
                }
                int limit = src.limit();
                src.limit(src.position() + chunk);
                try {
                    records.writeInto(ContentType.APPLICATION_DATA, src, out);
                } finally {
                    src.limit(limit);
                }
            }
        } catch (TlsException e) {
            throw fail(e);
        }
        if (src.hasRemaining()) {
            write(src);
            drain(out);
        } else {
            records.writeIdle();
        }
        return out.position() - start;
    }

    /** RFC 8446, 5.5: rekey before a key's usage limit (TLS 1.2 cannot: it has no KeyUpdate). */
    private void updateKeysIfWornOut() throws TlsException {
        if (context.version != ProtocolVersion.TLS13) {
            return;
        }
        long limit = Math.min(keyUpdateAfterRecords, context.cipherSuite.recordLimit());
        if (records.writeProtection().sequenceNumber() >= limit) {
            sendKeyUpdate(false);
        }
    }

    // ---------------------------------------------------------------- outbound

    public int drain(ByteBuffer out) {
        int n = records.drain(out);
        if (records.pendingOutput() == 0) {
            keyUpdateAnswerQueued = false;
        }
        return n;
    }

    /** Lets the record layer give its buffers back while no decrypted data waits to be read. */
    public void releaseBuffers() {
        if (!hasApplicationData()) {
            applicationData = null; // a view of the record layer's buffer: it would keep it alive
            records.releaseBuffers();
        }
    }

    /** The last record was consumed: its buffer goes back to the pool (the payload view is dropped first). */
    private void recycleInput() {
        applicationData = null;
        records.recycleInput();
    }

    public RecordBufferPool recordBufferPool() {
        return records.pool();
    }

    /** Where the record protections borrow their JCA Ciphers and Macs. */
    public CipherPool cipherPool() {
        return cipherPool;
    }

    /** True while the record layer holds a borrowed buffer (tests of idle memory). */
    public boolean holdsRecordBuffers() {
        return records.holdsBuffers();
    }

    public boolean hasPendingOutput() {
        return records.pendingOutput() > 0;
    }

    void sendHandshake(HandshakeMessage m) throws TlsException {
        records.write(ContentType.HANDSHAKE, ByteBuffer.wrap(m.encoded()));
        trace(true, m);
    }

    void sendChangeCipherSpec() throws TlsException {
        records.write(ContentType.CHANGE_CIPHER_SPEC, ByteBuffer.wrap(new byte[] {1}));
    }

    void setReadProtection(RecordProtection p) throws TlsException {
        // RFC 8446, 5.1: handshake messages must not span a key change
        if (!reassembler.isEmpty()) {
            throw TlsException.unexpectedMessage("handshake message spans a key change");
        }
        records.setReadProtection(p);
    }

    void setWriteProtection(RecordProtection p) {
        records.setWriteProtection(p);
    }

    void handshakeComplete(TlsSession s) {
        this.session = s;
        listener.handshakeComplete(s);
    }

    public TlsSession session() {
        return session;
    }

    /** The handshake is over: the reassembly buffer shrinks until a post-handshake message needs it. */
    void trimHandshakeBuffers() {
        reassembler.trim();
    }

    void updateSession(TlsSession s) {
        this.session = s;
    }

    /**
     * RFC 8446, 4.6.2: asks the client for a certificate now. Needs TLS 1.3, a client that offered
     * post_handshake_auth, and a server configured with {@code ClientAuth.POST_HANDSHAKE}.
     */
    public void requestClientCertificate() throws TlsException {
        throwIfFailed();
        if (context.isClient() || session == null || context.version != ProtocolVersion.TLS13
                || !state.isConnected() || !(state instanceof Connected)) {
            throw new IllegalStateException("a client certificate can be requested by a TLS 1.3 server after its "
                    + "handshake, one request at a time");
        }
        if (!context.postHandshakeAuthOffered || context.postHandshakeAuth == null) {
            throw new IllegalStateException("the client did not offer post_handshake_auth, or the server is not "
                    + "configured with ClientAuth.POST_HANDSHAKE");
        }
        try {
            state = context.postHandshakeAuth.request(state);
        } catch (TlsException e) {
            throw fail(e);
        }
    }

    public boolean isHandshaking() {
        return session == null && failure == null;
    }

    // ---------------------------------------------------------------- key update

    /** RFC 8446, 4.6.3: sends a KeyUpdate under the current key, then switches to the next one. */
    public void sendKeyUpdate(boolean requestPeerUpdate) throws TlsException {
        throwIfFailed();
        if (session == null || outboundDone) {
            throw new IllegalStateException("KeyUpdate needs an open, established connection");
        }
        if (context.version != ProtocolVersion.TLS13) {
            throw new IllegalStateException("KeyUpdate is TLS 1.3 only; this connection speaks " + context.version);
        }
        sendHandshake(new KeyUpdate(requestPeerUpdate).encode());
        context.writeApplicationSecret = context.keySchedule.nextApplicationTrafficSecret(
                context.writeApplicationSecret);
        records.writeProtection().rekey(context.keySchedule.trafficKeys(context.writeApplicationSecret));
        listener.keyScheduleEvent("write keys: next application traffic (KeyUpdate sent)");
    }

    /** A KeyUpdate arrived: switch read keys, and answer when asked to. */
    void receivedKeyUpdate(boolean updateRequested) throws TlsException {
        // RFC 8446, 5.1: KeyUpdate must end its record, since the keys change after it
        if (!reassembler.isEmpty()) {
            throw TlsException.unexpectedMessage("handshake data follows KeyUpdate in its record; a key change must end a record");
        }
        if (++keyUpdates > limits.maxKeyUpdates()) {
            throw TlsException.unexpectedMessage("more than " + limits.maxKeyUpdates()
                    + " KeyUpdates without application data in between exceed Limits.maxKeyUpdates");
        }
        context.readApplicationSecret = context.keySchedule.nextApplicationTrafficSecret(
                context.readApplicationSecret);
        records.readProtection().rekey(context.keySchedule.trafficKeys(context.readApplicationSecret));
        listener.keyScheduleEvent("read keys: next application traffic (KeyUpdate received)");
        // RFC 8446, 4.6.3: answer before our next application data; requests that arrive while an answer still
        // waits to be sent are answered by it, so a peer cannot make us queue without bound
        if (updateRequested && !outboundDone && !keyUpdateAnswerQueued) {
            sendKeyUpdate(false);
            keyUpdateAnswerQueued = true;
        }
    }

    // ---------------------------------------------------------------- closing and failing

    public void closeOutbound() {
        if (!outboundDone) {
            outboundDone = true;
            sendAlert(ALERT_WARNING, AlertDescription.CLOSE_NOTIFY);
        }
    }

    public boolean isInboundDone() {
        return inboundDone;
    }

    public boolean isOutboundDone() {
        return outboundDone;
    }

    public void receiveEndOfStream() throws TlsException {
        if (!inboundDone) {
            String when = session == null ? " during the handshake" : "";
            failure = TlsException.truncation("connection truncated: the peer closed the transport" + when
                    + " without close_notify");
            inboundDone = true;
            outboundDone = true;
            throw failure;
        }
    }

    private TlsException fail(TlsException e) {
        if (failure != null) {
            return failure;
        }
        e.inState(state == null ? "start" : state.name());
        failure = e;
        if (context.tls12Session != null && e.alert() != null) {
            context.tls12Session.failed(); // RFC 5246, 7.2.2: a fatal alert ends the session too
        }
        inboundDone = true;
        if (!e.receivedFromPeer() && e.alert() != null && !outboundDone) {
            sendAlert(ALERT_FATAL, e.alert());
        }
        outboundDone = true;
        return e;
    }

    void sendWarning(AlertDescription alert) {
        if (!outboundDone) {
            sendAlert(ALERT_WARNING, alert);
        }
    }

    private void sendAlert(int level, AlertDescription alert) {
        try {
            records.write(ContentType.ALERT, ByteBuffer.wrap(new byte[] {(byte) level, (byte) alert.code()}));
            listener.alert(true, alert);
        } catch (TlsException | RuntimeException ignored) {
            // the alert is a courtesy; the caller already has the real error
        }
    }

    private void throwIfFailed() throws TlsException {
        if (failure != null) {
            throw failure;
        }
    }

    public TlsException failure() {
        return failure;
    }

    private void trace(boolean sent, HandshakeMessage m) {
        if (listener != TlsListener.NONE) {
            listener.handshakeMessage(sent, m.type().rfcName(), m.body().length,
                    MessageSummary.describe(m, context.version == ProtocolVersion.TLS12));
        }
    }
}
