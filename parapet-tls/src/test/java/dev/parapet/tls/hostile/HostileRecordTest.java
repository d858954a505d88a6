package dev.parapet.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.record.ContentType;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed records (RFC 8446, 5): framing, lengths, content types, protection and key changes. */
@Timeout(10)
class HostileRecordTest {
    private static final int MAX_PLAINTEXT = 1 << 14;
    private static final AlertDescription UNEXPECTED = AlertDescription.UNEXPECTED_MESSAGE;

    /** A partial record stays in the caller's buffer until the rest arrives: no exception, nothing consumed. */
    @Test
    void truncatedRecordStaysPending() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        HandshakeMessage sh = s.serverHello().encode();
        s.deriveHandshakeKeys(sh);
        byte[] record = WireRecords.record(ContentType.HANDSHAKE, sh.encoded());
        for (int cut : new int[] {1, 4, 5, record.length - 1}) {
            ScriptedServer t = Fixtures.scriptedServer();
            t.deliver(Arrays.copyOf(WireRecords.record(ContentType.HANDSHAKE, t.serverHello().encode().encoded()),
                    cut));
            assertEquals(cut, t.unconsumed(), "nothing consumed from a partial record of " + cut + " bytes");
            assertNull(t.parapet.failure());
            assertTrue(t.pull().isEmpty());
        }
        s.deliver(Arrays.copyOf(record, 7));
        s.deliver(Arrays.copyOfRange(record, 7, record.length));
        assertEquals(0, s.unconsumed());
        s.send(s.flight());
        s.pull();
        assertTrue(s.clientFinished, "the completed record was used");
    }

    /** RFC 8446, 5.1: TLSPlaintext.length must not exceed 2^14; record_overflow. */
    @Test
    void plaintextRecordOfTwoToTheFourteenPlusOne() {
        ScriptedClient c = Fixtures.scriptedClient();
        byte[] record = WireRecords.record(ContentType.HANDSHAKE, new byte[MAX_PLAINTEXT + 1]);
        Refusal.expect(c, AlertDescription.RECORD_OVERFLOW, "16385", () -> c.deliver(record));
    }

    /** RFC 8446, 5.2: TLSCiphertext.length must not exceed 2^14 + 256; record_overflow. */
    @Test
    void ciphertextRecordOfTwoToTheFourteenPlus257() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        byte[] record = WireRecords.record(ContentType.APPLICATION_DATA, new byte[MAX_PLAINTEXT + 257]);
        Refusal.expect(s, AlertDescription.RECORD_OVERFLOW, "16641", () -> s.deliver(record));
    }

    /** RFC 8446, 5.2: a decrypted TLSInnerPlaintext content over 2^14 bytes is record_overflow too. */
    @Test
    void protectedRecordWithPlaintextOverTwoToTheFourteen() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        byte[] record = s.seal(ContentType.HANDSHAKE, new byte[MAX_PLAINTEXT + 1]);
        Refusal.expect(s, AlertDescription.RECORD_OVERFLOW, "exceeds", () -> s.deliver(record));
    }

    /** RFC 8446, 5: an unexpected record type is unexpected_message. */
    @Test
    void unknownContentType() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, UNEXPECTED, "content type 24",
                () -> c.deliver(WireRecords.record(24, new byte[] {1, 0, 0})));
    }

    /** The same for an unknown inner content type inside a protected record. */
    @Test
    void unknownInnerContentType() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        Refusal.expect(s, UNEXPECTED, "content type 99", () -> s.deliver(s.seal(99, new byte[] {1, 2})));
    }

    /** RFC 8446, 5.4: a protected record whose plaintext is all zeros has no content type: unexpected_message. */
    @Test
    void protectedRecordWithoutContentType() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        Refusal.expect(s, UNEXPECTED, "content type", () -> s.deliver(s.seal(0, new byte[4])));
    }

    /** RFC 8446, 5.1: zero-length handshake fragments must not be sent: unexpected_message. */
    @Test
    void zeroLengthHandshakeRecord() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, UNEXPECTED, "empty handshake",
                () -> c.deliver(WireRecords.record(ContentType.HANDSHAKE, new byte[0])));
    }

    /** The same under protection. */
    @Test
    void zeroLengthProtectedHandshakeRecord() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        Refusal.expect(s, UNEXPECTED, "empty handshake", () -> s.deliver(s.seal(ContentType.HANDSHAKE,
                new byte[0])));
    }

    /** RFC 8446, 6: an alert is two bytes; three is decode_error. */
    @Test
    void alertRecordOfThreeBytes() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, AlertDescription.DECODE_ERROR, "3 bytes",
                () -> s.deliver(WireRecords.record(ContentType.ALERT, new byte[] {2, 40, 0})));
    }

    /** RFC 8446, 5.2: a record that fails authentication is bad_record_mac. */
    @Test
    void flippedBitInAProtectedRecord() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        byte[] record = s.seal(ContentType.HANDSHAKE, s.encryptedExtensions().encoded());
        record[record.length / 2] ^= 0x10;
        Refusal.expect(s, AlertDescription.BAD_RECORD_MAC, "bad_record_mac", () -> s.deliver(record));
    }

    /** RFC 8446, 5.2: a record shorter than the AEAD tag cannot be authentic. */
    @Test
    void protectedRecordShorterThanTheTag() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        Refusal.expect(s, AlertDescription.BAD_RECORD_MAC, "short",
                () -> s.deliver(WireRecords.record(ContentType.APPLICATION_DATA, new byte[5])));
    }

    /** RFC 8446, 5: after the key change, handshake records come protected; a plaintext one is unexpected. */
    @Test
    void plaintextHandshakeRecordAfterTheKeyChange() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        byte[] ee = WireRecords.record(ContentType.HANDSHAKE, s.encryptedExtensions().encoded());
        Refusal.expect(s, UNEXPECTED, "unprotected", () -> s.deliver(ee));
    }

    /** RFC 8446, 4 and 5.1: a handshake length over any sane bound is refused from the header, before buffering. */
    @Test
    void oversizedHandshakeLengthHeader() {
        ScriptedServer s = Fixtures.scriptedServer();
        byte[] header = {2, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        Refusal.expect(s, AlertDescription.DECODE_ERROR, "exceeds",
                () -> s.deliver(WireRecords.record(ContentType.HANDSHAKE, header)));
    }

    /** RFC 8446, 5.1: an endless message in 1-byte fragments must end in an error, not an ever-growing buffer. */
    @Test
    void endlessOneByteHandshakeFragmentsAreBounded() {
        ScriptedServer s = Fixtures.scriptedServer();
        byte[] chunk = new byte[6 * 1024];
        for (int i = 0; i < chunk.length; i += 6) {
            System.arraycopy(WireRecords.record(ContentType.HANDSHAKE, new byte[1]), 0, chunk, i, 6);
        }
        byte[] head = WireRecords.concat(WireRecords.record(ContentType.HANDSHAKE, new byte[] {2}),
                WireRecords.record(ContentType.HANDSHAKE, new byte[] {1}),
                WireRecords.record(ContentType.HANDSHAKE, new byte[] {(byte) 0xff}),
                WireRecords.record(ContentType.HANDSHAKE, new byte[] {(byte) 0xff}));
        TlsException e = assertThrows(TlsException.class, () -> {
            s.deliver(head);
            for (int fed = 0; fed < 300 * 1024; fed += 1024) { // 300 KiB of handshake bytes
                s.deliver(chunk);
            }
        }, "300 KiB of one handshake message were buffered without complaint");
        assertEquals(AlertDescription.DECODE_ERROR, e.alert());
        Refusal.assertOneLine(e.getMessage(), "ServerHello");
        assertEquals(AlertDescription.DECODE_ERROR, s.sentAlert());
    }

    /** RFC 8446, 5: zero-length application data is legal, but not before the handshake completes. */
    @Test
    void applicationDataBeforeTheHandshake() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, UNEXPECTED, "application data",
                () -> s.deliver(WireRecords.record(ContentType.APPLICATION_DATA, new byte[0])));
    }

    /** RFC 8446, 5: change_cipher_spec other than the single byte 0x01 is unexpected_message. */
    @Test
    void changeCipherSpecWithPayloadTwo() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        Refusal.expect(s, UNEXPECTED, "change_cipher_spec",
                () -> s.deliver(WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {2})));
    }

    /** RFC 8446, 5 and D.4: one dummy change_cipher_spec is ignored; a second is unexpected_message. */
    @Test
    void secondChangeCipherSpec() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        byte[] ccs = WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1});
        s.deliver(ccs);
        assertNull(s.parapet.failure(), "the first one is allowed");
        Refusal.expect(s, UNEXPECTED, "change_cipher_spec", () -> s.deliver(ccs));
    }

    /** RFC 8446, 5: change_cipher_spec after the handshake is unexpected_message. */
    @Test
    void changeCipherSpecAfterTheHandshake() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        Refusal.expect(s, UNEXPECTED, "change_cipher_spec",
                () -> s.deliver(WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1})));
    }

    /** RFC 8446, 5: "receives a protected change_cipher_spec record MUST abort ... unexpected_message". */
    @Test
    void protectedChangeCipherSpec() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        Refusal.expect(s, UNEXPECTED, "change_cipher_spec",
                () -> s.deliver(s.seal(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1})));
    }

    /** RFC 8446, 5.1: no other record may come between the fragments of one handshake message. */
    @Test
    void changeCipherSpecBetweenHandshakeFragments() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        byte[] sh = s.serverHello().encode().encoded();
        s.deliver(WireRecords.record(ContentType.HANDSHAKE, Arrays.copyOf(sh, 10)));
        byte[] rest = WireRecords.record(ContentType.HANDSHAKE, Arrays.copyOfRange(sh, 10, sh.length));
        byte[] ccs = WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1});
        Refusal.expect(s, UNEXPECTED, "change_cipher_spec", () -> s.deliver(WireRecords.concat(ccs, rest)));
    }

    /** Garbage after the handshake: random bytes as a protected record are bad_record_mac. */
    @Test
    void garbageRecordAfterFinished() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        byte[] junk = new byte[40];
        new Random(7).nextBytes(junk);
        Refusal.expect(s, AlertDescription.BAD_RECORD_MAC, "bad_record_mac",
                () -> s.deliver(WireRecords.record(ContentType.APPLICATION_DATA, junk)));
    }

    /** Application data sealed with the handshake keys after Finished does not authenticate (RFC 8446, 7.1). */
    @Test
    void applicationDataUnderHandshakeKeysAfterFinished() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        s.send(flight);
        Refusal.expect(s, AlertDescription.BAD_RECORD_MAC, "bad_record_mac",
                () -> s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {1})));
    }

    /** RFC 8446, 5.1: application data must not sit between the fragments of a handshake message. */
    @Test
    void applicationDataInsideAFragmentedHandshakeMessage() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        byte[] ku = SampleMessages.of(HandshakeType.KEY_UPDATE).encoded();
        s.deliver(s.seal(ContentType.HANDSHAKE, Arrays.copyOf(ku, 2)));
        Refusal.expect(s, UNEXPECTED, "fragmented",
                () -> s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {1})));
    }

    /** The positive control: application data after Finished, sealed right, is read. */
    @Test
    void applicationDataAfterFinishedIsRead() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        s.deliver(s.seal(ContentType.APPLICATION_DATA, "hello".getBytes()));
        assertArrayEquals("hello".getBytes(), s.applicationData());
    }
}
