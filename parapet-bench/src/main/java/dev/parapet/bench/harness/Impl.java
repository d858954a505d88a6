package dev.parapet.bench.harness;

/** The TLS implementations measured side by side. */
public enum Impl {
    SUNJSSE("SunJSSE"),
    BCJSSE("BouncyCastle JSSE"),
    TCNATIVE("netty-tcnative BoringSSL"),
    CONSCRYPT("Conscrypt"),
    PARAPET_JSSE("Parapet JSSE"),
    PARAPET("Parapet TlsConnection"),
    /** Parapet's own API with {@code CryptoProvider.jca()}: every primitive from the JDK, as SunJSSE has them. */
    PARAPET_JCA("Parapet TlsConnection, JCA primitives");

    public final String label;

    Impl(String label) {
        this.label = label;
    }
}
