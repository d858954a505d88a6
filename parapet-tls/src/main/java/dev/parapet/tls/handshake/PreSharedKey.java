package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 8446, 4.2.11: the pre_shared_key extension. The client's {@link OfferedPsks} (identities with their
 * obfuscated ticket ages, then one binder per identity); the server's selected_identity.
 */
public final class PreSharedKey {
    private PreSharedKey() {
    }

    /** PskIdentity: opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age. */
    public record Identity(byte[] identity, long obfuscatedTicketAge) {
    }

    /** OfferedPsks: PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>. */
    public record OfferedPsks(List<Identity> identities, List<byte[]> binders) {
        public OfferedPsks {
            identities = List.copyOf(identities);
            binders = List.copyOf(binders);
        }

        public Extension encode() {
            TlsWriter w = new TlsWriter();
            int m = w.beginLength(2);
            for (Identity i : identities) {
                w.vector16(i.identity()).u32(i.obfuscatedTicketAge());
            }
            w.endLength(m);
            w.bytes(encodeBinders(binders));
            return new Extension(ExtensionType.PRE_SHARED_KEY, w.toByteArray());
        }

        /** The size of the binders list on the wire (its 2-byte length included): what 4.2.11.2 truncates. */
        public int bindersLength() {
            return PreSharedKey.bindersLength(binders.stream().mapToInt(b -> b.length).toArray());
        }
    }

    /** The encoded size of a binders list of these lengths, its own length field included. */
    public static int bindersLength(int... binderLengths) {
        int n = 2;
        for (int len : binderLengths) {
            n += 1 + len;
        }
        return n;
    }

    static byte[] encodeBinders(List<byte[]> binders) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(2);
        binders.forEach(w::vector8);
        w.endLength(m);
        return w.toByteArray();
    }

    public static OfferedPsks decodeOffered(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader ids = r.sub(2);
        List<Identity> identities = new ArrayList<>();
        while (ids.hasRemaining()) {
            byte[] identity = ids.vector16();
            if (identity.length == 0) {
                throw TlsException.decodeError("pre_shared_key identity is empty");
            }
            identities.add(new Identity(identity, ids.u32()));
        }
        TlsReader bs = r.sub(2);
        List<byte[]> binders = new ArrayList<>();
        while (bs.hasRemaining()) {
            byte[] binder = bs.vector8();
            if (binder.length < 32) {
                throw TlsException.decodeError("pre_shared_key binder is shorter than 32 bytes");
            }
            binders.add(binder);
        }
        r.expectEnd();
        if (identities.isEmpty() || binders.isEmpty()) {
            throw TlsException.decodeError("pre_shared_key offers no identity or no binder");
        }
        if (identities.size() != binders.size()) {
            throw TlsException.illegalParameter("pre_shared_key has " + identities.size() + " identities but "
                    + binders.size() + " binders");
        }
        return new OfferedPsks(identities, binders);
    }

    /** The server's answer: uint16 selected_identity. */
    public static Extension selected(int index) {
        return new Extension(ExtensionType.PRE_SHARED_KEY, new TlsWriter().u16(index).toByteArray());
    }

    public static int decodeSelected(Extension e) throws TlsException {
        TlsReader r = e.reader();
        int index = r.u16();
        r.expectEnd();
        return index;
    }

    // --- psk_key_exchange_modes (RFC 8446, 4.2.9): PskKeyExchangeMode ke_modes<1..255>

    public static final int PSK_KE = 0;
    public static final int PSK_DHE_KE = 1;

    public static List<Integer> decodeModes(Extension e) throws TlsException {
        TlsReader r = e.reader();
        byte[] modes = r.vector8();
        r.expectEnd();
        if (modes.length == 0) {
            throw TlsException.decodeError("psk_key_exchange_modes is empty");
        }
        List<Integer> out = new ArrayList<>();
        for (byte b : modes) {
            out.add(b & 0xff);
        }
        return out;
    }
}
