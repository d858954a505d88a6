package dev.parapet.tls.hostile;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeReassembler;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.TranscriptHash;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.record.ContentType;
import dev.parapet.tls.record.Tls13RecordProtection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The wire plumbing of a scripted peer facing one Parapet connection: it delivers bytes to Parapet, and reads,
 * opens and logs every record Parapet sends, following Parapet's key changes so that protected alerts can be read.
 * Subclasses decide what the handshake messages mean.
 */
abstract class ScriptedPeer {
    /** One record (or handshake message) that Parapet sent, after opening. */
    record Inbound(int type, boolean sealed, byte[] payload) {
    }

    final TlsConnection parapet;
    final TranscriptHash transcript = new TranscriptHash();
    final List<Inbound> inbound = new ArrayList<>();
    final List<HandshakeMessage> handshakes = new ArrayList<>();
    CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
    KeySchedule keys;
    private Tls13RecordProtection writer;
    private Tls13RecordProtection reader;
    private byte[] readSecret;
    private byte[] writeSecret;
    private final ByteBuffer toParapet = ByteBuffer.allocate(1 << 20);
    private final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    private final HandshakeReassembler reassembler = new HandshakeReassembler();
    private byte[] partial = new byte[0];

    ScriptedPeer(TlsConnection parapet) {
        this.parapet = parapet;
    }

    /** A handshake message from Parapet, in order; key changes it implies must happen here. */
    abstract void onHandshake(HandshakeMessage m);

    // ------------------------------------------------------------------ keys

    void writeKeys(byte[] trafficSecret) {
        writeSecret = trafficSecret;
        writer = trafficSecret == null ? null
                : Tls13RecordProtection.forWriting(suite, keys.trafficKeys(trafficSecret));
    }

    void readKeys(byte[] trafficSecret) {
        readSecret = trafficSecret;
        reader = Tls13RecordProtection.forReading(suite, keys.trafficKeys(trafficSecret));
    }

    // ------------------------------------------------------------------ towards Parapet

    /** A record of {@code type}: sealed under our current write keys, or plain before there are any. */
    byte[] seal(int type, byte[] content) {
        if (writer == null) {
            return WireRecords.record(type, content);
        }
        ByteBuffer out = ByteBuffer.allocate(writer.maxRecordLength(content.length));
        try {
            writer.seal(type, ByteBuffer.wrap(content), out);
        } catch (TlsException e) {
            throw new AssertionError("cannot seal a record: " + e.getMessage(), e);
        }
        return out.array();
    }

    /** Each message in its own record (sealed once we have keys). */
    void send(HandshakeMessage... messages) throws TlsException {
        for (HandshakeMessage m : messages) {
            deliver(seal(ContentType.HANDSHAKE, m.encoded()));
        }
    }

    void send(List<HandshakeMessage> messages) throws TlsException {
        send(messages.toArray(HandshakeMessage[]::new));
    }

    /** All messages in one record. */
    void sendCoalesced(HandshakeMessage... messages) throws TlsException {
        deliver(seal(ContentType.HANDSHAKE, WireRecords.handshakeBytes(messages)));
    }

    /** RFC 8446, 4.6.3: a KeyUpdate under the current keys, then our next write keys; returns its record. */
    byte[] keyUpdate(boolean requestUpdate) {
        byte[] record = seal(ContentType.HANDSHAKE, new KeyUpdate(requestUpdate).encode().encoded());
        writeKeys(keys.nextApplicationTrafficSecret(writeSecret));
        return record;
    }

    /** Hands wire bytes to Parapet, and reads out any application data it decrypts, until it stops consuming. */
    void deliver(byte[] wire) throws TlsException {
        toParapet.put(wire).flip();
        try {
            int before;
            do {
                before = toParapet.remaining();
                parapet.receiveFromNetwork(toParapet);
            } while (drainApplicationData() > 0 || toParapet.remaining() != before && toParapet.hasRemaining());
        } finally {
            toParapet.compact();
        }
    }

    /** Bytes Parapet left unconsumed (a partial record). */
    int unconsumed() {
        return toParapet.position();
    }

    byte[] applicationData() {
        return plaintext.toByteArray();
    }

    private int drainApplicationData() {
        int n = parapet.available();
        if (n > 0) {
            ByteBuffer b = ByteBuffer.allocate(n);
            parapet.read(b);
            plaintext.write(b.array(), 0, b.position());
        }
        return n;
    }

    // ------------------------------------------------------------------ from Parapet

    /** Takes everything Parapet has queued and opens it record by record; returns the new records. */
    List<Inbound> pull() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(partial);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        while (parapet.sendToNetwork(chunk) > 0) {
            wire.write(chunk.array(), 0, chunk.position());
            chunk.clear();
        }
        ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
        int from = inbound.size();
        for (WireRecords.Wire w : WireRecords.read(in)) {
            open(w);
        }
        partial = new byte[in.remaining()];
        in.get(partial);
        return List.copyOf(inbound.subList(from, inbound.size()));
    }

    private void open(WireRecords.Wire w) {
        if (w.type() != ContentType.APPLICATION_DATA || reader == null) {
            accept(new Inbound(w.type(), false, w.fragment()));
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(w.fragment().length);
        try {
            int type = reader.open(WireRecords.header(w), ByteBuffer.wrap(w.fragment()), out);
            accept(new Inbound(type, true, Arrays.copyOf(out.array(), out.position())));
        } catch (TlsException e) {
            throw new AssertionError("the scripted peer cannot open Parapet's record: " + e.getMessage(), e);
        }
    }

    private void accept(Inbound record) {
        inbound.add(record);
        if (record.type() != ContentType.HANDSHAKE) {
            return;
        }
        try {
            reassembler.add(ByteBuffer.wrap(record.payload()));
            HandshakeMessage m;
            while ((m = reassembler.next()) != null) {
                handshakes.add(m);
                if (m.type() == HandshakeType.KEY_UPDATE) {
                    readKeys(keys.nextApplicationTrafficSecret(readSecret)); // RFC 8446, 4.6.3
                } else {
                    onHandshake(m);
                }
            }
        } catch (TlsException e) {
            throw new AssertionError("Parapet sent a malformed handshake record: " + e.getMessage(), e);
        }
    }

    /** The alert Parapet sent last (pulling first); fails unless it is one well-formed fatal alert. */
    AlertDescription sentAlert() {
        pull();
        Inbound last = null;
        for (Inbound r : inbound) {
            if (r.type() == ContentType.ALERT) {
                last = r;
            }
        }
        if (last == null) {
            throw new AssertionError("Parapet sent no alert; it sent " + inbound.size() + " records");
        }
        if (last.payload().length != 2 || last.payload()[0] != 2) {
            throw new AssertionError("Parapet's alert is not a 2-byte fatal alert: "
                    + HexFormat.of().formatHex(last.payload()));
        }
        return AlertDescription.fromCode(last.payload()[1] & 0xff);
    }

    /** The types of the handshake messages Parapet sent so far. */
    List<HandshakeType> handshakeTypes() {
        pull();
        return handshakes.stream().map(HandshakeMessage::type).toList();
    }
}
