package dev.parapet.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HandshakeReassemblerTest {

    private static byte[] message(int type, int bodyLength) {
        byte[] body = new byte[bodyLength];
        for (int i = 0; i < bodyLength; i++) {
            body[i] = (byte) i;
        }
        return HandshakeMessage.of(HandshakeType.fromCode(type), body).encoded();
    }

    @Test
    void joinsAMessageSplitAcrossRecords() throws TlsException {
        byte[] m = message(11, 5000);
        HandshakeReassembler r = new HandshakeReassembler();
        for (int i = 0; i < m.length; i += 7) {
            assertNull(r.next());
            r.add(ByteBuffer.wrap(m, i, Math.min(7, m.length - i)));
        }
        HandshakeMessage got = r.next();
        assertEquals(HandshakeType.CERTIFICATE, got.type());
        assertArrayEquals(m, got.encoded());
        assertTrue(r.isEmpty());
    }

    @Test
    void splitsSeveralMessagesInOneRecord() throws TlsException {
        byte[] a = message(8, 10);
        byte[] b = message(15, 3);
        byte[] c = message(20, 32);
        ByteBuffer record = ByteBuffer.allocate(a.length + b.length + c.length).put(a).put(b).put(c).flip();
        HandshakeReassembler r = new HandshakeReassembler();
        r.add(record);
        assertEquals(HandshakeType.ENCRYPTED_EXTENSIONS, r.next().type());
        assertEquals(HandshakeType.CERTIFICATE_VERIFY, r.next().type());
        assertEquals(HandshakeType.FINISHED, r.next().type());
        assertNull(r.next());
        assertTrue(r.isEmpty());
    }

    @Test
    void refusesAnOversizedLengthBeforeBuffering() {
        HandshakeReassembler r = new HandshakeReassembler();
        byte[] header = {11, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        TlsException e = assertThrows(TlsException.class, () -> r.add(ByteBuffer.wrap(header)));
        assertEquals(AlertDescription.DECODE_ERROR, e.alert());
    }

    @Test
    void refusesEmptyFragmentsAndUnknownTypes() throws TlsException {
        HandshakeReassembler r = new HandshakeReassembler();
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE,
                assertThrows(TlsException.class, () -> r.add(ByteBuffer.allocate(0))).alert());
        r.add(ByteBuffer.wrap(new byte[] {99, 0, 0, 0}));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, assertThrows(TlsException.class, r::next).alert());
    }

    @Test
    void keepsAPartialMessageAcrossCalls() throws TlsException {
        byte[] m = message(2, 100);
        HandshakeReassembler r = new HandshakeReassembler();
        r.add(ByteBuffer.wrap(m, 0, 3));
        assertNull(r.next());
        assertTrue(!r.isEmpty());
        r.add(ByteBuffer.wrap(m, 3, m.length - 3));
        assertEquals(HandshakeType.SERVER_HELLO, r.next().type());
    }
}
