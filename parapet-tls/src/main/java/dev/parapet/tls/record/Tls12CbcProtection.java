package dev.parapet.tls.record;

import static dev.parapet.tls.crypto.ConstantTime.equal;
import static dev.parapet.tls.crypto.ConstantTime.isZero;
import static dev.parapet.tls.crypto.ConstantTime.lessOrEqual;
import static dev.parapet.tls.crypto.ConstantTime.lessThan;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.CipherSuite;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.2 CBC records with HMAC (RFC 5246, 6.2.3.2), MAC-then-encrypt or encrypt-then-MAC (RFC 7366), for one
 * direction under one key. One {@code AES/CBC/NoPadding} Cipher and one Mac serve every record (borrowed from a
 * {@link CipherPool} while records flow, when one is given); each record's explicit IV is fresh from the
 * SecureRandom.
 *
 * <p><b>MAC-then-encrypt is opened in constant time (Lucky Thirteen, AlFardan and Paterson 2013).</b> After
 * decrypting the n bytes (a length that is public) nothing branches on a decrypted byte or on the outcome of a check
 * until the very end:
 * <ol>
 *   <li><i>Padding.</i> padding_length is the last byte. Whether it fits ({@code padding_length + 1 + mac_length <= n})
 *       and whether each of the last min(256, n) bytes, when it lies inside the padding, equals padding_length, is
 *       computed with the arithmetic comparisons of {@link dev.parapet.tls.crypto.ConstantTime}, ANDed into one
 *       {@code good} bit; every one of those bytes is read whatever padding_length is. On bad padding the record is
 *       treated as having no padding (the select {@code padding_length & -good}), as RFC 5246 6.2.3.2 suggests, so
 *       the MAC is still computed and checked.</li>
 *   <li><i>MAC computation over a constant amount of work.</i> The JCA gives no access to the hash compression
 *       function, so we keep the number of compression-function calls constant instead: the HMAC is computed over
 *       the header and the c content bytes, and then a separate MessageDigest of the same hash is fed
 *       {@code (blocks(13 + max_c) - blocks(13 + c))} whole hash blocks of dummy data, where max_c = n - 1 -
 *       mac_length is the content length with no padding and blocks(m) = (m + lengthField + blockSize) / blockSize
 *       (a shift) counts the compression calls for m bytes. Every record of a given n thus costs the same number of
 *       compressions (the "pseudo-constant-time" fix of GnuTLS and early OpenSSL patches for Lucky 13).</li>
 *   <li><i>Reading the received MAC from a secret position.</i> The MAC sits at offset c, which depends on the
 *       padding. We scan the last mac_length + 256 bytes (a public range), OR-ing each byte into a buffer slot that
 *       cycles 0 .. mac_length-1 and masking with "inside the MAC"; this leaves the MAC rotated by an offset that is
 *       recorded with a mask at the first MAC byte. The rotation is undone by a mac_length x mac_length masked
 *       select, so no memory index depends on c.</li>
 *   <li><i>Comparison.</i> The XOR of received and computed MAC is ORed into one int; zero iff equal.</li>
 *   <li>The single branch is on the final {@code good} bit: bad padding, bad MAC, and (checked on public lengths
 *       before decrypting) a fragment too short or not a multiple of the block size all raise the same
 *       bad_record_mac exception with the same message.</li>
 * </ol>
 * <p>Encrypt-then-MAC needs none of this: the MAC over seq || type || version || length || IV || ciphertext is
 * checked (constant-time compare) before anything is decrypted; only authenticated bytes reach the padding check.
 *
 * <p>Residual limits: the JCA's HMAC and AES are themselves outside our control, and the dummy hashing uses a
 * separate MessageDigest, so cache and JIT effects may differ slightly from the real MAC; the number of compression
 * calls, the memory access pattern over the record and the control flow are independent of the padding and MAC.
 */
public final class Tls12CbcProtection implements RecordProtection {
    private static final int HEADER = 5;
    private static final int BLOCK = 16;
    private static final int MAX_PLAINTEXT = 1 << 14;
    private static final int MAX_FRAGMENT = MAX_PLAINTEXT + 2048;
    static final String BAD_RECORD_MAC = Tls12AeadProtection.BAD_RECORD_MAC;

    private final String transformation;
    private final SecretKeySpec key;
    private final SecretKeySpec macKey;
    /** Where the Cipher and Mac come from while records flow; null: this protection keeps its own for life. */
    private final CipherPool pool;
    private Cipher cipher;
    private Mac mac;
    private final MessageDigest dummyDigest;
    private final boolean encryptThenMac;
    private final SecureRandom random;
    private final int macLength;
    private final int hashBlockShift;
    private final int hashBlockSize;
    private final int hashLengthField;

    private final byte[] iv = new byte[BLOCK];
    private final dev.parapet.tls.crypto.NonceSpec.Iv ivSpec = dev.parapet.tls.crypto.NonceSpec.iv(BLOCK);
    private final byte[] macHeader = new byte[13];
    private final byte[] computedMac;
    private final byte[] receivedMac;
    private final byte[] rotatedMac;
    private final byte[] trailer;
    private final ByteBuffer trailerBuffer;
    private final byte[] dummyBlocks;
    private final byte[] plain = new byte[MAX_FRAGMENT];
    private final ByteBuffer plainBuffer = ByteBuffer.wrap(plain);
    private byte[] wire;
    private long seq;

    /**
     * @param suite          a TLS 1.2 CBC suite
     * @param encKey         the write key from the key block
     * @param macKey         the write MAC key from the key block
     * @param encryptThenMac true when encrypt_then_mac (RFC 7366) was negotiated
     * @param random         the source of the explicit per-record IVs
     */
    public Tls12CbcProtection(CipherSuite suite, byte[] encKey, byte[] macKey, boolean encryptThenMac,
                              SecureRandom random) {
        this(suite, encKey, macKey, encryptThenMac, random, null);
    }

    /** As above, borrowing the Cipher and the Mac from {@code pool} while records flow (null: its own). */
    public Tls12CbcProtection(CipherSuite suite, byte[] encKey, byte[] macKey, boolean encryptThenMac,
                              SecureRandom random, CipherPool pool) {
        if (suite.isTls13() || suite.cipher().isAead()) {
            throw new IllegalArgumentException(suite + " is not a TLS 1.2 CBC suite");
        }
        if (encKey.length != suite.keyLength() || macKey.length != suite.macLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyLength() + "-byte key and a "
                    + suite.macLength() + "-byte MAC key");
        }
        this.encryptThenMac = encryptThenMac;
        this.random = random;
        this.macLength = suite.macLength();
        String hash;
        switch (suite.macAlgorithm()) {
            case "HmacSHA1": hash = "SHA-1"; hashBlockShift = 6; hashLengthField = 8; break;
            case "HmacSHA256": hash = "SHA-256"; hashBlockShift = 6; hashLengthField = 8; break;
            case "HmacSHA384": hash = "SHA-384"; hashBlockShift = 7; hashLengthField = 16; break;
            default: throw new IllegalArgumentException("unsupported MAC " + suite.macAlgorithm());
        }
        this.hashBlockSize = 1 << hashBlockShift;
        this.transformation = suite.transformation();
        this.pool = pool;
        this.key = new SecretKeySpec(encKey, suite.keyAlgorithm());
        this.macKey = new SecretKeySpec(macKey, suite.macAlgorithm());
        try {
            this.dummyDigest = MessageDigest.getInstance(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot set up " + suite, e);
        }
        borrow(); // fails here, not on the first record, when the JDK lacks an algorithm
        this.computedMac = new byte[macLength];
        this.receivedMac = new byte[macLength];
        this.rotatedMac = new byte[macLength];
        this.trailer = new byte[macLength + BLOCK];
        this.trailerBuffer = ByteBuffer.wrap(trailer);
        // At most 256 bytes of padding separate the shortest from the longest content: 256 / blockSize + 2 blocks.
        this.dummyBlocks = new byte[(256 / hashBlockSize + 2) * hashBlockSize];
    }

    /** The Cipher and the Mac (keyed) from the pool, or of our own. */
    private void borrow() {
        if (cipher != null) {
            return;
        }
        Mac m = null;
        try {
            if (pool != null) {
                cipher = pool.cipher(transformation);
                m = pool.mac(macKey.getAlgorithm());
            } else {
                cipher = Cipher.getInstance(transformation);
                m = Mac.getInstance(macKey.getAlgorithm());
            }
            m.init(macKey);
            mac = m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot set up " + transformation + " with "
                    + macKey.getAlgorithm(), e);
        }
    }

    /** Idle: the Cipher and the Mac go back to the pool; the next record borrows them again. */
    @Override
    public void release() {
        if (pool != null && cipher != null) {
            pool.giveBack(cipher);
            pool.giveBack(mac);
            cipher = null;
            mac = null;
        }
    }

    // --- sealing ---

    @Override
    public void seal(int contentType, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        int c = plaintext.remaining();
        int needed = maxRecordLength(c);
        SealCheck.check(c, needed, out);
        borrow();
        long s = seq++;
        out.put((byte) contentType).put((byte) 3).put((byte) 3).putShort((short) (needed - HEADER));
        random.nextBytes(iv);
        out.put(iv);
        try {
            if (encryptThenMac) {
                sealEncryptThenMac(s, contentType, plaintext, out);
            } else {
                sealMacThenEncrypt(s, contentType, plaintext, out);
            }
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "CBC record encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** RFC 5246, 6.2.3.2: MAC(seq || type || version || length || content), then pad, then encrypt. */
    private void sealMacThenEncrypt(long s, int type, ByteBuffer plaintext, ByteBuffer out)
            throws GeneralSecurityException {
        int c = plaintext.remaining();
        macHeader(s, type, 3, 3, c);
        mac.update(macHeader);
        int position = plaintext.position();
        mac.update(plaintext);
        plaintext.position(position);
        mac.doFinal(trailer, 0);
        int padding = paddingLength(c + macLength);
        for (int i = macLength; i <= macLength + padding; i++) {
            trailer[i] = (byte) padding;
        }
        trailerBuffer.limit(macLength + padding + 1).position(0);
        cipher.init(Cipher.ENCRYPT_MODE, key, ivSpec.set(iv));
        cipher.update(plaintext, out);
        cipher.doFinal(trailerBuffer, out);
    }

    /** RFC 7366, 3: pad, encrypt, then MAC(seq || type || version || length(IV + ciphertext) || IV || ciphertext). */
    private void sealEncryptThenMac(long s, int type, ByteBuffer plaintext, ByteBuffer out)
            throws GeneralSecurityException {
        int c = plaintext.remaining();
        int padding = paddingLength(c);
        int ivStart = out.position() - BLOCK;
        for (int i = 0; i <= padding; i++) {
            trailer[i] = (byte) padding;
        }
        trailerBuffer.limit(padding + 1).position(0);
        cipher.init(Cipher.ENCRYPT_MODE, key, ivSpec.set(iv));
        cipher.update(plaintext, out);
        cipher.doFinal(trailerBuffer, out);
        int macked = out.position() - ivStart;
        macHeader(s, type, 3, 3, macked);
        mac.update(macHeader);
        if (out.hasArray()) {
            mac.update(out.array(), out.arrayOffset() + ivStart, macked);
        } else {
            ByteBuffer view = out.duplicate();
            view.position(ivStart).limit(ivStart + macked);
            mac.update(view);
        }
        mac.doFinal(computedMac, 0);
        out.put(computedMac);
    }

    /** The fewest padding bytes (besides the padding_length byte) making {@code length + 1} a block multiple. */
    private static int paddingLength(int length) {
        return (BLOCK - ((length + 1) & (BLOCK - 1))) & (BLOCK - 1);
    }

    // --- opening ---

    @Override
    public int open(byte[] header, ByteBuffer fragment, ByteBuffer out) throws TlsException {
        borrow();
        long s = seq++;
        int type = header[0] & 0xff;
        if (fragment.remaining() > MAX_FRAGMENT) {
            throw new TlsException(AlertDescription.RECORD_OVERFLOW,
                    "record of " + fragment.remaining() + " bytes exceeds the limit of " + MAX_FRAGMENT);
        }
        int c;
        try {
            c = encryptThenMac ? openEncryptThenMac(s, header, fragment) : openMacThenEncrypt(s, header, fragment);
        } catch (GeneralSecurityException | IllegalStateException e) {
            // NoPadding CBC on a whole number of blocks does not fail on content; treat anything as a bad record.
            throw badRecordMac();
        }
        if (c > MAX_PLAINTEXT) {
            throw new TlsException(AlertDescription.RECORD_OVERFLOW, "decrypted record of " + c
                    + " bytes exceeds 2^14");
        }
        if (out.remaining() < c) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "output buffer has " + out.remaining() + " bytes, opening needs " + c);
        }
        out.put(plain, 0, c);
        return type;
    }

    /** The content length of an authentic MAC-then-encrypt record in {@link #plain}; see the class notes. */
    private int openMacThenEncrypt(long s, byte[] header, ByteBuffer fragment)
            throws TlsException, GeneralSecurityException {
        int length = fragment.remaining();
        // Public checks: whole blocks, and room for the IV and at least mac_length + 1 bytes.
        if ((length & (BLOCK - 1)) != 0 || length < BLOCK + ((macLength + 1 + BLOCK - 1) & -BLOCK)) {
            throw badRecordMac();
        }
        fragment.get(iv);
        int n = length - BLOCK;
        cipher.init(Cipher.DECRYPT_MODE, key, ivSpec.set(iv));
        plainBuffer.clear();
        cipher.doFinal(fragment, plainBuffer);

        // 1. Padding, without branches.
        int maxContent = n - 1 - macLength;
        int padding = plain[n - 1] & 0xff;
        int good = lessOrEqual(padding, maxContent);
        int toCheck = Math.min(256, n); // public
        for (int i = 0; i < toCheck; i++) {
            int b = plain[n - 1 - i] & 0xff;
            int inPadding = lessOrEqual(i, padding);
            good &= (1 ^ inPadding) | equal(b, padding);
        }
        padding &= -good;
        int c = maxContent - padding;

        // 2. HMAC over header || content, then dummy blocks so every n costs the same number of compressions.
        macHeader(s, header[0] & 0xff, header[1], header[2], c);
        mac.update(macHeader);
        mac.update(plain, 0, c);
        mac.doFinal(computedMac, 0);
        int extra = compressions(13 + maxContent) - compressions(13 + c);
        dummyDigest.update(dummyBlocks, 0, extra << hashBlockShift);
        dummyDigest.reset();

        // 3. Copy the received MAC out of plain[c .. c + macLength) with no index depending on c.
        int scanStart = Math.max(0, n - macLength - 256); // public
        java.util.Arrays.fill(rotatedMac, (byte) 0);
        int slot = 0;
        int inMac = 0;
        int rotation = 0;
        int macEnd = c + macLength;
        for (int i = scanStart; i < n; i++) {
            int started = equal(i, c);
            inMac |= started;
            inMac &= lessThan(i, macEnd);
            rotation |= slot & -started;
            rotatedMac[slot] |= (byte) (plain[i] & -inMac);
            slot++;
            slot &= -lessThan(slot, macLength);
        }
        for (int j = 0; j < macLength; j++) {
            int from = j + rotation;
            from -= macLength & -(1 ^ lessThan(from, macLength));
            int v = 0;
            for (int i = 0; i < macLength; i++) {
                v |= rotatedMac[i] & -equal(i, from);
            }
            receivedMac[j] = (byte) v;
        }

        // 4. Compare.
        int diff = 0;
        for (int i = 0; i < macLength; i++) {
            diff |= (receivedMac[i] ^ computedMac[i]) & 0xff;
        }
        good &= isZero(diff);

        // 5. The one branch, on the combined result.
        if (good == 0) {
            throw badRecordMac();
        }
        return c;
    }

    /** Hash compression calls for an m-byte message (padding and length field included): (m + T + B) / B. */
    private int compressions(int m) {
        return (m + hashLengthField + hashBlockSize) >>> hashBlockShift;
    }

    /** RFC 7366, 3: check the MAC over IV || ciphertext first, then decrypt and strip the padding. */
    private int openEncryptThenMac(long s, byte[] header, ByteBuffer fragment)
            throws TlsException, GeneralSecurityException {
        int length = fragment.remaining();
        int macked = length - macLength;
        if (macked < 2 * BLOCK || (macked & (BLOCK - 1)) != 0) {
            throw badRecordMac();
        }
        if (wire == null) {
            wire = new byte[MAX_FRAGMENT];
        }
        fragment.get(wire, 0, length);
        macHeader(s, header[0] & 0xff, header[1], header[2], macked);
        mac.update(macHeader);
        mac.update(wire, 0, macked);
        mac.doFinal(computedMac, 0);
        int diff = 0;
        for (int i = 0; i < macLength; i++) {
            diff |= (wire[macked + i] ^ computedMac[i]) & 0xff;
        }
        if (diff != 0) {
            throw badRecordMac();
        }
        System.arraycopy(wire, 0, iv, 0, BLOCK);
        int n = macked - BLOCK;
        cipher.init(Cipher.DECRYPT_MODE, key, ivSpec.set(iv));
        cipher.doFinal(wire, BLOCK, n, plain, 0);
        // Authenticated bytes: a bad padding here means a broken peer, still bad_record_mac.
        int padding = plain[n - 1] & 0xff;
        int good = lessOrEqual(padding, n - 1);
        int toCheck = Math.min(256, n);
        for (int i = 0; i < toCheck; i++) {
            good &= (1 ^ lessOrEqual(i, padding)) | equal(plain[n - 1 - i] & 0xff, padding);
        }
        if (good == 0) {
            throw badRecordMac();
        }
        return n - padding - 1;
    }

    private void macHeader(long s, int type, int major, int minor, int length) {
        for (int i = 0; i < 8; i++) {
            macHeader[7 - i] = (byte) (s >>> (8 * i));
        }
        macHeader[8] = (byte) type;
        macHeader[9] = (byte) major;
        macHeader[10] = (byte) minor;
        macHeader[11] = (byte) (length >>> 8);
        macHeader[12] = (byte) length;
    }

    private static TlsException badRecordMac() {
        return new TlsException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD_MAC);
    }

    @Override
    public int maxRecordLength(int plaintextLength) {
        if (encryptThenMac) {
            return HEADER + BLOCK + ((plaintextLength + 1 + BLOCK - 1) & -BLOCK) + macLength;
        }
        return HEADER + BLOCK + ((plaintextLength + macLength + 1 + BLOCK - 1) & -BLOCK);
    }

    @Override
    public long sequenceNumber() {
        return seq;
    }

    @Override
    public boolean hidesContentType() {
        return false;
    }

    @Override
    public int maxFragmentLength() {
        return MAX_FRAGMENT;
    }
}
