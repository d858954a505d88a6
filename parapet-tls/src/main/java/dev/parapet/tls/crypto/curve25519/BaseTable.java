package dev.parapet.tls.crypto.curve25519;

/**
 * Constant-time multiplication of the Ed25519 base point B by a secret scalar, through a precomputed table:
 * {@code TABLE[i][j] = (j + 1) * 256^i * B} for i in 0..31, j in 0..7 (computed once, from public data).
 *
 * <p>The scalar is recoded into 64 signed radix-16 digits e_0..e_63 in [-8, 8], so that
 * s = sum(e_(2i) 256^i) + 16 sum(e_(2i+1) 256^i); each sum takes 32 table additions and the factor 16 four doublings.
 * Each lookup reads all eight entries of its row and keeps the wanted one with masks, then negates it with masks when
 * the digit is negative, so neither the branches nor the memory addresses depend on the scalar.
 */
final class BaseTable {
    private static final int ROWS = 32;
    private static final int ENTRIES = 8;
    private static final EdPoint.Cached[][] TABLE = build();

    private BaseTable() {
    }

    private static EdPoint.Cached[][] build() {
        EdPoint.Cached[][] table = new EdPoint.Cached[ROWS][ENTRIES];
        EdPoint row = Ed25519.basePoint();                // 256^i B
        EdPoint acc = new EdPoint();
        for (int i = 0; i < ROWS; i++) {
            EdPoint.Cached rowCached = row.toCached();
            acc.set(row);
            table[i][0] = rowCached;
            for (int j = 1; j < ENTRIES; j++) {
                acc.add(acc, rowCached);
                table[i][j] = acc.toCached();
            }
            for (int d = 0; d < 8; d++) {
                row.dbl(row);
            }
        }
        return table;
    }

    /** [s]B for a 32-byte little-endian scalar s &lt; 2^255. */
    static EdPoint multiply(byte[] s) {
        int[] e = recode(s);
        EdPoint h = new EdPoint();
        EdPoint.Cached entry = new EdPoint.Cached();
        long[] scratch = Field25519.create();
        for (int i = 1; i < 64; i += 2) {
            select(entry, i / 2, e[i], scratch);
            h.add(h, entry);
        }
        h.dbl(h, false);
        h.dbl(h, false);
        h.dbl(h, false);
        h.dbl(h, true);                                   // h = 16 h; only the last doubling's T is read
        for (int i = 0; i < 64; i += 2) {
            select(entry, i / 2, e[i], scratch);
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

    /** out = digit * TABLE[row][.] (the identity for 0), reading every entry of the row. */
    private static void select(EdPoint.Cached out, int row, int digit, long[] scratch) {
        long negative = (digit >>> 31) & 1;
        long abs = (digit ^ -negative) + negative;
        Field25519.one(out.ypx);
        Field25519.one(out.ymx);
        Field25519.zero(out.z2);
        out.z2[0] = 2;
        Field25519.zero(out.t2d);
        for (int j = 0; j < ENTRIES; j++) {
            long diff = abs ^ (j + 1);
            long match = ((diff - 1) >>> 63) & 1;          // 1 when abs == j + 1; diff is below 16
            out.cmov(TABLE[row][j], match);
        }
        out.cneg(negative, scratch);
    }
}
