package dev.parapet.tls;

/**
 * RFC 8446, 4.2.9: how a resumed TLS 1.3 handshake makes its keys. {@link #PSK_DHE_KE} (the default) adds a fresh
 * (EC)DHE exchange, so recorded traffic stays secret if the ticket key leaks later (forward secrecy);
 * {@link #PSK_KE} uses the ticket's PSK alone: cheaper, without that protection. Opt in on both sides to use it.
 */
public enum PskMode {
    PSK_KE(0),
    PSK_DHE_KE(1);

    private final int code;

    PskMode(int code) {
        this.code = code;
    }

    /** The PskKeyExchangeMode value on the wire. */
    public int code() {
        return code;
    }

    public static PskMode fromCode(int code) {
        for (PskMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }
}
