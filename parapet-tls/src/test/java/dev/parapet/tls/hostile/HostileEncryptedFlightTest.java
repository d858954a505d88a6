package dev.parapet.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scripted server alters its encrypted flight (RFC 8446, 4.3-4.4); the Parapet client must refuse each change. */
@Timeout(10)
class HostileEncryptedFlightTest {
    private static final int EE = 0;
    private static final int CERT = 1;
    private static final int CV = 2;
    private static final int FIN = 3;

    private static ScriptedServer serverWith(CertifiedKey credential) throws Exception {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig().build(), Fixtures.NAME, credential);
        s.sendServerHello();
        return s;
    }

    /** RFC 8446, 4.4.4: a Finished that does not verify is decrypt_error. */
    @Test
    void corruptFinished() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        flight.set(FIN, flipLastByte(flight.get(FIN)));
        Refusal.expect(s, AlertDescription.DECRYPT_ERROR, "Finished", () -> s.send(flight));
    }

    /** RFC 8446, 4.4.3: a CertificateVerify signature that does not verify is decrypt_error. */
    @Test
    void corruptCertificateVerifySignature() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        CertificateVerify cv = CertificateVerify.decode(flight.get(CV));
        byte[] sig = cv.signature().clone();
        sig[sig.length - 1] ^= 1;
        flight.set(CV, new CertificateVerify(cv.algorithm(), sig).encode());
        Refusal.expect(s, AlertDescription.DECRYPT_ERROR, "CertificateVerify", () -> s.send(flight));
    }

    /** RFC 8446, 4.4.3: the server signs with a scheme from the client's signature_algorithms. */
    @Test
    void signatureSchemeTheClientDidNotOffer() throws Exception {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig().signatureSchemes(SignatureScheme.ED25519,
                SignatureScheme.RSA_PSS_RSAE_SHA256).build(), Fixtures.NAME, Fixtures.LEAF);
        s.sendServerHello();
        List<HandshakeMessage> flight = s.flight(); // signed honestly, with ecdsa_secp256r1_sha256
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER, "did not offer", () -> s.send(flight));
    }

    /** RFC 8446, 4.4.2.4: an empty Certificate from the server is decode_error. */
    @Test
    void emptyCertificate() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        flight.set(CERT, new CertificateMessage(new byte[0], List.of()).encode());
        Refusal.expect(s, AlertDescription.DECODE_ERROR, "empty Certificate", () -> s.send(flight));
    }

    /** RFC 8446, 6.2: certificate_expired. */
    @Test
    void expiredCertificate() throws Exception {
        ScriptedServer s = serverWith(Fixtures.PKI.issueExpired(KeyType.ECDSA_P256, Fixtures.NAME));
        List<HandshakeMessage> flight = s.flight();
        Refusal.expect(s, AlertDescription.CERTIFICATE_EXPIRED, "expired on", () -> s.send(flight));
    }

    /** RFC 6125 via RFC 8446, 4.4.2.4: a certificate for another name is bad_certificate. */
    @Test
    void certificateForAnotherName() throws Exception {
        ScriptedServer s = serverWith(Fixtures.PKI.issue(KeyType.ECDSA_P256, "other.test"));
        List<HandshakeMessage> flight = s.flight();
        Refusal.expect(s, AlertDescription.BAD_CERTIFICATE, "name mismatch", () -> s.send(flight));
    }

    /** RFC 8446, 6.2: unknown_ca when no trusted root issued the chain. */
    @Test
    void certificateFromAnUnknownCa() throws Exception {
        ScriptedServer s = serverWith(TestPki.create(KeyType.ECDSA_P256).issue(KeyType.ECDSA_P256, Fixtures.NAME));
        List<HandshakeMessage> flight = s.flight();
        Refusal.expect(s, AlertDescription.UNKNOWN_CA, "not a trusted CA", () -> s.send(flight));
    }

    /** RFC 8446, 4: EncryptedExtensions comes first; dropping it leaves Certificate out of order. */
    @Test
    void droppedEncryptedExtensions() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        flight.remove(EE);
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "Certificate", () -> s.send(flight));
    }

    /** RFC 8446, 4.4.3: CertificateVerify follows Certificate, never precedes it. */
    @Test
    void certificateVerifyBeforeCertificate() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        Collections.swap(flight, CERT, CV);
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "CertificateVerify", () -> s.send(flight));
    }

    /** RFC 8446, 4.4.3: a server that authenticates with a certificate must send CertificateVerify. */
    @Test
    void droppedCertificateVerify() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        flight.remove(CV);
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "Finished", () -> s.send(flight));
    }

    /** RFC 8446, 4.3.1: EncryptedExtensions comes once. */
    @Test
    void duplicatedEncryptedExtensions() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        flight.add(EE, flight.get(EE));
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "EncryptedExtensions", () -> s.send(flight));
    }

    /** Without the server's Finished the client just waits: no exception, no output, still handshaking. */
    @Test
    void droppedFinishedLeavesTheClientWaiting() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        s.send(flight.subList(EE, FIN));
        assertTrue(s.parapet.isHandshaking());
        assertNull(s.parapet.failure());
        assertTrue(s.pull().isEmpty(), "nothing to say before the server's Finished");
    }

    /** RFC 8446, 5.1: Finished and the next message in one record span the switch to application keys. */
    @Test
    void finishedAndNewSessionTicketInOneRecord() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        s.send(flight.subList(EE, FIN));
        HandshakeMessage ticket = SampleMessages.of(HandshakeType.NEW_SESSION_TICKET);
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "key change",
                () -> s.sendCoalesced(flight.get(FIN), ticket));
    }

    /** RFC 8446, 5.1: the same with the Finished duplicated in its record. */
    @Test
    void finishedTwiceInOneRecord() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        s.send(flight.subList(EE, FIN));
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "key change",
                () -> s.sendCoalesced(flight.get(FIN), flight.get(FIN)));
    }

    /** RFC 8446, 5.2: a second Finished under the old handshake keys does not authenticate: bad_record_mac. */
    @Test
    void finishedTwiceInTwoRecords() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        s.send(flight);
        Refusal.expect(s, AlertDescription.BAD_RECORD_MAC, "bad_record_mac", () -> s.send(flight.get(FIN)));
    }

    /** The whole flight in one record is allowed (RFC 8446, 5.1: messages may be coalesced). */
    @Test
    void wholeFlightInOneRecordIsFine() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        s.sendCoalesced(s.flight().toArray(HandshakeMessage[]::new));
        s.pull();
        assertTrue(s.clientFinished);
        assertFalse(s.parapet.isHandshaking());
        assertEquals(List.of(HandshakeType.CLIENT_HELLO, HandshakeType.FINISHED), s.handshakeTypes());
    }

    /** RFC 8446, 4.3.2: at most one CertificateRequest in the handshake. */
    @Test
    void twoCertificateRequests() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        HandshakeMessage cr = SampleMessages.of(HandshakeType.CERTIFICATE_REQUEST);
        s.send(s.encryptedExtensions(), cr);
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "CertificateRequest", () -> s.send(cr));
    }

    /** RFC 8446, 4.2: key_share belongs in ServerHello; in EncryptedExtensions it is illegal_parameter. */
    @Test
    void keyShareInEncryptedExtensions() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        HandshakeMessage ee = new EncryptedExtensions(List.of(
                s.keyShare(NamedGroup.X25519))).encode();
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER, "key_share", () -> s.send(ee));
    }

    static HandshakeMessage flipLastByte(HandshakeMessage m) {
        byte[] body = m.body().clone();
        body[body.length - 1] ^= 1;
        return HandshakeMessage.of(m.type(), body);
    }
}
