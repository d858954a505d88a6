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

    /**
     * Whether the 5-byte header at {@code src}'s position (which must be there) can start a TLS record: a known
     * content type (change_cipher_spec, alert, handshake, application_data), major version 3, and a fragment of at
     * most 2^14 + 2048 bytes. Checked before waiting for the body, so that non-TLS input (an HTTP request, an SSLv2
     * hello) fails at once instead of waiting for as many bytes as its first ones happen to announce.
     */
    static boolean plausibleHeader(ByteBuffer src) {
        int p = src.position();
        int type = src.get(p) & 0xff;
        int fragment = ((src.get(p + 3) & 0xff) << 8) | (src.get(p + 4) & 0xff);
        return type >= 20 && type <= APPLICATION_DATA && src.get(p + 1) == 3 && fragment <= MAX_FRAGMENT;
    }

    /** The header alone, as a buffer the core's record layer can judge (it then waits for the body, or refuses). */
    static ByteBuffer header(ByteBuffer src) {
        ByteBuffer h = src.duplicate();
        h.limit(h.position() + HEADER_LENGTH);
        return h.slice();
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
