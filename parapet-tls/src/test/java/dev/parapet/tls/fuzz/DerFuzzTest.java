package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.x509.Der;

/**
 * The DER reader on arbitrary bytes: {@code Der.parse} and a walk of every element, reading each primitive as every
 * type it could be. The documented failure is {@link Der.DerException}; nothing else may escape.
 */
class DerFuzzTest {
    private static final int MAX_DEPTH = 32;

    @FuzzTest
    void der(byte[] input) {
        Decoders.only(Der.DerException.class, () -> Der.parse(input));
        Decoders.only(Der.DerException.class, () -> walk(new Der.Reader(input), 0));
    }

    private static void walk(Der.Reader reader, int depth) {
        while (reader.hasMore()) {
            Der.Element e = reader.read();
            if ((e.tag() & 0x20) != 0 && depth < MAX_DEPTH) {
                Decoders.only(Der.DerException.class, () -> walk(e.contents(), depth + 1));
            } else {
                Decoders.only(Der.DerException.class, () -> new Der.Reader(e.encoded()).readInteger());
                Decoders.only(Der.DerException.class, () -> new Der.Reader(e.encoded()).readSmallInteger());
                Decoders.only(Der.DerException.class, () -> new Der.Reader(e.encoded()).readOid());
                Decoders.only(Der.DerException.class, () -> new Der.Reader(e.encoded()).readBitString());
                Decoders.only(Der.DerException.class, () -> new Der.Reader(e.encoded()).readOctetString());
                Decoders.only(Der.DerException.class, () -> new Der.Reader(e.encoded()).readNull());
            }
        }
    }
}
