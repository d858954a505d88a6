package dev.parapet.tls.crypto;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JCA's {@link Aead}: one reused {@link Cipher}: AES-GCM or ChaCha20-Poly1305, a 12-byte nonce and a
 * 16-byte tag appended to the ciphertext (RFC 8446, 5.2). Not thread-safe: one per record direction. With a
 * {@link CipherPool} the Cipher (with its parameter object and scratch) is borrowed, kept while records flow, and
 * given back on {@link #release()}, so an idle connection keeps only the key; a Cipher that last served another key
 * expands the key again on its first record (AESCrypt keeps the last key's schedule).
 *
 * <p>The JDK refuses to encrypt twice with one key and nonce; TLS never does (RFC 8446, 5.3). Its
 * ChaCha20-Poly1305 also refuses any init (even to decrypt) with the key and nonce of the previous init, so an
 * instance serves one direction only, as TLS uses it.
 *
 * <p>Heap buffers go through the Cipher's byte[] methods with one doFinal per record (the JDK's ByteBuffer methods
 * duplicate buffers, and a partial-block update makes it allocate an input buffer); the nonce goes in through one
 * reused parameter object ({@link NonceSpec}). What is left per record is the JDK's own re-initialisation (a new GCM
 * engine with its GHASH and counter state: about 1 KiB per record and direction on JDK 17), which the JCA gives no
 * way around.
 */
public final class JcaAead implements Aead {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final String transformation;
    private final String keyAlgorithm;
    private SecretKeySpec key;
    /** Where the worker comes from and goes back to when idle; null: this AEAD keeps its worker for life. */
    private final CipherPool pool;
    /** The Cipher with its reusable parameters; null while released to the pool. */
    private Worker worker;
    /**
     * The worker while this AEAD is idle: it takes it back for its next record, unless the pool reclaimed it for
     * another AEAD meanwhile (both sides swap it out atomically).
     */
    private volatile Worker parked;
    /** In the pool's ring of parked AEADs (written under the pool's lock, read without it on release). */
    volatile boolean listed;

    private static final java.lang.invoke.VarHandle PARKED;

    static {
        try {
            PARKED = java.lang.invoke.MethodHandles.lookup().findVarHandle(JcaAead.class, "parked", Worker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public JcaAead(CipherSuite suite, byte[] key) {
        this(suite, key, null);
    }

    /**
     * The AEAD of {@code suite} under {@code key}, borrowing its Cipher from {@code pool} (null: a Cipher of its own
     * for life) and giving it back on {@link #release()}.
     */
    public JcaAead(CipherSuite suite, byte[] key, CipherPool pool) {
        this(suite.transformation(), suite.keyAlgorithm(), checkLength(suite, key), pool);
    }

    public JcaAead(String transformation, String keyAlgorithm, byte[] key) {
        this(transformation, keyAlgorithm, key, null);
    }

    private JcaAead(String transformation, String keyAlgorithm, byte[] key, CipherPool pool) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.key = new SecretKeySpec(key, keyAlgorithm);
        this.pool = pool;
        this.worker = borrow(); // fails here, not on the first record, when the JDK lacks the transformation
    }

    /**
     * A JCA Cipher with what one seal or open reuses: the nonce's parameter object and two small scratch arrays.
     * Pooled as one piece so that borrowing per record allocates nothing. Not thread-safe.
     */
    static final class Worker {
        private final String transformation;
        final Cipher cipher;
        final AlgorithmParameterSpec nonceSpec;
        /** Holds a direct buffer's additional data; grows once to the largest AAD seen (13 bytes in TLS). */
        byte[] aadScratch = new byte[16];
        /** The last partial block of the plaintext joined with the trailer (TLS 1.3's content type). */
        final byte[] tailScratch = new byte[32];
        /** The record arrays of the TLS 1.3 protection using this worker. */
        final RecordScratch scratch = new RecordScratch();

        Worker(String transformation) {
            this.transformation = transformation;
            this.nonceSpec = transformation.startsWith("AES/GCM") ? NonceSpec.gcm(TAG_LENGTH * 8) : NonceSpec.iv();
            try {
                this.cipher = Cipher.getInstance(transformation);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + transformation, e);
            }
        }

        String transformation() {
            return transformation;
        }
    }

    private Worker borrow() {
        if (pool != null) {
            Worker own = (Worker) PARKED.getAndSet(this, null); // the one that still holds our key schedule
            if (own != null) {
                return own;
            }
            Worker w = pool.aeadWorker(transformation);
            if (w != null) {
                return w;
            }
        }
        return new Worker(transformation);
    }

    /** The pool reclaims the parked worker (null when this AEAD took it back first). */
    Worker unpark() {
        return (Worker) PARKED.getAndSet(this, null);
    }

    boolean hasParked() {
        return parked != null;
    }

    private Worker worker() {
        if (worker == null) {
            worker = borrow();
        }
        return worker;
    }

    /**
     * The connection is idle: the Cipher is parked with the pool, which hands it to another AEAD only when more than
     * its capacity are parked; the next record takes it back (or borrows another).
     */
    @Override
    public void release() {
        if (pool != null && worker != null) {
            parked = worker; // kept for our next record while the pool does not need it elsewhere
            worker = null;
            if (!listed) { // the pool clears it when it evicts us, after which it takes what we park
                pool.park(this);
            }
        }
    }

    /** These keys are done: the Cipher goes to the pool's free stack now, not parked for a record that won't come. */
    @Override
    public void dispose() {
        if (pool == null) {
            return;
        }
        Worker w = worker != null ? worker : unpark();
        worker = null;
        if (w != null) {
            pool.giveBack(w);
        }
    }

    @Override
    public RecordScratch scratch() {
        return worker().scratch;
    }

    /** The worker held now, or null (for tests of the pool's choice). */
    Worker currentWorker() {
        return worker;
    }

    /** True while this AEAD holds a Cipher (for tests of idle memory). */
    public boolean holdsCipher() {
        return worker != null;
    }

    private static byte[] checkLength(CipherSuite suite, byte[] key) {
        if (key.length != suite.keyLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyLength() + "-byte key, got "
                    + key.length + " bytes");
        }
        return key;
    }

    /** Switches to a new key of the same algorithm, keeping the JCA Cipher (a TLS 1.3 KeyUpdate). */
    @Override
    public void rekey(byte[] newKey) {
        this.key = new SecretKeySpec(newKey, keyAlgorithm);
    }

    @Override
    public String implementation() {
        return "jca";
    }

    @Override
    public int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        return seal(nonce, aad, plaintext, EMPTY, out);
    }

    @Override
    public int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer trailer, ByteBuffer out)
            throws TlsException {
        int needed = plaintext.remaining() + trailer.remaining() + TAG_LENGTH;
        if (out.remaining() < needed) {
            throw internalError("output buffer has " + out.remaining() + " bytes, sealing needs " + needed, null);
        }
        Worker w = worker();
        Cipher cipher = w.cipher;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(w, nonce));
            updateAad(w, aad);
            if (plaintext.hasArray() && trailer.remaining() <= 16 && out.hasArray() && !out.isReadOnly()) {
                return sealArrays(w, plaintext, trailer, out);
            }
            int n = cipher.update(plaintext, out);
            return n + cipher.doFinal(trailer, out);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw internalError("AEAD encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public int open(byte[] nonce, ByteBuffer aad, ByteBuffer ciphertextAndTag, ByteBuffer out)
            throws TlsException {
        int plaintextLength = ciphertextAndTag.remaining() - TAG_LENGTH;
        if (plaintextLength < 0) {
            throw badRecordMac(null);
        }
        if (out.remaining() < plaintextLength) {
            throw internalError("output buffer has " + out.remaining() + " bytes, opening needs "
                    + plaintextLength, null);
        }
        int start = out.position();
        Worker w = worker();
        Cipher cipher = w.cipher;
        try {
            initForOpening(w, nonce);
            updateAad(w, aad);
            if (ciphertextAndTag.hasArray() && out.hasArray() && !out.isReadOnly()
                    && ciphertextAndTag.array() != out.array()) {
                int n = cipher.doFinal(ciphertextAndTag.array(),
                        ciphertextAndTag.arrayOffset() + ciphertextAndTag.position(), ciphertextAndTag.remaining(),
                        out.array(), out.arrayOffset() + out.position());
                ciphertextAndTag.position(ciphertextAndTag.limit());
                out.position(out.position() + n);
                return n;
            }
            return cipher.doFinal(ciphertextAndTag, out);
        } catch (AEADBadTagException e) {
            wipe(out, start, plaintextLength);
            throw badRecordMac(e);
        } catch (GeneralSecurityException | IllegalStateException e) {
            wipe(out, start, plaintextLength);
            throw internalError("AEAD decryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The JDK's ChaCha20-Poly1305 refuses any init with the key and nonce of the Cipher's previous init, even to
     * decrypt. With a shared pool that happens when both ends of one connection live in one process: the Cipher that
     * sealed this record for the peer comes back to open it. An init with another nonce clears that, then the real
     * one. (Encryption never meets this: a key seals each nonce once, RFC 8446 5.3, and the JDK's check stays.)
     */
    private void initForOpening(Worker w, byte[] nonce) throws GeneralSecurityException {
        try {
            w.cipher.init(Cipher.DECRYPT_MODE, key, parameters(w, nonce));
        } catch (java.security.InvalidKeyException sameKeyAndNonce) {
            if (pool == null) {
                throw sameKeyAndNonce;
            }
            byte[] other = nonce.clone();
            other[other.length - 1] ^= 1;
            w.cipher.init(Cipher.DECRYPT_MODE, key, parameters(w, other));
            w.cipher.init(Cipher.DECRYPT_MODE, key, parameters(w, nonce));
        }
    }

    /**
     * Whole blocks of the plaintext with one update, straight from the caller's array into out's; then the partial
     * last block and the trailer, joined in a small scratch array, with doFinal. No update leaves a partial block
     * behind, so the JDK buffers nothing.
     */
    private static int sealArrays(Worker w, ByteBuffer plaintext, ByteBuffer trailer, ByteBuffer out)
            throws GeneralSecurityException {
        Cipher cipher = w.cipher;
        byte[] tailScratch = w.tailScratch;
        byte[] dst = out.array();
        int outOffset = out.arrayOffset() + out.position();
        int length = plaintext.remaining();
        int whole = trailer.hasRemaining() ? length & ~15 : length;
        int n = 0;
        int tail = length - whole;
        if (tail == 0 && !trailer.hasRemaining()) {
            n = cipher.doFinal(plaintext.array(), plaintext.arrayOffset() + plaintext.position(), length, dst,
                    outOffset);
        } else {
            if (whole > 0) {
                n = cipher.update(plaintext.array(), plaintext.arrayOffset() + plaintext.position(), whole, dst,
                        outOffset);
            }
            int t = tail + trailer.remaining();
            plaintext.position(plaintext.position() + whole);
            plaintext.get(tailScratch, 0, tail);
            trailer.get(tailScratch, tail, trailer.remaining());
            n += cipher.doFinal(tailScratch, 0, t, dst, outOffset + n);
            java.util.Arrays.fill(tailScratch, 0, t, (byte) 0);
        }
        plaintext.position(plaintext.limit());
        trailer.position(trailer.limit());
        out.position(out.position() + n);
        return n;
    }

    /**
     * Feeds the additional data through the byte[] form of updateAAD: the JDK 17 ChaCha20-Poly1305
     * updateAAD(ByteBuffer) computes a wrong tag for 16 or more bytes of AAD (found by Wycheproof tcId 106).
     */
    private static void updateAad(Worker w, ByteBuffer aad) {
        Cipher cipher = w.cipher;
        int n = aad.remaining();
        if (aad.hasArray()) {
            cipher.updateAAD(aad.array(), aad.arrayOffset() + aad.position(), n);
            aad.position(aad.limit());
            return;
        }
        if (w.aadScratch.length < n) {
            w.aadScratch = new byte[n];
        }
        aad.get(w.aadScratch, 0, n);
        cipher.updateAAD(w.aadScratch, 0, n);
    }

    private static AlgorithmParameterSpec parameters(Worker w, byte[] nonce) {
        AlgorithmParameterSpec nonceSpec = w.nonceSpec;
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AEAD nonce must be " + NONCE_LENGTH + " bytes, got " + nonce.length);
        }
        // RFC 5288 / RFC 8439: a 128-bit tag for GCM; ChaCha20-Poly1305 takes the nonce as its IV.
        if (nonceSpec instanceof NonceSpec.Gcm g) {
            g.set(nonce);
        } else {
            ((NonceSpec.Iv) nonceSpec).set(nonce);
        }
        return nonceSpec;
    }

    /** Whatever a failed decryption may have put into out is zeroed, and out's position restored. */
    private static void wipe(ByteBuffer out, int start, int length) {
        int end = Math.min(out.limit(), start + length);
        for (int i = start; i < end; i++) {
            out.put(i, (byte) 0);
        }
        out.position(start);
    }

    private static TlsException badRecordMac(Throwable cause) {
        return new TlsException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD_MAC, cause);
    }

    private static TlsException internalError(String message, Throwable cause) {
        return new TlsException(AlertDescription.INTERNAL_ERROR, message, cause);
    }
}
