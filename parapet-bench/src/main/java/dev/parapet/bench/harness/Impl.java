package dev.parapet.bench.harness;

/** The TLS implementations measured side by side. */
public enum Impl {
    SUNJSSE("SunJSSE"),
    BCJSSE("BouncyCastle JSSE"),
    TCNATIVE("netty-tcnative BoringSSL"),
    CONSCRYPT("Conscrypt"),
    PARAPET_JSSE("Parapet JSSE"),
    PARAPET("Parapet TlsConnection");

    public final String label;

    Impl(String label) {
        this.label = label;
    }
}
