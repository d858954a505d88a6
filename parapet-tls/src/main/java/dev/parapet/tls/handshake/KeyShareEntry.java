package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;

/** RFC 8446, 4.2.8: {@code struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry}. */
public record KeyShareEntry(int group, byte[] keyExchange) {

    public static KeyShareEntry decode(TlsReader r) throws TlsException {
        int group = r.u16();
        byte[] key = r.vector16();
        if (key.length == 0) {
            throw TlsException.decodeError("key_share entry for group " + group + " is empty");
        }
        return new KeyShareEntry(group, key);
    }

    public void encode(TlsWriter w) {
        w.u16(group).vector16(keyExchange);
    }
}
