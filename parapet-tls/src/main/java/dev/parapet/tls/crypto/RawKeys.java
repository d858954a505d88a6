package dev.parapet.tls.crypto;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;

/**
 * Between JCA keys and signatures and the raw byte forms Parapet's own curve code works on: EC scalars and
 * uncompressed points (SEC 1, 2.3.3), Ed25519 keys (RFC 8032, 5.1.2 and 5.1.5), and ECDSA signatures as DER
 * (RFC 3279, 2.2.3) or r || s.
 */
public final class RawKeys {
    private RawKeys() {
    }

    /** The private scalar of an EC key, big-endian, as long as the group order (32 bytes on P-256). */
    public static byte[] ecPrivateScalar(Key key) {
        ECPrivateKey ec = (ECPrivateKey) key;
        return fixed(ec.getS(), orderLength(ec));
    }

    /** SEC 1, 2.3.3: 0x04 || X || Y, each coordinate as long as the field (65 bytes on P-256). */
    public static byte[] ecPublicPoint(Key key) {
        ECPublicKey ec = (ECPublicKey) key;
        int n = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        System.arraycopy(fixed(ec.getW().getAffineX(), n), 0, out, 1, n);
        System.arraycopy(fixed(ec.getW().getAffineY(), n), 0, out, 1 + n, n);
        return out;
    }

    /** RFC 8032, 5.1.5: the 32-byte Ed25519 private key (the seed). */
    public static byte[] ed25519PrivateKey(Key key) {
        return ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("Ed25519 private key has no extractable bytes"));
    }

    /** RFC 8032, 5.1.2: y little-endian in 32 bytes, the top bit of the last byte holding x's low bit. */
    public static byte[] ed25519PublicKey(Key key) {
        EdECPublicKey ed = (EdECPublicKey) key;
        byte[] bigEndian = fixed(ed.getPoint().getY(), 32);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = bigEndian[31 - i];
        }
        if (ed.getPoint().isXOdd()) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** ECDSA r || s (each {@code raw.length / 2} bytes) as a DER ECDSA-Sig-Value with minimal INTEGERs. */
    public static byte[] ecdsaRawToDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0 || raw.length > 132) {
            throw new IllegalArgumentException("raw ECDSA signature of " + raw.length + " bytes");
        }
        int n = raw.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, n)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, n, 2 * n)).toByteArray();
        int body = 2 + r.length + 2 + s.length;
        boolean longForm = body >= 128;
        byte[] out = new byte[(longForm ? 3 : 2) + body];
        int p = 0;
        out[p++] = 0x30;
        if (longForm) {
            out[p++] = (byte) 0x81;
        }
        out[p++] = (byte) body;
        p = integer(out, p, r);
        integer(out, p, s);
        return out;
    }

    /**
     * A DER ECDSA-Sig-Value as r || s of {@code n} bytes each; null when the DER is not canonical (as
     * {@link Signatures#verify} requires) or r or s does not fit in n bytes.
     */
    public static byte[] ecdsaDerToRaw(byte[] der, int n) {
        if (der == null || !Signatures.isCanonicalEcdsaDer(der)) {
            return null;
        }
        int p = (der[1] & 0xff) == 0x81 ? 3 : 2;
        byte[] out = new byte[2 * n];
        for (int i = 0; i < 2; i++) {
            int length = der[p + 1] & 0xff;
            int start = p + 2;
            int skip = der[start] == 0 ? 1 : 0;
            int digits = length - skip;
            if (digits > n) {
                return null;
            }
            System.arraycopy(der, start + skip, out, (i + 1) * n - digits, digits);
            p = start + length;
        }
        return out;
    }

    private static int integer(byte[] out, int p, byte[] value) {
        out[p++] = 0x02;
        out[p++] = (byte) value.length;
        System.arraycopy(value, 0, out, p, value.length);
        return p + value.length;
    }

    private static int orderLength(ECKey key) {
        return (key.getParams().getOrder().bitLength() + 7) / 8;
    }

    /** Big-endian in exactly n bytes (the value must fit). */
    private static byte[] fixed(BigInteger value, int n) {
        byte[] raw = value.toByteArray();
        if (raw.length == n) {
            return raw;
        }
        byte[] out = new byte[n];
        int copy = Math.min(raw.length, n);
        System.arraycopy(raw, raw.length - copy, out, n - copy, copy);
        return out;
    }
}
