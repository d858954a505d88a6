package dev.parapet.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

/** The pool lends each instance to one borrower at a time, keeps at most its capacity, and keys by algorithm. */
class CipherPoolTest {

    @Test
    void aGivenBackCipherIsLentAgainOnlyForItsTransformation() {
        CipherPool pool = new CipherPool(4);
        Cipher gcm = pool.cipher("AES/GCM/NoPadding");
        pool.giveBack(gcm);
        Cipher cbc = pool.cipher("AES/CBC/NoPadding");
        assertNotSame(gcm, cbc);
        assertEquals("AES/CBC/NoPadding", cbc.getAlgorithm());
        assertSame(gcm, pool.cipher("AES/GCM/NoPadding"));
        assertEquals(2, pool.creations());
    }

    @Test
    void macsArePooledByAlgorithm() {
        CipherPool pool = new CipherPool(4);
        Mac sha256 = pool.mac("HmacSHA256");
        pool.giveBack(sha256);
        assertNotSame(sha256, pool.mac("HmacSHA384"));
        assertSame(sha256, pool.mac("HmacSHA256"));
    }

    @Test
    void keepsAtMostItsCapacityPerTransformation() {
        CipherPool pool = new CipherPool(2);
        Cipher[] c = new Cipher[5];
        for (int i = 0; i < c.length; i++) {
            c[i] = pool.cipher("AES/GCM/NoPadding");
        }
        for (Cipher x : c) {
            pool.giveBack(x);
        }
        assertEquals(2, pool.freeInstances());
        assertEquals(5, pool.creations());
    }

    @Test
    void capacityZeroKeepsNothing() {
        CipherPool pool = new CipherPool(0);
        pool.giveBack(pool.cipher("AES/GCM/NoPadding"));
        assertEquals(0, pool.freeInstances());
    }

    @Test
    void givingBackTwiceIsRefusedAndBadCapacitiesAreRefused() {
        CipherPool pool = new CipherPool(2);
        Cipher c = pool.cipher("AES/GCM/NoPadding");
        pool.giveBack(c);
        assertThrows(IllegalStateException.class, () -> pool.giveBack(c));
        assertThrows(IllegalArgumentException.class, () -> new CipherPool(-1));
        assertThrows(IllegalArgumentException.class, () -> new CipherPool((1 << 16) + 1));
        assertThrows(IllegalStateException.class, () -> pool.cipher("NoSuchCipher/GCM/NoPadding"));
    }

    /**
     * An AEAD coming back from idle gets the worker it parked (whose key schedule is its own) while the pool has
     * room for one each; with more idle AEADs than that, the one parked longest ago gives its worker up.
     */
    @Test
    void anAeadGetsItsOwnWorkerBackWhileThePoolHasRoom() throws Exception {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        CipherPool roomy = new CipherPool(2);
        JcaAead a = new JcaAead(suite, new byte[16], roomy);
        JcaAead.Worker aWorker = a.currentWorker();
        a.release();
        JcaAead b = new JcaAead(suite, new byte[16], roomy); // a's worker is free, but there is room for b's own
        JcaAead.Worker bWorker = b.currentWorker();
        assertNotSame(aWorker, bWorker);
        b.release();
        seal(a); // b's worker was given back last, yet a gets its own
        assertSame(aWorker, a.currentWorker());
        assertEquals(2, roomy.creations());

        CipherPool tight = new CipherPool(1);
        JcaAead c = new JcaAead(suite, new byte[16], tight);
        JcaAead.Worker cWorker = c.currentWorker();
        c.release();
        JcaAead d = new JcaAead(suite, new byte[16], tight); // c's is parked with c: d makes its own
        d.release(); // a second idle AEAD: the pool parks one at most, c's worker goes free
        JcaAead e = new JcaAead(suite, new byte[16], tight);
        assertSame(cWorker, e.currentWorker());
        assertEquals(2, tight.creations());
    }

    private static void seal(JcaAead aead) throws Exception {
        byte[] nonce = new byte[12];
        nonce[0] = (byte) System.nanoTime();
        aead.seal(nonce, ByteBuffer.allocate(5), ByteBuffer.wrap(new byte[] {1}), ByteBuffer.allocate(64));
    }

    /** Two AEADs with different keys take turns on one pooled Cipher: every record still opens under its own key. */
    @Test
    void aeadsSharingOnePooledCipherKeepTheirOwnKeys() throws Exception {
        CipherPool pool = new CipherPool(1);
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        byte[] k1 = new byte[16];
        byte[] k2 = new byte[16];
        k2[0] = 1;
        JcaAead a = new JcaAead(suite, k1, pool);
        JcaAead b = new JcaAead(suite, k2, pool);
        JcaAead aReader = new JcaAead(suite, k1, pool);
        JcaAead bReader = new JcaAead(suite, k2, pool);
        for (JcaAead x : new JcaAead[] {a, b, aReader, bReader}) {
            x.release();
            assertTrue(!x.holdsCipher());
        }
        for (int i = 0; i < 4; i++) {
            byte[] nonce = new byte[12];
            nonce[11] = (byte) i;
            JcaAead writer = i % 2 == 0 ? a : b;
            JcaAead reader = i % 2 == 0 ? aReader : bReader;
            JcaAead wrong = i % 2 == 0 ? bReader : aReader;
            ByteBuffer sealed = ByteBuffer.allocate(64);
            writer.seal(nonce, ByteBuffer.allocate(5), ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) i}), sealed);
            writer.release();
            sealed.flip();
            ByteBuffer out = ByteBuffer.allocate(64);
            assertThrows(dev.parapet.tls.TlsException.class,
                    () -> wrong.open(nonce, ByteBuffer.allocate(5), sealed.duplicate(), out));
            wrong.release();
            out.clear();
            assertEquals(4, reader.open(nonce, ByteBuffer.allocate(5), sealed, out));
            reader.release();
            assertEquals(i, out.get(3));
        }
        assertEquals(2, pool.freeInstances()); // one parked with its idle AEAD, one free: the capacity of each
    }
}
