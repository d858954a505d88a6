package dev.parapet.tls.attack;

import static dev.parapet.tls.attack.Tls12Wire.CHANGE_CIPHER_SPEC;
import static dev.parapet.tls.attack.Tls12Wire.HANDSHAKE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bleichenbacher / ROBOT / Marvin (RFC 5246, 7.4.7.1) against a Parapet TLS 1.2 server in legacy mode with an RSA
 * certificate. A scripted client (raw records: TLS 1.2 is in the clear until ChangeCipherSpec) sends a
 * ClientKeyExchange whose RSA block is well formed, or badly padded, or of the wrong length, or with the wrong
 * version, or a ciphertext of the wrong size, or garbage, then ChangeCipherSpec and a Finished record. An attacker
 * does not know what the server decrypted, so its Finished is sealed under keys of its own guess; the server's
 * bytes on the wire must then be the same for every kind of block: nothing in answer to the ClientKeyExchange or
 * the ChangeCipherSpec, and one identical alert after the Finished. For the malformed blocks the client also tries
 * the keys of the pre-master secret hidden in the block: the server must not have used it (a random one takes its
 * place), so that attempt fails the same way.
 */
class Tls12RsaOracleTest {
    private static final String SERVER_NAME = "server.test";
    private static TestPki pki;
    private static CertifiedKey rsa;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        rsa = pki.issue(KeyType.RSA_2048, SERVER_NAME);
    }

    static Stream<CipherSuite> rsaSuites() {
        return CipherSuite.tls12().stream().filter(s -> s.keyExchange() == KeyExchangeAlgorithm.RSA);
    }

    // ------------------------------------------------------------------ the scripted client

    // ------------------------------------------------------------------ RSA blocks

    private static byte[] raw(byte[] block) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, rsa.leaf().getPublicKey());
            return c.doFinal(block);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int k() {
        return (((RSAPublicKey) rsa.leaf().getPublicKey()).getModulus().bitLength() + 7) / 8;
    }

    /** 00 02 PS 00 M with a non-zero PS of the right length (RFC 8017, 7.2.1). */
    private static byte[] pkcs1(byte[] message) {
        byte[] block = new byte[k()];
        block[1] = 2;
        int psEnd = block.length - message.length - 1;
        for (int i = 2; i < psEnd; i++) {
            do {
                block[i] = (byte) Tls12Wire.RANDOM.nextInt(256);
            } while (block[i] == 0);
        }
        System.arraycopy(message, 0, block, psEnd + 1, message.length);
        return block;
    }

    private static byte[] pms(int version, int length) {
        byte[] pms = new byte[length];
        Tls12Wire.RANDOM.nextBytes(pms);
        pms[0] = (byte) (version >>> 8);
        pms[1] = (byte) version;
        return pms;
    }

    /** A kind of ClientKeyExchange: the ciphertext, and the pre-master secret hidden in it (null: none). */
    record Block(byte[] ciphertext, byte[] hiddenPms) {
    }

    static Map<String, Function<Void, Block>> kinds() {
        Map<String, Function<Void, Block>> m = new LinkedHashMap<>();
        m.put("a: valid PKCS#1 block, right version and length", v -> {
            byte[] p = pms(0x0303, 48);
            return new Block(raw(pkcs1(p)), p);
        });
        m.put("b1: bad padding (block type 01)", v -> {
            byte[] p = pms(0x0303, 48);
            byte[] b = pkcs1(p);
            b[1] = 1;
            return new Block(raw(b), p);
        });
        m.put("b2: bad padding (first byte not zero)", v -> {
            byte[] p = pms(0x0303, 48);
            byte[] b = pkcs1(p);
            b[0] = 1;
            return new Block(raw(b), p); // may exceed the modulus: then it is "garbage" of the right size
        });
        m.put("b3: bad padding (no zero separator)", v -> {
            byte[] p = pms(0x0303, 48);
            byte[] b = pkcs1(p);
            b[b.length - 49] = 7;
            return new Block(raw(b), p);
        });
        m.put("b4: bad padding (padding string shorter than 8 bytes)", v -> {
            byte[] p = pms(0x0303, 48);
            byte[] b = pkcs1(p);
            b[5] = 0;
            return new Block(raw(b), p);
        });
        m.put("c1: pre-master secret of 47 bytes", v -> {
            byte[] p = pms(0x0303, 47);
            return new Block(raw(pkcs1(p)), p);
        });
        m.put("c2: pre-master secret of 49 bytes", v -> {
            byte[] p = pms(0x0303, 49);
            return new Block(raw(pkcs1(p)), p);
        });
        m.put("c3: empty message", v -> new Block(raw(pkcs1(new byte[0])), null));
        m.put("d1: wrong version 0x0301", v -> {
            byte[] p = pms(0x0301, 48);
            return new Block(raw(pkcs1(p)), p);
        });
        m.put("d2: wrong version 0x0304", v -> {
            byte[] p = pms(0x0304, 48);
            return new Block(raw(pkcs1(p)), p);
        });
        m.put("e1: ciphertext one byte short", v -> {
            byte[] p = pms(0x0303, 48);
            return new Block(Arrays.copyOf(raw(pkcs1(p)), k() - 1), p);
        });
        m.put("e2: ciphertext one byte long", v -> {
            byte[] p = pms(0x0303, 48);
            return new Block(Tls12Wire.concat(new byte[] {0}, raw(pkcs1(p))), p);
        });
        m.put("f1: garbage below the modulus", v -> {
            BigInteger n = ((RSAPublicKey) rsa.leaf().getPublicKey()).getModulus();
            BigInteger x = new BigInteger(n.bitLength() - 1, Tls12Wire.RANDOM);
            byte[] b = x.toByteArray();
            byte[] out = new byte[k()];
            int len = Math.min(b.length, out.length);
            System.arraycopy(b, b.length - len, out, out.length - len, len);
            return new Block(out, null);
        });
        m.put("f2: all 0xff (not below the modulus)", v -> {
            byte[] out = new byte[k()];
            Arrays.fill(out, (byte) 0xff);
            return new Block(out, null);
        });
        m.put("f3: all zero", v -> new Block(new byte[k()], null));
        return m;
    }

    // ------------------------------------------------------------------ the tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaSuites")
    void everyKindOfBlockGetsTheSameAnswerAtTheSamePoint(CipherSuite suite) {
        Map<String, String> shapes = new LinkedHashMap<>();
        String reference = null;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, Function<Void, Block>> kind : kinds().entrySet()) {
            Block block = kind.getValue().apply(null);
            // the attacker's guess: keys of a pre-master secret it made up
            ScriptedRsaClient.Outcome guess = new ScriptedRsaClient(suite, rsa, pki, null).finish(block.ciphertext(), pms(0x0303, 48), false);
            shapes.put(kind.getKey(), guess.wireShape());
            report.append(kind.getKey()).append(" -> ").append(guess.shape()).append('\n');
            assertEquals(3, guess.replies().size(), kind.getKey() + ": the server must wait for the Finished\n"
                    + report);
            assertEquals(0, guess.replies().get(0).length, kind.getKey() + ": nothing in answer to the "
                    + "ClientKeyExchange\n" + report);
            assertEquals(0, guess.replies().get(1).length, kind.getKey() + ": nothing in answer to the "
                    + "ChangeCipherSpec\n" + report);
            assertNotNull(guess.failure(), kind.getKey() + ": the handshake must fail\n" + report);
            if (reference == null) {
                reference = guess.wireShape();
            }
            if (block.hiddenPms() != null && !kind.getKey().startsWith("a:")) {
                // honest Finished for the pre-master secret hidden in the malformed block: must not be used
                ScriptedRsaClient.Outcome hidden = new ScriptedRsaClient(suite, rsa, pki, null).finish(block.ciphertext(), block.hiddenPms(), false);
                report.append("   with its hidden pre-master secret -> ").append(hidden.shape()).append('\n');
                assertFalse(hidden.completed(), kind.getKey() + ": the server used the pre-master secret of a "
                        + "malformed block\n" + report);
                assertEquals(reference, hidden.wireShape(), kind.getKey() + " (hidden secret)\n" + report);
            }
        }
        for (Map.Entry<String, String> e : shapes.entrySet()) {
            assertEquals(reference, e.getValue(), "the server's answer differs for " + e.getKey() + ":\n" + report);
        }
        // the alert: one plaintext fatal alert record (the server never switched its write keys)
        List<Tls12Wire.Wire> alert = Tls12Wire.records(HexFormat.of().parseHex(reference.split("\\|")[2]));
        assertEquals(1, alert.size(), report.toString());
        assertEquals(Tls12Wire.ALERT, alert.get(0).type(), report.toString());
        assertArrayEquals(new byte[] {2, (byte) AlertDescription.BAD_RECORD_MAC.code()}, alert.get(0).fragment(),
                "a Finished under keys the server does not have cannot be opened: bad_record_mac\n" + report);
    }

    /** Control: the scripted client is right; with the real pre-master secret the handshake completes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaSuites")
    void theScriptedClientCompletesWithAValidBlock(CipherSuite suite) {
        byte[] p = pms(0x0303, 48);
        ScriptedRsaClient.Outcome ok = new ScriptedRsaClient(suite, rsa, pki, null).finish(raw(pkcs1(p)), p, false);
        assertNull(ok.failure(), ok.shape());
        assertTrue(ok.completed(), ok.shape());
        List<Tls12Wire.Wire> last = Tls12Wire.records(ok.replies().get(2));
        assertEquals(List.of(CHANGE_CIPHER_SPEC, HANDSHAKE), last.stream().map(Tls12Wire.Wire::type).toList(),
                "the server's ChangeCipherSpec and Finished, and nothing before: " + ok.shape());
    }

    static Stream<Arguments> rsaSuitesWithAndWithoutEms() {
        return rsaSuites().flatMap(s -> Stream.of(Arguments.of(s, true),
                Arguments.of(s, false)));
    }

    /**
     * Control for the toolkit's key schedule alone: the master secret the scripted client derives (RFC 7627, 4
     * with extended_master_secret, RFC 5246, 8.1 without) is the one the server logs for this client random. When
     * this fails and the record-level controls fail too, look at the key schedule or the ServerHello parsing
     * (what the scripted client believes was negotiated) before the record protection.
     */
    @ParameterizedTest(name = "{0} extended_master_secret={1}")
    @MethodSource("rsaSuitesWithAndWithoutEms")
    void theScriptedClientDerivesTheServersMasterSecret(CipherSuite suite, boolean ems) {
        List<String> keyLog = new ArrayList<>();
        TlsServerConfig config = TlsServerConfig.builder().certificate(rsa).legacy(true)
                .requireExtendedMasterSecret(ems).keyLog(keyLog::add).build();
        ScriptedRsaClient c = new ScriptedRsaClient(suite, config, pki,
                ems ? null : ScriptedRsaClient.without(ExtensionType.EXTENDED_MASTER_SECRET));
        assertEquals(ems, c.ems, "extended_master_secret in the ServerHello, as the scripted client parsed it");
        byte[] p = pms(0x0303, 48);
        ScriptedRsaClient.Outcome ok = c.finish(raw(pkcs1(p)), p, false);
        String expected = "CLIENT_RANDOM " + HexFormat.of().formatHex(c.clientRandom) + " "
                + HexFormat.of().formatHex(c.master);
        assertTrue(keyLog.stream().map(String::trim).anyMatch(expected::equals),
                "the server's key log " + keyLog + " has no line " + expected + "; " + ok.shape());
        assertTrue(ok.completed(), ok.shape());
        assertEquals(ems, c.server.session().extendedMasterSecret(), c.server.session().summary());
    }

    /**
     * A client that knows the pre-master secret (so the Finished record opens) but sends wrong verify_data:
     * decrypt_error, again only after the Finished.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaSuites")
    void aValidBlockWithAWrongFinishedGetsDecryptErrorAfterTheFinished(CipherSuite suite) {
        byte[] p = pms(0x0303, 48);
        ScriptedRsaClient.Outcome bad = new ScriptedRsaClient(suite, rsa, pki, null).finish(raw(pkcs1(p)), p, true);
        assertEquals(3, bad.replies().size(), bad.shape());
        assertEquals(0, bad.replies().get(0).length, bad.shape());
        assertEquals(0, bad.replies().get(1).length, bad.shape());
        assertNotNull(bad.failure(), bad.shape());
        assertEquals(AlertDescription.DECRYPT_ERROR, bad.failure().alert(), bad.shape());
        List<Tls12Wire.Wire> alert = Tls12Wire.records(bad.replies().get(2));
        assertEquals(1, alert.size(), bad.shape());
        assertArrayEquals(new byte[] {2, (byte) AlertDescription.DECRYPT_ERROR.code()}, alert.get(0).fragment(),
                bad.shape());
    }
}
