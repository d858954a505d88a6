package dev.parapet.tls.crypto;

/** Key-exchange groups (RFC 8446, 4.2.7). */
public enum NamedGroup {
    X25519(0x001d, "x25519", 32),
    SECP256R1(0x0017, "secp256r1", 65),
    SECP384R1(0x0018, "secp384r1", 97);

    private final int id;
    private final String rfcName;
    private final int keyShareLength;

    NamedGroup(int id, String rfcName, int keyShareLength) {
        this.id = id;
        this.rfcName = rfcName;
        this.keyShareLength = keyShareLength;
    }

    public int id() {
        return id;
    }

    public String rfcName() {
        return rfcName;
    }

    /** The exact length of a key_exchange value in this group (RFC 8446, 4.2.8.1 and 4.2.8.2). */
    public int keyShareLength() {
        return keyShareLength;
    }

    /** The group with this wire id, or null. */
    public static NamedGroup fromId(int id) {
        for (NamedGroup g : values()) {
            if (g.id == id) {
                return g;
            }
        }
        return null;
    }

    /** The group with this RFC name (case-insensitive; also accepts P-256/P-384), or null. */
    public static NamedGroup fromName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "p-256": case "prime256v1": return SECP256R1;
            case "p-384": return SECP384R1;
            default: break;
        }
        for (NamedGroup g : values()) {
            if (g.rfcName.equals(n)) {
                return g;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
