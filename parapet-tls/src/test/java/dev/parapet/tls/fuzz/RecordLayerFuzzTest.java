package dev.parapet.tls.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.TrafficKeys;
import dev.parapet.tls.record.ContentType;
import dev.parapet.tls.record.RecordLayer;
import dev.parapet.tls.record.RecordProtection;
import dev.parapet.tls.record.Tls12AeadProtection;
import dev.parapet.tls.record.Tls12CbcProtection;
import dev.parapet.tls.record.Tls13RecordProtection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The record layer opening arbitrary bytes under a real key, for every kind of record protection (TLS 1.3 AEAD,
 * TLS 1.2 AEAD, TLS 1.2 CBC with and without encrypt_then_mac). Input: {@code protection(1) mode(1) rest}.
 * Even modes feed {@code rest} to the reader as wire bytes. Odd modes read {@code rest} as
 * {@code content_type(1) flip_at(2) flip_xor(1) plaintext}: the plaintext is sealed by a writer under the same key
 * (so the fuzzer gets past authentication), one byte is flipped when {@code flip_xor} is not 0, and the reader must
 * then either give back exactly what was sealed or refuse with an alert. Always: what was written fits the record
 * limit, and no opened record holds more than 2^14 bytes. Mode bit 1 reads through {@link RecordLayer#readInto}
 * (the direct path of TlsConnection.unwrap) instead, falling back to read as the engine does: the same content, and
 * after a refusal nothing but zeros in the caller's buffer.
 */
class RecordLayerFuzzTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] MAC_KEY = new byte[48];
    private static final byte[] IV = new byte[12];
    private static final List<Supplier<RecordProtection[]>> PROTECTIONS = List.of(
            () -> tls13(CipherSuite.TLS_AES_128_GCM_SHA256),
            () -> tls13(CipherSuite.TLS_AES_256_GCM_SHA384),
            () -> tls13(CipherSuite.TLS_CHACHA20_POLY1305_SHA256),
            () -> tls12Aead(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            () -> tls12Aead(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
            () -> tls12Cbc(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, false),
            () -> tls12Cbc(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, false),
            () -> tls12Cbc(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256, true));

    @FuzzTest
    void openRecords(byte[] input) {
        if (input.length < 2) {
            return;
        }
        RecordProtection[] pair = PROTECTIONS.get((input[0] & 0xff) % PROTECTIONS.size()).get();
        byte[] rest = Arrays.copyOfRange(input, 2, input.length);
        boolean direct = (input[1] & 2) != 0;
        if ((input[1] & 1) == 0) {
            readAll(pair[1], rest, direct);
        } else if (rest.length >= 4) {
            sealFlipOpen(pair, rest, direct);
        }
    }

    private static void sealFlipOpen(RecordProtection[] pair, byte[] rest, boolean direct) {
        int type = rest[0] & 0xff;
        int flipAt = ((rest[1] & 0xff) << 8) | (rest[2] & 0xff);
        int xor = rest[3];
        byte[] plaintext = Arrays.copyOfRange(rest, 4, rest.length);
        RecordLayer writer = new RecordLayer();
        writer.setWriteProtection(pair[0]);
        try {
            writer.write(type, ByteBuffer.wrap(plaintext));
        } catch (TlsException e) {
            throw new AssertionError("sealing failed: " + e.getMessage(), e);
        }
        ByteBuffer out = ByteBuffer.allocate(writer.pendingOutput());
        writer.drain(out);
        byte[] wire = out.array();
        for (int p = 0; p + 5 <= wire.length; ) {
            int length = ((wire[p + 3] & 0xff) << 8) | (wire[p + 4] & 0xff);
            if (length > Replay.MAX_FRAGMENT) {
                throw new AssertionError("a sealed record of " + length + " bytes");
            }
            p += 5 + length;
        }
        if (xor != 0) {
            wire[flipAt % wire.length] ^= (byte) xor;
        }
        byte[] opened = readAll(pair[1], wire, direct);
        if (xor == 0 && ContentType.isKnown(type)) {
            assertArrayEquals(plaintext, opened, "what was sealed does not open to itself");
        }
    }

    /** Reads every whole record; returns the concatenated content, or null after a (proper) refusal. */
    private static byte[] readAll(RecordProtection reader, byte[] wire, boolean direct) {
        RecordLayer records = new RecordLayer();
        records.setReadProtection(reader);
        ByteBuffer in = ByteBuffer.wrap(wire);
        ByteBuffer dst = ByteBuffer.allocate(1 << 15);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try {
            while (true) {
                int type = -1;
                if (direct) {
                    Arrays.fill(dst.array(), (byte) 0);
                    dst.clear();
                    type = records.readInto(in, dst);
                    if (type == ContentType.APPLICATION_DATA) {
                        checkSize(dst.position());
                        content.write(dst.array(), 0, dst.position());
                        continue;
                    }
                    if (type >= 0 && dst.position() != 0) {
                        throw new AssertionError("readInto left a " + type + " record in the caller's buffer");
                    }
                }
                if (!direct || type == RecordLayer.NOT_DIRECT) {
                    type = records.read(in);
                }
                if (type < 0) {
                    break;
                }
                ByteBuffer payload = records.payload();
                checkSize(payload.remaining());
                byte[] b = new byte[payload.remaining()];
                payload.get(b);
                content.writeBytes(b);
            }
        } catch (TlsException e) {
            Replay.checkRefusal(e);
            for (int i = 0; direct && i < dst.capacity(); i++) {
                if (dst.get(i) != 0) {
                    throw new AssertionError("a refused record left bytes in the caller's buffer at " + i);
                }
            }
            return null;
        }
        return content.toByteArray();
    }

    private static void checkSize(int opened) {
        if (opened > 1 << 14) {
            throw new AssertionError("an opened record holds " + opened + " bytes");
        }
    }

    private static RecordProtection[] tls13(CipherSuite suite) {
        TrafficKeys keys = new TrafficKeys(Arrays.copyOf(KEY, suite.keyLength()), IV);
        return new RecordProtection[] {Tls13RecordProtection.forWriting(suite, keys),
                Tls13RecordProtection.forReading(suite, keys)};
    }

    private static RecordProtection[] tls12Aead(CipherSuite suite) {
        byte[] key = Arrays.copyOf(KEY, suite.keyLength());
        byte[] iv = Arrays.copyOf(IV, suite.cipher().fixedIvLength());
        return new RecordProtection[] {new Tls12AeadProtection(suite, key, iv),
            new Tls12AeadProtection(suite, key, iv)};
    }

    private static RecordProtection[] tls12Cbc(CipherSuite suite, boolean encryptThenMac) {
        byte[] key = Arrays.copyOf(KEY, suite.keyLength());
        byte[] mac = Arrays.copyOf(MAC_KEY, suite.macLength());
        return new RecordProtection[] {
            new Tls12CbcProtection(suite, key, mac, encryptThenMac, FuzzPki.fixedRandom()),
            new Tls12CbcProtection(suite, key, mac, encryptThenMac, FuzzPki.fixedRandom())};
    }

}
