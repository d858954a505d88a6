package dev.parapet.tls.record;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/** The caller's side of sealing one record: at most 2^14 bytes of plaintext, and room for the result. */
final class SealCheck {
    private static final int MAX_PLAINTEXT = 1 << 14;

    private SealCheck() {
    }

    static void check(int plaintextLength, int recordLength, ByteBuffer out) throws TlsException {
        if (plaintextLength > MAX_PLAINTEXT) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "refusing to seal " + plaintextLength + " bytes in one record (the limit is 2^14)");
        }
        if (out.remaining() < recordLength) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "output buffer has " + out.remaining() + " bytes, sealing needs " + recordLength);
        }
    }
}
