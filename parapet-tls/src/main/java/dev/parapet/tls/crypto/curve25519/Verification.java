package dev.parapet.tls.crypto.curve25519;

/**
 * Variable-time [s]B - [k]A for Ed25519 verification (all inputs public): both scalars in width-w non-adjacent form,
 * one shared chain of doublings, odd multiples of B precomputed once (w = 7) and of A per call (w = 5).
 */
final class Verification {
    private static final int WIDTH_A = 5;
    private static final int WIDTH_B = 7;
    /** Room for a 256-bit scalar and the carry out of its top window (w &lt;= 8). */
    private static final int DIGITS = 256 + 8;
    private static final EdPoint.Cached[] ODD_B = oddMultiples(Ed25519.basePoint(), WIDTH_B);

    private Verification() {
    }

    static EdPoint doubleScalarMultiply(byte[] s, byte[] k, EdPoint a) {
        int[] sNaf = naf(s, WIDTH_B);
        int[] kNaf = naf(k, WIDTH_A);
        EdPoint.Cached[] oddA = oddMultiples(a, WIDTH_A);
        int top = sNaf.length - 1;
        while (top >= 0 && sNaf[top] == 0 && kNaf[top] == 0) {
            top--;
        }
        EdPoint h = new EdPoint();
        for (int i = top; i >= 0; i--) {
            h.dbl(h, sNaf[i] != 0 || kNaf[i] != 0); // T is only read by an addition
            if (sNaf[i] > 0) {
                h.add(h, ODD_B[sNaf[i] >> 1]);
            } else if (sNaf[i] < 0) {
                h.sub(h, ODD_B[-sNaf[i] >> 1]);
            }
            if (kNaf[i] > 0) {
                h.sub(h, oddA[kNaf[i] >> 1]);
            } else if (kNaf[i] < 0) {
                h.add(h, oddA[-kNaf[i] >> 1]);
            }
        }
        return h;
    }

    /** P, 3P, 5P, ..., (2^(w-1) - 1) P. */
    private static EdPoint.Cached[] oddMultiples(EdPoint p, int w) {
        EdPoint.Cached[] out = new EdPoint.Cached[1 << (w - 2)];
        EdPoint twice = new EdPoint();
        twice.dbl(p);
        EdPoint.Cached twiceCached = twice.toCached();
        EdPoint acc = new EdPoint();
        acc.set(p);
        out[0] = acc.toCached();
        for (int i = 1; i < out.length; i++) {
            acc.add(acc, twiceCached);
            out[i] = acc.toCached();
        }
        return out;
    }

    /**
     * Width-w NAF of a 256-bit little-endian scalar: digits are 0 or odd in (-2^(w-1), 2^(w-1)), any w consecutive
     * digits hold at most one non-zero, and sum(d_i 2^i) is the scalar.
     */
    static int[] naf(byte[] scalar, int w) {
        int[] bits = new int[DIGITS + 8];
        for (int i = 0; i < 256; i++) {
            bits[i] = (scalar[i >>> 3] >>> (i & 7)) & 1;
        }
        int[] digits = new int[DIGITS];
        int window = 1 << w;
        for (int pos = 0; pos < DIGITS; pos++) {
            if (bits[pos] == 0) {
                continue;
            }
            int d = 0;
            for (int j = w - 1; j >= 0; j--) {
                d = (d << 1) | bits[pos + j];
            }
            for (int j = 0; j < w; j++) {
                bits[pos + j] = 0;
            }
            if (d >= window / 2) {
                d -= window;                  // add 2^w at pos, i.e. carry one into bit pos + w
                int c = pos + w;
                while (bits[c] == 1) {
                    bits[c++] = 0;
                }
                bits[c] = 1;
            }
            digits[pos] = d;
        }
        return digits;
    }
}
