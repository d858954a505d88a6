package dev.parapet.tls.crypto.keccak;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A Keccak sponge over Keccak-f[1600] (FIPS 202): the hashes SHA3-256 and SHA3-512 and the extendable-output
 * functions SHAKE128 and SHAKE256. Absorb input with {@code update}, then read output with {@link #digest()}
 * (hashes) or {@link #squeeze} (XOFs; any number of calls, each continuing where the last one stopped).
 *
 * <p>An instance holds the state of one computation: it is not thread-safe and cannot absorb again once output has
 * been read. The code has no branches or memory accesses that depend on the data, only on lengths.
 */
public final class Keccak {
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** FIPS 202, 6.1 and 6.2: the domain bits (01 for SHA-3, 1111 for SHAKE) followed by the first pad10*1 bit. */
    private static final int SHA3_SUFFIX = 0x06;
    private static final int SHAKE_SUFFIX = 0x1f;

    private final long[] state = new long[25];
    private final int rate;
    private final int suffix;
    private final int digestLength;
    private int position;
    private boolean squeezing;

    private Keccak(int rate, int suffix, int digestLength) {
        this.rate = rate;
        this.suffix = suffix;
        this.digestLength = digestLength;
    }

    /** SHA3-256 (FIPS 202, 6.1): rate 136 bytes, 32-byte digest. */
    public static Keccak sha3256() {
        return new Keccak(136, SHA3_SUFFIX, 32);
    }

    /** SHA3-512 (FIPS 202, 6.1): rate 72 bytes, 64-byte digest. */
    public static Keccak sha3512() {
        return new Keccak(72, SHA3_SUFFIX, 64);
    }

    /** SHAKE128 (FIPS 202, 6.2): rate 168 bytes, output of any length. */
    public static Keccak shake128() {
        return new Keccak(168, SHAKE_SUFFIX, 0);
    }

    /** SHAKE256 (FIPS 202, 6.2): rate 136 bytes, output of any length. */
    public static Keccak shake256() {
        return new Keccak(136, SHAKE_SUFFIX, 0);
    }

    /** The rate in bytes: how much input one permutation absorbs and how much output it yields. */
    public int rate() {
        return rate;
    }

    /** Absorbs all of {@code in}. */
    public Keccak update(byte[] in) {
        return update(in, 0, in.length);
    }

    /** Absorbs one byte. */
    public Keccak update(byte b) {
        checkAbsorbing();
        xorByte(position, b);
        if (++position == rate) {
            KeccakF1600.permute(state);
            position = 0;
        }
        return this;
    }

    /** Absorbs {@code len} bytes of {@code in} from {@code off}. */
    public Keccak update(byte[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        checkAbsorbing();
        while (len > 0) {
            if (position == 0 && len >= rate) {
                for (int i = 0; i < rate / 8; i++) {
                    state[i] ^= (long) LE_LONG.get(in, off + 8 * i);
                }
                KeccakF1600.permute(state);
                off += rate;
                len -= rate;
                continue;
            }
            int n = Math.min(rate - position, len);
            int i = 0;
            if ((position & 7) == 0) { // whole lanes while the position is lane-aligned
                for (; i + 8 <= n; i += 8) {
                    state[(position + i) >>> 3] ^= (long) LE_LONG.get(in, off + i);
                }
            }
            for (; i < n; i++) {
                xorByte(position + i, in[off + i]);
            }
            position += n;
            off += n;
            len -= n;
            if (position == rate) {
                KeccakF1600.permute(state);
                position = 0;
            }
        }
        return this;
    }

    /** The digest of a hash (SHA3-256 or SHA3-512); ends the computation. */
    public byte[] digest() {
        if (digestLength == 0) {
            throw new IllegalStateException("an XOF has no fixed digest: use squeeze");
        }
        checkAbsorbing();
        byte[] out = new byte[digestLength];
        squeeze(out, 0, out.length);
        return out;
    }

    /** The next {@code len} output bytes. */
    public byte[] squeeze(int len) {
        byte[] out = new byte[len];
        squeeze(out, 0, len);
        return out;
    }

    /** Writes the next {@code len} output bytes to {@code out} from {@code off}. */
    public void squeeze(byte[] out, int off, int len) {
        Objects.checkFromIndexSize(off, len, out.length);
        if (!squeezing) {
            pad();
        }
        while (len > 0) {
            if (position == rate) {
                KeccakF1600.permute(state);
                position = 0;
            }
            if (position == 0 && len >= rate) {
                for (int i = 0; i < rate / 8; i++) {
                    LE_LONG.set(out, off + 8 * i, state[i]);
                }
                position = rate;
                off += rate;
                len -= rate;
                continue;
            }
            int n = Math.min(rate - position, len);
            int i = 0;
            if ((position & 7) == 0) {
                for (; i + 8 <= n; i += 8) {
                    LE_LONG.set(out, off + i, state[(position + i) >>> 3]);
                }
            }
            for (; i < n; i++) {
                out[off + i] = (byte) (state[(position + i) >>> 3] >>> (8 * ((position + i) & 7)));
            }
            position += n;
            off += n;
            len -= n;
        }
    }

    /** FIPS 202, 5.1 (pad10*1) with the domain bits of 6.1 / 6.2 in front; then the first output block. */
    private void pad() {
        xorByte(position, (byte) suffix);
        xorByte(rate - 1, (byte) 0x80);
        KeccakF1600.permute(state);
        position = 0;
        squeezing = true;
    }

    private void xorByte(int index, byte b) {
        state[index >>> 3] ^= (b & 0xffL) << (8 * (index & 7));
    }

    private void checkAbsorbing() {
        if (squeezing) {
            throw new IllegalStateException("output has been read; the sponge cannot absorb again");
        }
    }
}
