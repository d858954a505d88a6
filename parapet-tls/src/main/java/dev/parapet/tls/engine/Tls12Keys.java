package dev.parapet.tls.engine;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.Prf12;
import dev.parapet.tls.record.RecordProtection;
import dev.parapet.tls.record.Tls12AeadProtection;
import dev.parapet.tls.record.Tls12CbcProtection;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The TLS 1.2 secrets of one handshake (RFC 5246, 6.3 and 8.1; RFC 7627): the master secret, the key block, the
 * pending record protections, and Finished. Made once both sides know the pre-master secret.
 */
public final class Tls12Keys {
    private final HandshakeContext ctx;
    private final Prf12 prf;
    private final byte[] masterSecret;
    private final Prf12.KeyBlock keyBlock;
    private boolean finishedSent;

    private Tls12Keys(HandshakeContext ctx, Prf12 prf, byte[] masterSecret) {
        this.ctx = ctx;
        this.prf = prf;
        this.masterSecret = masterSecret;
        this.keyBlock = prf.keyBlock(masterSecret, ctx.clientRandom, ctx.serverRandom, ctx.cipherSuite);
    }

    /**
     * Derives the master secret from {@code preMasterSecret} (wiped afterwards): with RFC 7627's session hash (the
     * transcript through ClientKeyExchange) when extended_master_secret was negotiated, else from the randoms.
     */
    public static Tls12Keys derive(HandshakeContext ctx, byte[] preMasterSecret) {
        Prf12 prf = new Prf12(ctx.cipherSuite.hashAlgorithm());
        byte[] master = ctx.extendedMasterSecret
                ? prf.extendedMasterSecret(preMasterSecret, ctx.transcript.current())
                : prf.masterSecret(preMasterSecret, ctx.clientRandom, ctx.serverRandom);
        Arrays.fill(preMasterSecret, (byte) 0);
        ctx.logSecret("CLIENT_RANDOM", master);
        ctx.listener().keyScheduleEvent((ctx.extendedMasterSecret ? "extended " : "") + "master secret derived");
        return new Tls12Keys(ctx, prf, master);
    }

    /**
     * RFC 5246, 7.4.1.2 and F.1.4: an abbreviated handshake's keys, from the resumed session's master secret and
     * this handshake's randoms.
     */
    public static Tls12Keys resume(HandshakeContext ctx, byte[] masterSecret) {
        Prf12 prf = new Prf12(ctx.cipherSuite.hashAlgorithm());
        byte[] master = masterSecret.clone();
        ctx.logSecret("CLIENT_RANDOM", master);
        ctx.listener().keyScheduleEvent("resumed master secret");
        return new Tls12Keys(ctx, prf, master);
    }

    /** A copy of the master secret, to be sealed in a ticket or kept by a client for resumption. */
    public byte[] masterSecret() {
        return masterSecret.clone();
    }

    /** Whether our own ChangeCipherSpec and Finished went out (the first of the two Finished in the handshake). */
    boolean finishedSent() {
        return finishedSent;
    }

    void markFinishedSent() {
        finishedSent = true;
    }

    /** The pending protection for records the client ({@code client}) or the server writes. */
    public RecordProtection protection(boolean client) {
        CipherSuite suite = ctx.cipherSuite;
        byte[] key = client ? keyBlock.clientKey() : keyBlock.serverKey();
        byte[] iv = client ? keyBlock.clientIv() : keyBlock.serverIv();
        if (suite.cipher().isAead()) {
            return new Tls12AeadProtection(suite, key, iv, ctx.crypto(), ctx.cipherPool());
        }
        byte[] macKey = client ? keyBlock.clientMacKey() : keyBlock.serverMacKey();
        return new Tls12CbcProtection(suite, key, macKey, ctx.encryptThenMac, ctx.random(), ctx.cipherPool());
    }

    /** RFC 5246, 7.4.9: verify_data over the transcript so far. */
    public byte[] verifyData(boolean client) {
        return prf.verifyData(masterSecret, client, ctx.transcript.current());
    }

    /** Checks the peer's Finished in constant time. */
    public boolean verifyPeerFinished(boolean peerIsClient, byte[] received) {
        return MessageDigest.isEqual(verifyData(peerIsClient), received);
    }
}
