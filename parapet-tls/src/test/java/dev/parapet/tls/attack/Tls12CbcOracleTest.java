package dev.parapet.tls.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.attack.Tls12Wire.CbcTamper;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Padding oracles on CBC records (Vaudenay, Lucky Thirteen; RFC 5246, 6.2.3.2 and RFC 7366): a Parapet server and
 * a scripted RSA key transport client on every CBC suite, MAC-then-encrypt (the client does not offer
 * encrypt_then_mac) and encrypt-then-MAC. Knowing the keys, the test seals records that no honest peer would:
 * valid MAC but bad padding bytes, valid MAC but a padding length past the record, good padding but a bad MAC.
 * The receiving server must answer each with bad_record_mac, the same failure message, and an alert record of the
 * same size.
 */
class Tls12CbcOracleTest {
    private static final String SERVER_NAME = "server.test";
    private static TestPki pki;
    private static CertifiedKey rsa;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        rsa = pki.issue(KeyType.RSA_2048, SERVER_NAME);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.tls12()) {
            if (s.keyExchange() == CipherSuite.KeyExchangeAlgorithm.RSA && !s.cipher().isAead()) {
                out.add(Arguments.of(s, false));
                out.add(Arguments.of(s, true));
            }
        }
        return out.stream();
    }

    /** A completed handshake with a scripted RSA client that offers encrypt_then_mac or not. */
    private static ScriptedRsaClient pair(CipherSuite suite, boolean etm) {
        ScriptedRsaClient c = new ScriptedRsaClient(suite, rsa, pki,
                etm ? null : ScriptedRsaClient.without(ExtensionType.ENCRYPT_THEN_MAC)).complete(rsa);
        assertEquals(etm, c.etm, "encrypt_then_mac in the ServerHello");
        assertEquals(etm, c.server.session().encryptThenMac(), c.server.session().summary());
        return c;
    }

    record Answer(TlsException failure, List<Tls12Wire.Wire> records) {
    }

    private static Answer inject(ScriptedRsaClient p, CbcTamper tamper) {
        byte[] record = p.afterFinished(true).seal(Tls12Wire.APPLICATION_DATA,
                "attack at dawn".getBytes(StandardCharsets.US_ASCII), tamper);
        TlsException e = Tls12Wire.deliver(p.server, record);
        return new Answer(e, Tls12Wire.records(Tls12Wire.drain(p.server)));
    }

    @ParameterizedTest(name = "{0} encrypt_then_mac={1}")
    @MethodSource("cases")
    void paddingAndMacFailuresLookAlike(CipherSuite suite, boolean etm) {
        // control: the test's own record, untampered, is accepted
        ScriptedRsaClient control = pair(suite, etm);
        Answer ok = inject(control, CbcTamper.NONE);
        assertNull(ok.failure(), () -> "the test's record should open: " + ok.failure());
        ByteBuffer got = ByteBuffer.allocate(100);
        control.server.read(got);
        assertEquals("attack at dawn", new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII));

        Map<CbcTamper, Answer> answers = new LinkedHashMap<>();
        for (CbcTamper t : List.of(CbcTamper.BAD_PADDING_BYTES, CbcTamper.PADDING_LENGTH_TOO_LONG,
                CbcTamper.BAD_MAC)) {
            answers.put(t, inject(pair(suite, etm), t));
        }
        StringBuilder report = new StringBuilder();
        answers.forEach((t, a) -> report.append(t).append(": ").append(a.failure() == null ? "accepted"
                : a.failure().alert() + " '" + a.failure().getMessage() + "'").append(", records ")
                .append(a.records().stream().map(r -> r.type() + "/" + r.fragment().length).toList()).append('\n'));
        Answer reference = answers.get(CbcTamper.BAD_MAC);
        for (Map.Entry<CbcTamper, Answer> e : answers.entrySet()) {
            Answer a = e.getValue();
            assertNotNull(a.failure(), e.getKey() + " was accepted\n" + report);
            assertEquals(AlertDescription.BAD_RECORD_MAC, a.failure().alert(), report.toString());
            assertEquals(reference.failure().getMessage(), a.failure().getMessage(), report.toString());
            assertEquals(1, a.records().size(), report.toString());
            assertEquals(Tls12Wire.ALERT, a.records().get(0).type(), report.toString());
            assertEquals(reference.records().get(0).fragment().length, a.records().get(0).fragment().length,
                    report.toString());
        }
        // and the alert is bad_record_mac when opened with the server's keys (each pair has its own keys)
        ScriptedRsaClient p = pair(suite, etm);
        Answer a = inject(p, CbcTamper.BAD_PADDING_BYTES);
        byte[] alert = openCbc(p, a.records().get(0));
        assertArrayEquals(new byte[] {2, (byte) AlertDescription.BAD_RECORD_MAC.code()}, alert, report.toString());
    }

    /** Opens a CBC record the server wrote at sequence number 1, without checking its MAC (reading only). */
    private static byte[] openCbc(ScriptedRsaClient p, Tls12Wire.Wire w) {
        try {
            CipherSuite suite = p.server.session().cipherSuite();
            Tls12Wire.KeyBlock kb = p.keyBlock;
            byte[] f = w.fragment();
            int macLen = suite.macLength();
            int end = p.server.session().encryptThenMac() ? f.length - macLen : f.length;
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            c.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(kb.serverKey(), "AES"),
                    new javax.crypto.spec.IvParameterSpec(f, 0, 16));
            byte[] plain = c.doFinal(f, 16, end - 16);
            int pad = plain[plain.length - 1] & 0xff;
            int contentEnd = plain.length - pad - 1 - (p.server.session().encryptThenMac() ? 0 : macLen);
            return java.util.Arrays.copyOf(plain, contentEnd);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
