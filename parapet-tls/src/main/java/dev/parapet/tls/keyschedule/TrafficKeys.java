package dev.parapet.tls.keyschedule;

/**
 * RFC 8446, 7.3: the write key and write IV derived from one traffic secret. {@link #toString()} never shows them.
 */
public record TrafficKeys(byte[] key, byte[] iv) {
    @Override
    public String toString() {
        return "TrafficKeys[key=<" + key.length + " bytes>, iv=<" + iv.length + " bytes>]";
    }
}
