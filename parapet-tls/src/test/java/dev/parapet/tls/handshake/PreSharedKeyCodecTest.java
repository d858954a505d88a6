package dev.parapet.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8446, 4.2.11 and 4.2.9: pre_shared_key and psk_key_exchange_modes round-trip and refuse malformed input. */
class PreSharedKeyCodecTest {
    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void offeredPsksRoundTrip() throws TlsException {
        PreSharedKey.OfferedPsks offered = new PreSharedKey.OfferedPsks(List.of(
                new PreSharedKey.Identity(filled(40, 1), 0xfffffffeL), new PreSharedKey.Identity(filled(3, 2), 7)),
                List.of(filled(32, 3), filled(48, 4)));
        Extension e = offered.encode();
        assertEquals(ExtensionType.PRE_SHARED_KEY, e.type());
        PreSharedKey.OfferedPsks back = PreSharedKey.decodeOffered(e);
        assertEquals(2, back.identities().size());
        assertArrayEquals(filled(40, 1), back.identities().get(0).identity());
        assertEquals(0xfffffffeL, back.identities().get(0).obfuscatedTicketAge());
        assertEquals(7, back.identities().get(1).obfuscatedTicketAge());
        assertArrayEquals(filled(48, 4), back.binders().get(1));
        // the binders list ends the extension: 2 + (1 + 32) + (1 + 48)
        assertEquals(84, back.bindersLength());
        assertArrayEquals(e.data(), back.encode().data());
    }

    @Test
    void selectedIdentityRoundTrips() throws TlsException {
        Extension e = PreSharedKey.selected(3);
        assertArrayEquals(new byte[] {0, 3}, e.data());
        assertEquals(3, PreSharedKey.decodeSelected(e));
        assertThrows(TlsException.class, () -> PreSharedKey.decodeSelected(
                new Extension(ExtensionType.PRE_SHARED_KEY, new byte[] {0, 3, 0})));
    }

    @Test
    void refusesMismatchedCountsShortBindersAndEmptyLists() {
        Extension twoIdsOneBinder = new Extension(ExtensionType.PRE_SHARED_KEY, new PreSharedKey.OfferedPsks(
                List.of(new PreSharedKey.Identity(filled(4, 1), 0), new PreSharedKey.Identity(filled(4, 2), 0)),
                List.of(filled(32, 3))).encode().data());
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, assertThrows(TlsException.class,
                () -> PreSharedKey.decodeOffered(twoIdsOneBinder)).alert());
        Extension shortBinder = new PreSharedKey.OfferedPsks(List.of(new PreSharedKey.Identity(filled(4, 1), 0)),
                List.of(filled(31, 3))).encode();
        assertEquals(AlertDescription.DECODE_ERROR, assertThrows(TlsException.class,
                () -> PreSharedKey.decodeOffered(shortBinder)).alert());
        Extension empty = new Extension(ExtensionType.PRE_SHARED_KEY, new byte[] {0, 0, 0, 0});
        assertEquals(AlertDescription.DECODE_ERROR, assertThrows(TlsException.class,
                () -> PreSharedKey.decodeOffered(empty)).alert());
        Extension emptyIdentity = new PreSharedKey.OfferedPsks(List.of(new PreSharedKey.Identity(new byte[0], 0)),
                List.of(filled(32, 3))).encode();
        assertEquals(AlertDescription.DECODE_ERROR, assertThrows(TlsException.class,
                () -> PreSharedKey.decodeOffered(emptyIdentity)).alert());
        byte[] good = new PreSharedKey.OfferedPsks(List.of(new PreSharedKey.Identity(filled(4, 1), 0)),
                List.of(filled(32, 3))).encode().data();
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(TlsException.class, () -> PreSharedKey.decodeOffered(
                new Extension(ExtensionType.PRE_SHARED_KEY, trailing)));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertThrows(TlsException.class, () -> PreSharedKey.decodeOffered(
                new Extension(ExtensionType.PRE_SHARED_KEY, truncated)));
    }

    @Test
    void keyExchangeModes() throws TlsException {
        assertEquals(List.of(PreSharedKey.PSK_DHE_KE), PreSharedKey.decodeModes(Extensions.pskKeyExchangeModes()));
        assertEquals(List.of(0, 1), PreSharedKey.decodeModes(
                new Extension(ExtensionType.PSK_KEY_EXCHANGE_MODES, new byte[] {2, 0, 1})));
        assertThrows(TlsException.class, () -> PreSharedKey.decodeModes(
                new Extension(ExtensionType.PSK_KEY_EXCHANGE_MODES, new byte[] {0})));
    }
}
