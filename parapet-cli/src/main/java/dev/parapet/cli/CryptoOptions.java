package dev.parapet.cli;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import picocli.CommandLine.Option;

/** {@code --jca}, shared by {@code parapet client}, {@code server} and {@code demo}: the JDK's crypto for everything. */
final class CryptoOptions {
    @Option(names = "--jca", description = "Use the JDK's (JCA) implementation of every primitive: key exchange, "
            + "signatures and record encryption. By default Parapet uses its own where it is faster on this JDK "
            + "(ChaCha20-Poly1305 on JDKs before 25).")
    boolean jca;

    /** The provider for the config. */
    CryptoProvider provider() {
        return jca ? CryptoProvider.jca() : CryptoProvider.parapet();
    }

    /** One line for -v and demo output: which implementation does what. */
    String describe() {
        if (jca) {
            return "crypto: the JDK's (JCA) for every primitive (--jca)";
        }
        String chacha = CryptoProvider.parapet().aead(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, new byte[32])
                .implementation();
        return "crypto: Parapet's where faster on Java " + Runtime.version().feature() + " (X25519, P-256, Ed25519: "
                + "Parapet's; ChaCha20-Poly1305: " + (chacha.equals("parapet") ? "Parapet's" : "the JDK's")
                + "), the JDK's for the rest";
    }
}
