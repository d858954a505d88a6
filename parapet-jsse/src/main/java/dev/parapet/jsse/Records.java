package dev.parapet.jsse;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.crypto.CipherSuite;
import java.nio.ByteBuffer;

/** What the engine reads from record headers, without decrypting anything. */
final class Records {
    static final int HEADER_LENGTH = 5;
    static final int MAX_PLAINTEXT = 1 << 14;
    static final int APPLICATION_DATA = 23;
    /** RFC 5246, 6.2.3: the largest fragment a record may announce; larger is record_overflow for the core. */
    static final int MAX_FRAGMENT = MAX_PLAINTEXT + 2048;

    private Records() {
    }

    /** The whole record's length at {@code src}'s position, or -1 while the header is incomplete. */
    static int recordLength(ByteBuffer src) {
        if (src.remaining() < HEADER_LENGTH) {
            return -1;
        }
        int p = src.position();
        int fragment = ((src.get(p + 3) & 0xff) << 8) | (src.get(p + 4) & 0xff);
        return HEADER_LENGTH + Math.min(fragment, MAX_FRAGMENT);
    }

    static int contentType(ByteBuffer src) {
        return src.get(src.position()) & 0xff;
    }

    /**
     * An upper bound on the plaintext a protected record of this length can carry under the suite: the fragment
     * less the AEAD tag (and explicit nonce in TLS 1.2), or less IV and MAC for CBC; never more than 2^14.
     */
    static int maxPlaintext(int recordLength, CipherSuite suite) {
        int fragment = recordLength - HEADER_LENGTH;
        int overhead;
        if (suite == null) {
            overhead = 0;
        } else if (suite.isTls13()) {
            overhead = CipherSuite.TAG_LENGTH + 1; // tag, inner content type
        } else if (suite.cipher().isAead()) {
            overhead = CipherSuite.TAG_LENGTH + suite.cipher().recordIvLength();
        } else {
            overhead = suite.cipher().recordIvLength() + suite.macLength() + 1;
        }
        return Math.max(0, Math.min(MAX_PLAINTEXT, fragment - overhead));
    }

    /** A plaintext fatal alert record, for failures before the core has a connection (TLS 1.2 record version). */
    static byte[] plaintextFatalAlert(AlertDescription alert) {
        return new byte[] {21, 3, 3, 0, 2, 2, (byte) alert.code()};
    }
}
