package dev.parapet.tls.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one peer sent on a connection, as the connection fuzz targets read it: records in plaintext, each tagged with
 * the keys to seal it under, so that a mutated handshake message inside an encrypted record still reaches the
 * decoders. Format, repeated to the end: {@code epoch(1) content_type(1) length(2) bytes}. Parsing never fails: a
 * length past the end takes what is left.
 */
record Flight(List<Item> items) {
    /** Sent as it is: a plaintext record. */
    static final int PLAIN = 0;
    /** TLS 1.3: sealed under the peer's handshake traffic keys. */
    static final int HANDSHAKE_KEYS = 1;
    /** TLS 1.3: sealed under the peer's application traffic keys (rekeyed after each KeyUpdate it carries). */
    static final int APPLICATION_KEYS = 2;
    /** Bytes for the wire exactly as recorded (TLS 1.2 records after ChangeCipherSpec); the type is ignored. */
    static final int RAW = 3;

    record Item(int epoch, int type, byte[] bytes) {
        @Override
        public String toString() {
            return "Item[epoch=" + epoch + ", type=" + type + ", " + bytes.length + " bytes]";
        }
    }

    static Flight parse(byte[] input) {
        List<Item> items = new ArrayList<>();
        int p = 0;
        while (p + 4 <= input.length) {
            int epoch = (input[p] & 0xff) % 4;
            int type = input[p + 1] & 0xff;
            int length = ((input[p + 2] & 0xff) << 8) | (input[p + 3] & 0xff);
            p += 4;
            int end = Math.min(input.length, p + length);
            items.add(new Item(epoch, type, Arrays.copyOfRange(input, p, end)));
            p = end;
        }
        return new Flight(List.copyOf(items));
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Item i : items) {
            out.write(i.epoch());
            out.write(i.type());
            out.write(i.bytes().length >>> 8);
            out.write(i.bytes().length);
            out.writeBytes(i.bytes());
        }
        return out.toByteArray();
    }
}
