package dev.parapet.tls;

/** The protocol versions Parapet speaks. Older ones (TLS 1.0, 1.1, SSL 3) are refused with protocol_version. */
public enum ProtocolVersion {
    TLS13(0x0304, "TLSv1.3"),
    TLS12(0x0303, "TLSv1.2");

    private final int wire;
    private final String displayName;

    ProtocolVersion(int wire, String displayName) {
        this.wire = wire;
        this.displayName = displayName;
    }

    /** The two-byte value on the wire (RFC 8446, 4.2.1). */
    public int wire() {
        return wire;
    }

    /** {@code TLSv1.3} or {@code TLSv1.2}, as the JDK and OpenSSL print it. */
    public String displayName() {
        return displayName;
    }

    public static ProtocolVersion fromWire(int v) {
        for (ProtocolVersion p : values()) {
            if (p.wire == v) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
