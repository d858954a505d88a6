package dev.parapet.tls.fuzz;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.record.ContentType;
import dev.parapet.tls.record.Tls13RecordProtection;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * Plays one side of a recorded (and possibly mutated) connection into a deterministic Parapet endpoint, sealing each
 * {@link Flight.Item} under the keys the endpoint itself derived (read from its key log), and checks after every
 * record what must hold whatever the bytes:
 * <ul>
 *   <li>only {@link TlsException} escapes, with an alert (or the peer's own unknown alert), and no internal_error
 *       caused by a runtime exception (the engine's net for bugs);</li>
 *   <li>no application data is readable before the handshake completed (the Finished was checked);</li>
 *   <li>every record Parapet writes fits the record limit (2^14 + 256 bytes of fragment);</li>
 *   <li>what waits to be sent or read stays bounded.</li>
 * </ul>
 */
final class Replay {
    /** RFC 8446, 5.2: the longest TLSCiphertext fragment. */
    static final int MAX_FRAGMENT = (1 << 14) + 256;
    /** Far more than any honest flight of ours; more pending output means something queues without bound. */
    static final int MAX_PENDING_OUTPUT = 64 * 1024;

    private final boolean parapetIsClient;
    private final Map<String, byte[]> secrets = new HashMap<>();
    private final ByteBuffer in = ByteBuffer.allocate(1 << 18);
    private final ByteBuffer out = ByteBuffer.allocate(1 << 20);
    private final TlsConnection connection;
    private CipherSuite suite;
    private ProtocolVersion version;
    private Tls13RecordProtection handshakeWriter;
    private Tls13RecordProtection applicationWriter;
    private byte[] applicationSecret;

    private Replay(boolean parapetIsClient, BiFunction<Consumer<String>, TlsListener, TlsConnection> start) {
        this.parapetIsClient = parapetIsClient;
        this.connection = start.apply(this::keyLog, new TlsListener() {
            @Override
            public void negotiated(ProtocolVersion v, CipherSuite s) {
                version = v;
                suite = s;
            }
        });
    }

    /** Parapet as the client; the flight is what the server sent. */
    static Replay client() {
        return new Replay(true, (log, listener) -> TlsConnection.client(FuzzPki.client(log, listener), FuzzPki.NAME));
    }

    /** Parapet as the server; the flight is what the client sent. */
    static Replay server() {
        return new Replay(false, (log, listener) -> TlsConnection.server(FuzzPki.server(log, listener)));
    }

    TlsConnection connection() {
        return connection;
    }

    private void keyLog(String line) {
        String[] f = line.split(" ");
        secrets.put(f[0], HexFormat.of().parseHex(f[2]));
    }

    /** Runs the whole flight; returns normally whether or not Parapet refused it, throws AssertionError on a bug. */
    void run(Flight flight) {
        drainAndCheck(); // the ClientHello of a client
        for (Flight.Item item : flight.items()) {
            byte[] wire = wire(item);
            if (wire == null || !deliver(wire)) {
                return;
            }
        }
    }

    /** The item as wire bytes, or null when its keys do not exist (the endpoint never derived them). */
    private byte[] wire(Flight.Item item) {
        switch (item.epoch()) {
            case Flight.PLAIN:
                return record(item.type(), item.bytes());
            case Flight.HANDSHAKE_KEYS:
                return seal(handshakeWriter(), item);
            case Flight.APPLICATION_KEYS:
                byte[] sealed = seal(applicationWriter(), item);
                if (sealed != null && item.type() == ContentType.HANDSHAKE && item.bytes().length > 0
                        && item.bytes()[0] == 24) {
                    // RFC 8446, 4.6.3: after a KeyUpdate the sender's next records use the next secret
                    applicationSecret = new KeySchedule(suite).nextApplicationTrafficSecret(applicationSecret);
                    applicationWriter.rekey(new KeySchedule(suite).trafficKeys(applicationSecret));
                }
                return sealed;
            default:
                return item.bytes();
        }
    }

    private static byte[] record(int type, byte[] fragment) {
        int n = Math.min(fragment.length, 0xffff);
        ByteBuffer b = ByteBuffer.allocate(5 + n);
        b.put((byte) type).put((byte) 3).put((byte) 3).putShort((short) n).put(fragment, 0, n);
        return b.array();
    }

    private Tls13RecordProtection handshakeWriter() {
        if (handshakeWriter == null) {
            byte[] secret = secrets.get(parapetIsClient ? "SERVER_HANDSHAKE_TRAFFIC_SECRET"
                    : "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
            if (secret != null && version == ProtocolVersion.TLS13) {
                handshakeWriter = Tls13RecordProtection.forWriting(suite, new KeySchedule(suite).trafficKeys(secret));
            }
        }
        return handshakeWriter;
    }

    private Tls13RecordProtection applicationWriter() {
        if (applicationWriter == null) {
            applicationSecret = secrets.get(parapetIsClient ? "SERVER_TRAFFIC_SECRET_0" : "CLIENT_TRAFFIC_SECRET_0");
            if (applicationSecret != null && version == ProtocolVersion.TLS13) {
                applicationWriter = Tls13RecordProtection.forWriting(suite,
                        new KeySchedule(suite).trafficKeys(applicationSecret));
            }
        }
        return applicationWriter;
    }

    private static byte[] seal(Tls13RecordProtection writer, Flight.Item item) {
        if (writer == null) {
            return null;
        }
        int n = Math.min(item.bytes().length, 1 << 14);
        ByteBuffer sealed = ByteBuffer.allocate(writer.maxRecordLength(n));
        try {
            writer.seal(item.type(), ByteBuffer.wrap(item.bytes(), 0, n), sealed);
        } catch (TlsException e) {
            throw new AssertionError("the harness cannot seal: " + e.getMessage(), e);
        }
        return sealed.array();
    }

    /** Hands bytes to Parapet until it stops consuming; false once the connection has failed. */
    private boolean deliver(byte[] wire) {
        if (wire.length > in.remaining()) {
            return false; // more than a record's worth buffered unconsumed: the peer is only talking to itself
        }
        in.put(wire).flip();
        try {
            int before;
            int read;
            do {
                before = in.remaining();
                connection.receiveFromNetwork(in);
                read = readApplicationData();
            } while (read > 0 || in.remaining() != before && in.hasRemaining());
            return true;
        } catch (TlsException e) {
            checkRefusal(e);
            return false;
        } finally {
            in.compact();
            drainAndCheck();
        }
    }

    private int readApplicationData() {
        int available = connection.available();
        if (available > MAX_FRAGMENT) {
            throw new AssertionError(available + " bytes of application data held at once");
        }
        ByteBuffer plain = ByteBuffer.allocate(Math.max(available, 1));
        int n = connection.read(plain);
        if (n > 0 && connection.session() == null) {
            throw new AssertionError("application data was readable before the handshake completed");
        }
        return Math.max(n, 0);
    }

    static void checkRefusal(TlsException e) {
        if (e.alert() == null && !e.receivedFromPeer() && !e.isTruncation()) {
            throw new AssertionError("a TlsException without an alert: " + e.getMessage(), e);
        }
        if (e.alert() == AlertDescription.INTERNAL_ERROR && !e.receivedFromPeer()
                && e.getCause() instanceof RuntimeException) {
            throw new AssertionError("a runtime exception escaped into internal_error", e.getCause());
        }
    }

    /** Drains what Parapet wrote and checks every record header in it. */
    private void drainAndCheck() {
        if (connection.hasPendingOutput()) {
            out.clear();
            int n = connection.sendToNetwork(out);
            if (connection.hasPendingOutput() || n > MAX_PENDING_OUTPUT) {
                throw new AssertionError("more than " + MAX_PENDING_OUTPUT + " bytes queued to send at once");
            }
            out.flip();
            while (out.remaining() >= 5) {
                int length = out.getShort(out.position() + 3) & 0xffff;
                if (length > MAX_FRAGMENT) {
                    throw new AssertionError("Parapet wrote a record of " + length + " bytes");
                }
                out.position(Math.min(out.limit(), out.position() + 5 + length));
            }
        }
    }
}
