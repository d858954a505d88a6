package dev.parapet.tls.hostile;


import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.record.ContentType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After the server's flight, a scripted client sends what should not come before or as its Finished. */
@Timeout(10)
class HostileClientFlightTest {
    private static final AlertDescription UNEXPECTED = AlertDescription.UNEXPECTED_MESSAGE;

    /** RFC 8446, 4.4.4: a client Finished that does not verify is decrypt_error. */
    @Test
    void badClientFinished() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        HandshakeMessage bad = HostileEncryptedFlightTest.flipLastByte(c.finished());
        Refusal.expect(c, AlertDescription.DECRYPT_ERROR, "Finished", () -> c.sendFinished(bad));
    }

    /** RFC 8446, 4.4.4: verify_data is exactly Hash.length bytes; anything else is decode_error. */
    @Test
    void shortClientFinished() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        byte[] body = Arrays.copyOf(c.finished().body(), 31);
        Refusal.expect(c, AlertDescription.DECODE_ERROR, "Finished",
                () -> c.sendFinished(HandshakeMessage.of(HandshakeType.FINISHED, body)));
    }

    /** RFC 8446, 4.4.2: no Certificate from a client that was not asked for one. */
    @Test
    void unsolicitedCertificate() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        Refusal.expect(c, UNEXPECTED, "Certificate", () -> c.send(SampleMessages.of(HandshakeType.CERTIFICATE)));
    }

    /** RFC 8446, 4.6.3: KeyUpdate is a post-handshake message; before Finished it is unexpected_message. */
    @Test
    void keyUpdateBeforeFinished() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        Refusal.expect(c, UNEXPECTED, "KeyUpdate", () -> c.send(SampleMessages.of(HandshakeType.KEY_UPDATE)));
    }

    /** RFC 8446, 2: application data flows only after the handshake (no early data offered here). */
    @Test
    void applicationDataBeforeFinished() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        Refusal.expect(c, UNEXPECTED, "application data",
                () -> c.deliver(c.seal(ContentType.APPLICATION_DATA, new byte[] {'h', 'i'})));
    }

    /** RFC 8446, 5 and D.4: the dummy change_cipher_spec comes once; a second is unexpected_message. */
    @Test
    void secondChangeCipherSpec() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        byte[] ccs = WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1});
        c.deliver(ccs);
        assertNull(c.parapet.failure(), "one dummy change_cipher_spec is fine");
        Refusal.expect(c, UNEXPECTED, "change_cipher_spec", () -> c.deliver(ccs));
    }

    /** RFC 8446, 5: a change_cipher_spec whose byte is not 0x01 is unexpected_message. */
    @Test
    void changeCipherSpecWithPayloadTwo() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        Refusal.expect(c, UNEXPECTED, "change_cipher_spec",
                () -> c.deliver(WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {2})));
    }

    /** RFC 8446, 7.1: a Finished sealed with the application keys does not open under the handshake keys. */
    @Test
    void finishedUnderApplicationKeys() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.readServerFlight();
        HandshakeMessage fin = c.finished();
        c.writeKeys(c.clientApplicationSecret);
        Refusal.expect(c, AlertDescription.BAD_RECORD_MAC, "bad_record_mac", () -> c.send(fin));
    }

    /** RFC 8446, 4.1.2: a ClientHello after the handshake (renegotiation) is unexpected_message. */
    @Test
    void clientHelloAfterTheHandshake() throws Exception {
        ScriptedClient c = Fixtures.scriptedClient();
        c.completeHandshake();
        Refusal.expect(c, UNEXPECTED, "ClientHello", () -> c.send(c.hello().encode()));
    }
}
