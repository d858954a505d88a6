package dev.parapet.tls.handshake;

/**
 * Signaling cipher suite values: code points in a ClientHello's cipher_suites that name no cipher suite but carry a
 * signal. A server never selects them.
 */
public final class CipherSuiteValues {
    /** RFC 5746, 3.3: the client supports secure renegotiation (equivalent to an empty renegotiation_info). */
    public static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
    /** RFC 7507, 4: the client is retrying with a lower version than it supports. */
    public static final int TLS_FALLBACK_SCSV = 0x5600;

    private CipherSuiteValues() {
    }
}
