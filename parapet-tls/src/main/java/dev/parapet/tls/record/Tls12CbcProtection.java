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
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.2 CBC records with HMAC (RFC 5246, 6.2.3.2), MAC-then-encrypt or encrypt-then-MAC (RFC 7366), for one
 * direction under one key. One {@code AES/CBC/NoPadding} Cipher and one Mac serve every record (borrowed from a
 * {@link CipherPool} while records flow, when one is given).
 *
 * <p><b>No {@code Cipher.init} per record.</b> The Cipher is initialised once each time it is borrowed (with any IV)
 * and is then fed whole blocks through {@code update} only, never {@code doFinal}, so it keeps chaining from one
 * record into the next (JDK 17's {@code init} copies the key and the IV for every record, and costs time). The
 * explicit IV is made the way RFC 4346 (TLS 1.1), 6.2.3.2, describes as its IV procedure (2)(b): a fresh random
 * block R from the SecureRandom is put before the record's plaintext and the whole is encrypted with the CBC residue
 * of the previous record (after a borrow: the zero IV of the init) as the mask; the first ciphertext block,
 * E(residue XOR R), is sent as the IV field, and every block after it is ordinary CBC under that IV, so the peer
 * sees a standard record. It is as good as a fresh random IV: R is uniform, secret (never sent) and independent of
 * the residue, so residue XOR R is uniform and so is its image under the permutation E; the IV is thus uniformly
 * random and unpredictable until sent (RFC 5246, 6.2.3.2 asks for a random IV and requires an unpredictable one),
 * which is what defeats the chosen-plaintext attack on TLS 1.0's predictable IVs (Bard 2004, BEAST 2011). Opening
 * decrypts the whole fragment, IV block included, continuing the chain from whatever it holds: the IV block
 * decrypts to garbage that is dropped, and as the previous ciphertext block it is the IV of the content after it.
 * Records from any sender, fresh IV or not, open the same way, and the checks below see the same decrypted bytes.
 * Direct buffers (and an output in the input's array) pass through two 1 KiB arrays of ours, as the JDK would copy
 * them into new temporary arrays. What a record still allocates is the JDK's: the Mac's result (48 bytes with
 * SHA-256) and, sealing with the default NativePRNG, its mixing (64 bytes).
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

    /** The IV the Cipher is initialised with on each borrow; any value will do (see the class notes). */
    private static final IvParameterSpec START = new IvParameterSpec(new byte[BLOCK]);
    /** Direct buffers go through the Cipher in slices of this many bytes via our own arrays (the JDK would copy). */
    private static final int STAGE = 1024;

    /** Cipher.ENCRYPT_MODE or DECRYPT_MODE once the borrowed Cipher is initialised for it; 0 until then. */
    private int mode;
    /** Sealing: the secret random block R encrypted ahead of each record's content; its ciphertext is the IV. */
    private final byte[] r = new byte[BLOCK];
    /** Opening: where the decryption of the explicit IV block (not content) goes. */
    private final byte[] discard = new byte[BLOCK];
    /** For direct buffers only: input and output slices of {@link #STAGE} bytes, made on first need. */
    private byte[] stageIn;
    private byte[] stageOut;
    private final byte[] macHeader = new byte[13];
    private final byte[] computedMac;
    private final byte[] receivedMac;
    private final byte[] rotatedMac;
    private final byte[] trailer;
    private final byte[] dummyBlocks;
    private final byte[] plain = new byte[MAX_FRAGMENT];
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
        // The last partial block of content, the MAC (MAC-then-encrypt) and at most a block of padding.
        this.trailer = new byte[BLOCK - 1 + macLength + BLOCK];
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
            mode = 0;
        }
    }

    /**
     * RFC 4346, 6.2.3.2, IV procedure (2)(b): the Cipher is initialised once per borrow (the next Cipher may have
     * served another key or direction), then only ever fed whole blocks with {@code update}, so the JDK chains from
     * one record into the next and never resets; no record calls {@code init} or {@code doFinal}.
     */
    private void ready(int m) throws GeneralSecurityException {
        if (mode != m) {
            mode = 0;
            cipher.init(m, key, START);
            mode = m;
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
        try {
            ready(Cipher.ENCRYPT_MODE);
            if (encryptThenMac) {
                sealEncryptThenMac(s, contentType, plaintext, out, needed - HEADER - macLength);
            } else {
                sealMacThenEncrypt(s, contentType, plaintext, out);
            }
        } catch (GeneralSecurityException | IllegalStateException e) {
            mode = 0; // whatever the Cipher holds now, the next record starts it afresh
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "CBC record encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The explicit IV (RFC 4346, 6.2.3.2 (2)(b)): a fresh secret random block R goes through the chain first; its
     * ciphertext E(residue XOR R), uniformly random and unknown before it is sent, is the IV field and the CBC IV of
     * the blocks after it. R itself is never sent.
     */
    private void sealExplicitIv(ByteBuffer out, boolean macIt) throws ShortBufferException {
        random.nextBytes(r);
        encrypt(r, 0, BLOCK, out, macIt);
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
        sealExplicitIv(out, false);
        int tail = c & (BLOCK - 1);
        encrypt(plaintext, c - tail, out, false);
        plaintext.get(trailer, 0, tail);
        mac.doFinal(trailer, tail);
        int end = pad(tail + macLength, c + macLength);
        encrypt(trailer, 0, end, out, false);
    }

    /** RFC 7366, 3: pad, encrypt, then MAC(seq || type || version || length(IV + ciphertext) || IV || ciphertext). */
    private void sealEncryptThenMac(long s, int type, ByteBuffer plaintext, ByteBuffer out, int macked)
            throws GeneralSecurityException {
        int c = plaintext.remaining();
        macHeader(s, type, 3, 3, macked);
        mac.update(macHeader);
        sealExplicitIv(out, true);
        int tail = c & (BLOCK - 1);
        encrypt(plaintext, c - tail, out, true);
        plaintext.get(trailer, 0, tail);
        int end = pad(tail, c);
        encrypt(trailer, 0, end, out, true);
        mac.doFinal(computedMac, 0);
        out.put(computedMac);
    }

    /** Writes the padding for {@code length} bytes in all at trailer[from..]; returns the trailer's end. */
    private int pad(int from, int length) {
        int padding = paddingLength(length);
        for (int i = from; i <= from + padding; i++) {
            trailer[i] = (byte) padding;
        }
        return from + padding + 1;
    }

    /** CBC-encrypts {@code len} bytes (whole blocks) of {@code from} onto {@code out}; MACs the ciphertext if asked. */
    private void encrypt(ByteBuffer from, int len, ByteBuffer out, boolean macIt) throws ShortBufferException {
        if (from.hasArray()) {
            int p = from.position();
            encrypt(from.array(), from.arrayOffset() + p, len, out, macIt);
            from.position(p + len);
            return;
        }
        byte[] stage = stageIn();
        for (int done = 0; done < len; done += STAGE) {
            int k = Math.min(STAGE, len - done);
            from.get(stage, 0, k);
            encrypt(stage, 0, k, out, macIt);
        }
    }

    /**
     * Continues the chain over from[off .. off + len) into {@code out}. The JDK copies its input when input and output
     * are one array, and copies through temporary arrays for direct buffers; we hand it distinct arrays instead.
     */
    private void encrypt(byte[] from, int off, int len, ByteBuffer out, boolean macIt) throws ShortBufferException {
        if (out.hasArray() && out.array() != from) {
            int at = out.arrayOffset() + out.position();
            cipher.update(from, off, len, out.array(), at);
            if (macIt) {
                mac.update(out.array(), at, len);
            }
            out.position(out.position() + len);
            return;
        }
        byte[] stage = stageOut();
        for (int done = 0; done < len; done += STAGE) {
            int k = Math.min(STAGE, len - done);
            cipher.update(from, off + done, k, stage, 0);
            if (macIt) {
                mac.update(stage, 0, k);
            }
            out.put(stage, 0, k);
        }
    }

    private byte[] stageIn() {
        if (stageIn == null) {
            stageIn = new byte[STAGE];
        }
        return stageIn;
    }

    private byte[] stageOut() {
        if (stageOut == null) {
            stageOut = new byte[STAGE];
        }
        return stageOut;
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
            ready(Cipher.DECRYPT_MODE);
            c = encryptThenMac ? openEncryptThenMac(s, header, fragment) : openMacThenEncrypt(s, header, fragment);
        } catch (GeneralSecurityException | IllegalStateException e) {
            // NoPadding CBC on a whole number of blocks does not fail on content; treat anything as a bad record.
            mode = 0;
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
        int n = length - BLOCK;
        decrypt(fragment, length);

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

    /**
     * CBC-decrypts a whole fragment (IV block included) into plain[0 .. length - 16), continuing from whatever the
     * Cipher's chain holds: the IV block decrypts to garbage (discarded), and as the previous ciphertext block it is
     * the CBC IV of the content after it, which is all CBC needs. Output goes to our own arrays, never the input's,
     * so the JDK does not copy.
     */
    private void decrypt(ByteBuffer fragment, int length) throws ShortBufferException {
        if (fragment.hasArray()) {
            int p = fragment.position();
            decrypt(fragment.array(), fragment.arrayOffset() + p, length);
            fragment.position(p + length);
            return;
        }
        byte[] stage = stageIn();
        fragment.get(stage, 0, BLOCK);
        cipher.update(stage, 0, BLOCK, discard, 0);
        for (int done = BLOCK; done < length; done += STAGE) {
            int k = Math.min(STAGE, length - done);
            fragment.get(stage, 0, k);
            cipher.update(stage, 0, k, plain, done - BLOCK);
        }
    }

    private void decrypt(byte[] in, int off, int length) throws ShortBufferException {
        cipher.update(in, off, BLOCK, discard, 0);
        cipher.update(in, off + BLOCK, length - BLOCK, plain, 0);
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
        int n = macked - BLOCK;
        decrypt(wire, 0, macked);
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
