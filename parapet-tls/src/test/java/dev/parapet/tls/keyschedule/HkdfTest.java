package dev.parapet.tls.keyschedule;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HkdfTest {

    @ParameterizedTest
    @CsvSource({"hkdf_sha256_test.json, SHA-256, 86", "hkdf_sha384_test.json, SHA-384, 83"})
    void wycheproofVectors(String file, String hash, int expectedCases) {
        Hkdf hkdf = new Hkdf(hash);
        int valid = 0;
        int invalid = 0;
        for (Case c : cases(wycheproof(file))) {
            int size = c.test().get("size").getAsInt();
            if (c.result().equals("valid")) {
                byte[] prk = hkdf.extract(c.bytes("salt"), c.bytes("ikm"));
                assertArrayEquals(c.bytes("okm"), hkdf.expand(prk, c.bytes("info"), size), c.toString());
                valid++;
            } else {
                // Wycheproof's invalid HKDF cases ask for more than 255 * HashLen bytes (RFC 5869, 2.3).
                byte[] prk = hkdf.extract(c.bytes("salt"), c.bytes("ikm"));
                assertThrows(IllegalArgumentException.class, () -> hkdf.expand(prk, c.bytes("info"), size),
                        c.toString());
                invalid++;
            }
        }
        assertEquals(expectedCases, valid + invalid);
        assertTrue(invalid > 0, "the files include size-too-large cases");
    }

    /** RFC 5869, A.1 (also Wycheproof tcId 1), with PRK checked too. */
    @Test
    void rfc5869TestCase1() {
        Hkdf hkdf = new Hkdf("SHA-256");
        byte[] prk = hkdf.extract(hex("000102030405060708090a0b0c"), hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                hkdf.expand(prk, hex("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    /** RFC 5869, A.3: zero-length salt and info; a null salt means HashLen zeros, too. */
    @Test
    void rfc5869TestCase3EmptySalt() {
        Hkdf hkdf = new Hkdf("SHA-256");
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] prk = hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertArrayEquals(prk, hkdf.extract(new byte[0], ikm));
        assertArrayEquals(prk, hkdf.extract(null, ikm));
        assertArrayEquals(prk, hkdf.extract(new byte[32], ikm));
        assertArrayEquals(hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
                hkdf.expand(prk, new byte[0], 42));
    }

    @Test
    void lengths() {
        Hkdf sha256 = new Hkdf("SHA-256");
        Hkdf sha384 = new Hkdf("SHA-384");
        assertEquals(32, sha256.hashLength());
        assertEquals(48, sha384.hashLength());
        byte[] prk = new byte[32];
        assertEquals(255 * 32, sha256.expand(prk, null, 255 * 32).length);
        assertEquals(0, sha256.expand(prk, null, 0).length);
        assertThrows(IllegalArgumentException.class, () -> sha256.expand(prk, null, 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> sha384.expand(new byte[48], null, 255 * 48 + 1));
        assertThrows(IllegalArgumentException.class, () -> sha256.expand(prk, null, -1));
        assertThrows(IllegalArgumentException.class, () -> new Hkdf("SHA-1"));
    }

    /** RFC 8446, 7.1: the HkdfLabel bytes, as RFC 8448 logs them ("info") for "tls13 derived". */
    @Test
    void hkdfLabelLayout() {
        byte[] emptyHash = hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        byte[] info = Hkdf.hkdfLabel("derived", emptyHash, 32);
        assertArrayEquals(hex("00 20 0d 74 6c 73 31 33 20 64 65 72 69 76 65 64 20"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), info);
        assertArrayEquals(hex("00 10 09 74 6c 73 31 33 20 6b 65 79 00"), Hkdf.hkdfLabel("key", new byte[0], 16));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.hkdfLabel("x".repeat(250), new byte[0], 16));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.hkdfLabel("key", new byte[256], 16));
    }

    /** RFC 8448, 3: early secret and "derived", through extract and deriveSecret. */
    @Test
    void deriveSecretMatchesRfc8448() {
        Hkdf hkdf = new Hkdf("SHA-256");
        byte[] early = hkdf.extract(null, new byte[32]);
        assertArrayEquals(hex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"), early);
        byte[] emptyHash = hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertArrayEquals(hex("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba"),
                hkdf.deriveSecret(early, "derived", emptyHash));
    }

}
