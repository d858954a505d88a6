package dev.parapet.tls.keyschedule;

import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.Prf12.KeyBlock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.2 PRF known answers.
 *
 * <p>PRF vectors: the P_SHA256 and P_SHA384 "test label" vectors posted to the IETF TLS list
 * (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html), also in GnuTLS's and other projects' test
 * suites, and reproduced with {@code openssl kdf ... TLS1-PRF}.
 *
 * <p>Master secret, extended master secret, key block and verify_data vectors: computed independently with the
 * OpenSSL 3.0 CLI (not with Parapet) from the fixed inputs below, e.g. for the SHA-256 master secret:
 * <pre>
 * openssl kdf -keylen 48 -kdfopt digest:SHA256 -kdfopt hexsecret:$PMS \
 *     -kdfopt hexseed:$(printf 'master secret' | xxd -p)$CR$SR TLS1-PRF
 * </pre>
 * and likewise with labels "extended master secret" (seed = session hash), "key expansion" (seed = SR + CR),
 * "client finished" / "server finished" (seed = handshake hash).
 */
class Prf12Test {
    private static final byte[] PMS = hex("0303" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "202122232425262728292a2b2c2d2e");
    private static final byte[] CR = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] SR = hex("707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f");
    private static final byte[] SESSION_HASH_256 =
            hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    private static final byte[] SESSION_HASH_384 = hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
            + "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
    private static final byte[] MS_256 = hex("059badeb07d283b46bbe15ceec03e8d8ea339326ae70a81f3e188260150b1d25"
            + "8ed98da28ee24615bd7c3cb3e38fcab5");
    private static final byte[] MS_384 = hex("8e454b7bd72a60e42e946afbd8c7acf1123219fe4fbee3f5efb81626e61868cf"
            + "f40b7438ec081b3911a1b01ecb733725");

    @Test
    void ietfSha256Vector() {
        byte[] out = new Prf12("SHA-256").prf(hex("9bbe436ba940f017b17652849a71db35"), "test label",
                hex("a0ba9f936cda311827a6f796ffd5198c"), 100);
        assertArrayEquals(hex("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                + "87347b66"), out);
    }

    @Test
    void ietfSha384Vector() {
        byte[] out = new Prf12("SHA-384").prf(hex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                hex("cd665cf6a8447dd6ff8b27555edb7465"), 148);
        assertArrayEquals(hex("7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
                + "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                + "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                + "91c8f3a26854308d5eaa3be85e0990703d73e56f"), out);
    }

    @Test
    void shorterOutputIsAPrefix() {
        Prf12 prf = new Prf12("SHA-256");
        byte[] secret = hex("9bbe436ba940f017b17652849a71db35");
        byte[] seed = hex("a0ba9f936cda311827a6f796ffd5198c");
        byte[] full = prf.prf(secret, "test label", seed, 100);
        for (int n : new int[] {0, 1, 31, 32, 33, 64, 65}) {
            assertArrayEquals(Arrays.copyOf(full, n), prf.prf(secret, "test label", seed, n), "length " + n);
        }
    }

    @Test
    void masterSecrets() {
        assertArrayEquals(MS_256, new Prf12("SHA-256").masterSecret(PMS, CR, SR));
        assertArrayEquals(MS_384, new Prf12("SHA-384").masterSecret(PMS, CR, SR));
    }

    @Test
    void extendedMasterSecrets() {
        assertArrayEquals(hex("4bf62acddd8fc7bd1b08bb3be886977e1b9c5ce4c140f4472eb63966592dbba4"
                        + "67768ac75dc903bdfa9ec5fb94ab9dc7"),
                new Prf12("SHA-256").extendedMasterSecret(PMS, SESSION_HASH_256));
        assertArrayEquals(hex("d74f97d0317672c1aa22b68f586523812975a27a25703b5acfeaff4d61bedf98"
                        + "5192292710e4e4fb86a2a3b19ba0402e"),
                new Prf12("SHA-384").extendedMasterSecret(PMS, SESSION_HASH_384));
    }

    @Test
    void keyBlockForCbcSha256() {
        byte[] block = hex("b9af108b0e47f21a269a8b2cc23f563547152ad63d84e00edad3a270056a5281"
                + "17a9b0abd557c001aa4d1b6da42646454a8a78b82e8f1ccd3ab0b854103b9fa6"
                + "d3dd673a87d88c6968690a7e35db2a92fb1b3e3b871cbd6d45749c6c04165b74");
        KeyBlock kb = new Prf12("SHA-256").keyBlock(MS_256, CR, SR,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256);
        assertArrayEquals(Arrays.copyOfRange(block, 0, 32), kb.clientMacKey());
        assertArrayEquals(Arrays.copyOfRange(block, 32, 64), kb.serverMacKey());
        assertArrayEquals(Arrays.copyOfRange(block, 64, 80), kb.clientKey());
        assertArrayEquals(Arrays.copyOfRange(block, 80, 96), kb.serverKey());
        assertEquals(0, kb.clientIv().length);
        assertEquals(0, kb.serverIv().length);
    }

    @Test
    void keyBlockForGcmSha384() {
        byte[] block = hex("30131c4ca15f75e8535cfa6cffa46732cf24bbd95c3ff2f25e5491fbd1de7462"
                + "7a3a3161e0881b4e61f90f446c100201a12a297f6754c7e5b3ea64f8f11d511b"
                + "fd0a89023ada4cb7");
        KeyBlock kb = new Prf12("SHA-384").keyBlock(MS_384, CR, SR,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
        assertEquals(0, kb.clientMacKey().length);
        assertEquals(0, kb.serverMacKey().length);
        assertArrayEquals(Arrays.copyOfRange(block, 0, 32), kb.clientKey());
        assertArrayEquals(Arrays.copyOfRange(block, 32, 64), kb.serverKey());
        assertArrayEquals(Arrays.copyOfRange(block, 64, 68), kb.clientIv());
        assertArrayEquals(Arrays.copyOfRange(block, 68, 72), kb.serverIv());
    }

    @Test
    void keyBlockSizesForEverySuite() {
        for (CipherSuite suite : CipherSuite.tls12()) {
            KeyBlock kb = new Prf12(suite.hashAlgorithm()).keyBlock(MS_256, CR, SR, suite);
            assertEquals(suite.macLength(), kb.clientMacKey().length, suite.name());
            assertEquals(suite.macLength(), kb.serverMacKey().length, suite.name());
            assertEquals(suite.keyLength(), kb.serverKey().length, suite.name());
            assertEquals(suite.cipher().fixedIvLength(), kb.clientIv().length, suite.name());
        }
        assertThrows(IllegalArgumentException.class, () -> new Prf12("SHA-256").keyBlock(MS_256, CR, SR,
                CipherSuite.TLS_AES_128_GCM_SHA256));
    }

    @Test
    void finishedVerifyData() {
        Prf12 prf = new Prf12("SHA-256");
        byte[] client = hex("a9e18b39d6f1c150926fd621");
        byte[] server = hex("9f511a1cb6824c478f353e2b");
        assertArrayEquals(client, prf.verifyData(MS_256, true, SESSION_HASH_256));
        assertArrayEquals(server, prf.verifyData(MS_256, false, SESSION_HASH_256));
        assertArrayEquals(hex("62eac1ea0b4407ee5838223b"),
                new Prf12("SHA-384").verifyData(MS_384, false, SESSION_HASH_384));
        assertTrue(prf.verifyFinished(MS_256, true, SESSION_HASH_256, client));
        assertFalse(prf.verifyFinished(MS_256, false, SESSION_HASH_256, client));
        byte[] tampered = client.clone();
        tampered[11] ^= 1;
        assertFalse(prf.verifyFinished(MS_256, true, SESSION_HASH_256, tampered));
        assertFalse(prf.verifyFinished(MS_256, true, SESSION_HASH_256, Arrays.copyOf(client, 11)));
        assertFalse(prf.verifyFinished(MS_256, true, SESSION_HASH_256, null));
    }

    @Test
    void refusesOtherHashes() {
        assertThrows(IllegalArgumentException.class, () -> new Prf12("SHA-1"));
    }
}
