package dev.parapet.tls.crypto.curve25519;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static dev.parapet.tls.crypto.CryptoTestSupport.toHex;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Ed25519 against RFC 8032's vectors and every Wycheproof ed25519 vector. */
class Ed25519Test {

    /** RFC 8032, 7.1: TEST 1, 2, 3 and SHA(abc). */
    @ParameterizedTest
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
            + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
            + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
            + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
            + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42,"
            + "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf,"
            + "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f,"
            + "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
            + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    })
    void rfc8032(String secret, String publicKey, String message, String signature) {
        byte[] seed = hex(secret);
        byte[] msg = message == null ? new byte[0] : hex(message);
        byte[] pub = Ed25519.publicKey(seed);
        assertEquals(publicKey, toHex(pub));
        byte[] sig = Ed25519.sign(seed, pub, msg);
        assertEquals(signature, toHex(sig));
        assertTrue(Ed25519.verify(pub, msg, sig));
        sig[5] ^= 1;
        assertFalse(Ed25519.verify(pub, msg, sig));
    }

    /** Every Wycheproof vector: "valid" must verify, "invalid" must not (the file has no "acceptable" ones). */
    @Test
    void wycheproofVectors() {
        List<Case> all = cases(wycheproof("ed25519_test.json"));
        assertEquals(151, all.size());
        int valid = 0;
        for (Case c : all) {
            JsonObject key = c.group().getAsJsonObject("publicKey");
            byte[] pub = hex(key.get("pk").getAsString());
            boolean expected = switch (c.result()) {
                case "valid" -> true;
                case "invalid" -> false;
                default -> throw new AssertionError("unexpected result " + c.result() + " in " + c);
            };
            assertEquals(expected, Ed25519.verify(pub, c.bytes("msg"), c.bytes("sig")), c.toString());
            valid += expected ? 1 : 0;
        }
        assertEquals(88, valid);
    }

    @Test
    void badLengthsAndEncodings() {
        byte[] seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = Ed25519.publicKey(seed);
        byte[] sig = Ed25519.sign(seed, pub, new byte[0]);
        assertFalse(Ed25519.verify(pub, new byte[0], java.util.Arrays.copyOf(sig, 63)));
        assertFalse(Ed25519.verify(pub, new byte[0], java.util.Arrays.copyOf(sig, 65)));
        assertFalse(Ed25519.verify(java.util.Arrays.copyOf(pub, 31), new byte[0], sig));
        assertFalse(Ed25519.verify(null, new byte[0], sig));
        // S + L verifies mathematically but is not canonical (RFC 8032, 5.1.7 step 1).
        byte[] sPlusL = Scalar25519.toLittleEndian(new java.math.BigInteger(1, reverse(sig, 32))
                .add(Scalar25519.L));
        byte[] malleable = sig.clone();
        System.arraycopy(sPlusL, 0, malleable, 32, 32);
        assertFalse(Ed25519.verify(pub, new byte[0], malleable));
        // A public key whose y is p + 1 (y = 1 non-canonically) is refused.
        byte[] nonCanonical = hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertFalse(Ed25519.verify(nonCanonical, new byte[0], sig));
        assertThrows(IllegalArgumentException.class, () -> Ed25519.publicKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519.sign(seed, new byte[33], new byte[0]));
    }

    private static byte[] reverse(byte[] b, int off) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = b[off + 31 - i];
        }
        return out;
    }
}
