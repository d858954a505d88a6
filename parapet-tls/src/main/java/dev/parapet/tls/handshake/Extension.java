package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One extension: its type and its undecoded data (RFC 8446, 4.2). The typed codecs live beside this class. */
public record Extension(int type, byte[] data) {

    /** Decodes an extension block ({@code Extension extensions<0..2^16-1>}). */
    public static List<Extension> decodeList(TlsReader r, String message) throws TlsException {
        TlsReader block = r.sub(2);
        List<Extension> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        while (block.hasRemaining()) {
            int type = block.u16();
            byte[] data = block.vector16();
            // RFC 8446, 4.2: no more than one extension of the same type in a block
            if (!seen.add(type)) {
                throw TlsException.illegalParameter(message + " has a duplicate " + ExtensionType.name(type)
                        + " extension");
            }
            out.add(new Extension(type, data));
        }
        return List.copyOf(out);
    }

    public static void encodeList(TlsWriter w, List<Extension> extensions) {
        int mark = w.beginLength(2);
        for (Extension e : extensions) {
            w.u16(e.type()).vector16(e.data());
        }
        w.endLength(mark);
    }

    /** The extension of this type in the list, or null. */
    public static Extension find(List<Extension> extensions, int type) {
        for (Extension e : extensions) {
            if (e.type() == type) {
                return e;
            }
        }
        return null;
    }

    /** A reader over this extension's data, naming it in errors. */
    public TlsReader reader() {
        return new TlsReader(data, ExtensionType.name(type) + " extension");
    }

    @Override
    public String toString() {
        return ExtensionType.name(type);
    }
}
