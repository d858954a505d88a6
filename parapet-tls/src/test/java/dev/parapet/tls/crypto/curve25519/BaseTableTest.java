package dev.parapet.tls.crypto.curve25519;

import static dev.parapet.tls.crypto.CryptoTestSupport.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table-driven [s]B of {@link BaseTable} against a plain double-and-add, on edge and random scalars. */
class BaseTableTest {
    private static final BigInteger L = Scalar25519.L;
    /** RFC 8032, 5.1: the encoding of B (y = 4/5, x even). */
    private static final String B = "5866666666666666666666666666666666666666666666666666666666666666";
    private static final String IDENTITY = "0100000000000000000000000000000000000000000000000000000000000000";
    private final long seed = new SecureRandom().nextLong();

    /** Scalars below 2^255 (multiply's domain): digit and carry edges, the group order around, random ones. */
    private List<BigInteger> scalars() {
        List<BigInteger> out = new ArrayList<>();
        for (long v : new long[] {0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 255, 256}) {
            out.add(BigInteger.valueOf(v));
        }
        out.add(L.subtract(BigInteger.ONE));
        out.add(L);
        out.add(L.add(BigInteger.ONE));
        out.add(BigInteger.ONE.shiftLeft(252));
        out.add(BigInteger.ONE.shiftLeft(254));
        out.add(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));     // all bits of the domain set
        out.add(new BigInteger("78" + "88".repeat(31), 16));                // digits of 8: carries all the way up
        out.add(new BigInteger("77".repeat(32), 16));
        out.add(new BigInteger("70" + "f0".repeat(31), 16));
        out.add(new BigInteger("0f".repeat(32), 16));
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            out.add(new BigInteger(255, random));
        }
        return out;
    }

    @Test
    void multiplyMatchesDoubleAndAdd() {
        for (BigInteger s : scalars()) {
            byte[] scalar = Scalar25519.toLittleEndian(s);
            assertEquals(toHex(doubleAndAdd(s)), toHex(BaseTable.multiply(scalar).encode()),
                    "seed " + seed + " s=" + s.toString(16));
        }
    }

    /** The reference itself, on values with a known answer: [1]B = B, [L]B = identity, [L - 1]B = -B. */
    @Test
    void referenceAndEdgeValues() {
        assertEquals(B, toHex(doubleAndAdd(BigInteger.ONE)));
        assertEquals(IDENTITY, toHex(doubleAndAdd(L)));
        assertEquals(IDENTITY, toHex(BaseTable.multiply(new byte[32]).encode()));
        assertEquals(IDENTITY, toHex(BaseTable.multiply(Scalar25519.toLittleEndian(L)).encode()));
        String minusB = B.substring(0, 62) + "e6";                           // x odd: the sign bit set
        assertEquals(minusB, toHex(BaseTable.multiply(Scalar25519.toLittleEndian(L.subtract(BigInteger.ONE)))
                .encode()));
    }

    /** Variable-time left-to-right double-and-add; test only. */
    private static byte[] doubleAndAdd(BigInteger s) {
        EdPoint.Cached b = Ed25519.basePoint().toCached();
        EdPoint acc = new EdPoint();
        for (int i = s.bitLength() - 1; i >= 0; i--) {
            acc.dbl(acc);
            if (s.testBit(i)) {
                acc.add(acc, b);
            }
        }
        return acc.encode();
    }
}
