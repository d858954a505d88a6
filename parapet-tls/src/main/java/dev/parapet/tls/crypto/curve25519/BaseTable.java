package dev.parapet.tls.crypto.curve25519;

/**
 * Constant-time multiplication of the Ed25519 base point B by a secret scalar, through a precomputed table:
 * row i holds j * 256^i * B for j in 1..8, i in 0..31, computed once from public data.
 *
 * <p>The scalar is recoded into 64 signed radix-16 digits e_0..e_63 in [-8, 8], so that
 * s = sum(e_(2i) 256^i) + 16 sum(e_(2i+1) 256^i); each sum takes 32 table additions and the factor 16 four doublings.
 * Each lookup reads all eight entries of its row and keeps the wanted one with masks (none for a zero digit, which
 * gives the identity), then negates it with masks when the digit is negative, so neither the branches nor the memory
 * addresses depend on the scalar.
 *
 * <p>Layout: entries are affine, in the Niels form (y + x, y - x, 2 d x y) of {@link EdPoint.Niels}, so each addition
 * is a mixed addition (7 multiplications instead of 8) and each entry is 3 field elements instead of 4. The whole
 * table is one flat {@code long[]}: entry (i, j) is the 15 longs at (8 i + j - 1) * 15, limbs fully reduced (below
 * 2^51), so a lookup is a loop over one contiguous row of 120 longs.
 */
final class BaseTable {
    private static final int ROWS = 32;
    private static final int ENTRIES = 8;
    private static final int LIMBS = Field25519.LIMBS;
    private static final int ENTRY_LONGS = EdPoint.Niels.LONGS;
    private static final int ROW_LONGS = ENTRIES * ENTRY_LONGS;
    /** 2p in radix 2^51: limb 0 is 2 (2^51 - 19), the others 2 (2^51 - 1). */
    private static final long TWO_P0 = 2 * ((1L << 51) - 19);
    private static final long TWO_PI = 2 * ((1L << 51) - 1);
    private static final long[] TABLE = build();

    private BaseTable() {
    }

    private static long[] build() {
        EdPoint[] points = multiples();
        long[][] zInverses = invertZ(points);
        long[] table = new long[ROWS * ROW_LONGS];
        for (int k = 0; k < points.length; k++) {
            points[k].toNiels(table, k * ENTRY_LONGS, zInverses[k]);
        }
        return table;
    }

    /** j * 256^i * B in extended coordinates, at index 8 i + j - 1. */
    private static EdPoint[] multiples() {
        EdPoint[] points = new EdPoint[ROWS * ENTRIES];
        EdPoint row = Ed25519.basePoint();                // 256^i B
        for (int i = 0; i < ROWS; i++) {
            EdPoint.Cached rowCached = row.toCached();
            EdPoint acc = new EdPoint();
            for (int j = 0; j < ENTRIES; j++) {
                acc.add(acc, rowCached);
                points[i * ENTRIES + j] = new EdPoint();
                points[i * ENTRIES + j].set(acc);
            }
            for (int d = 0; d < 8; d++) {
                row.dbl(row);
            }
        }
        return points;
    }

    /**
     * 1/Z of every point with a single inversion (Montgomery's trick): invert the product of all Z, then peel one
     * factor off at a time. Z is never 0 in extended coordinates.
     */
    private static long[][] invertZ(EdPoint[] points) {
        int n = points.length;
        long[][] prefix = new long[n][];                  // prefix[k] = Z_0 Z_1 ... Z_k
        prefix[0] = Field25519.copyOf(points[0].z);
        for (int k = 1; k < n; k++) {
            prefix[k] = Field25519.create();
            Field25519.mul(prefix[k], prefix[k - 1], points[k].z);
        }
        long[] inv = Field25519.create();
        Field25519.invert(inv, prefix[n - 1]);            // 1 / (Z_0 ... Z_k), k = n - 1 first
        long[][] out = new long[n][];
        for (int k = n - 1; k > 0; k--) {
            out[k] = Field25519.create();
            Field25519.mul(out[k], inv, prefix[k - 1]);   // 1 / Z_k
            Field25519.mul(inv, inv, points[k].z);        // 1 / (Z_0 ... Z_(k-1))
        }
        out[0] = inv;
        return out;
    }

    /** [s]B for a 32-byte little-endian scalar s &lt; 2^255. */
    static EdPoint multiply(byte[] s) {
        int[] e = recode(s);
        EdPoint h = new EdPoint();
        EdPoint.Niels entry = new EdPoint.Niels();
        for (int i = 1; i < 64; i += 2) {
            select(entry, i / 2, e[i]);
            h.add(h, entry);
        }
        h.dbl(h, false);
        h.dbl(h, false);
        h.dbl(h, false);
        h.dbl(h, true);                                   // h = 16 h; only the last doubling's T is read
        for (int i = 0; i < 64; i += 2) {
            select(entry, i / 2, e[i]);
            h.add(h, entry);
        }
        return h;
    }

    /** Signed radix-16 digits: e_i in [-8, 7] for i &lt; 63, e_63 in [0, 8]. Branch-free. */
    private static int[] recode(byte[] s) {
        int[] e = new int[64];
        for (int i = 0; i < 32; i++) {
            e[2 * i] = s[i] & 15;
            e[2 * i + 1] = (s[i] >>> 4) & 15;
        }
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            e[i] += carry;
            carry = (e[i] + 8) >> 4;
            e[i] -= carry << 4;
        }
        e[63] += carry;
        return e;
    }

    /** out = digit * (the row's point), reading every entry of the row. */
    private static void select(EdPoint.Niels out, int row, int digit) {
        long negative = (digit >>> 31) & 1;
        long abs = (digit ^ -negative) + negative;
        int base = row * ROW_LONGS;
        pick(out.ypx, base, abs, 1);                      // the identity (0, 1) is (1, 1, 0) in Niels form
        pick(out.ymx, base + LIMBS, abs, 1);
        pick(out.xy2d, base + 2 * LIMBS, abs, 0);
        // -(x, y) = (-x, y): y + x and y - x trade places and 2 d x y changes sign.
        Field25519.cswap(out.ypx, out.ymx, negative);
        negateIf(out.xy2d, negative);
    }

    /**
     * out = one field element of entry abs (1..8) of a row, {@code off} pointing at that element in the row's first
     * entry; or the small value {@code identity} when abs is 0. Every entry is read; the wanted one is kept by a mask.
     */
    private static void pick(long[] out, int off, long abs, long identity) {
        long[] t = TABLE;
        long v0 = -((abs - 1) >>> 63) & identity;         // abs - 1 is negative only for abs = 0
        long v1 = 0, v2 = 0, v3 = 0, v4 = 0;
        for (int j = 1; j <= ENTRIES; j++, off += ENTRY_LONGS) {
            long m = -((((abs ^ j) - 1) >>> 63) & 1);     // all ones when abs == j; abs ^ j is below 16
            v0 |= m & t[off];
            v1 |= m & t[off + 1];
            v2 |= m & t[off + 2];
            v3 |= m & t[off + 3];
            v4 |= m & t[off + 4];
        }
        out[0] = v0;
        out[1] = v1;
        out[2] = v2;
        out[3] = v3;
        out[4] = v4;
    }

    /**
     * r = -r when bit is 1, computed as 2p - r, unchanged when bit is 0; constant time. Needs limbs below 2^51 (the
     * table's) and gives limbs below 2^52.
     */
    private static void negateIf(long[] r, long bit) {
        long mask = -bit;
        r[0] ^= mask & (r[0] ^ (TWO_P0 - r[0]));
        for (int i = 1; i < LIMBS; i++) {
            r[i] ^= mask & (r[i] ^ (TWO_PI - r[i]));
        }
    }
}
