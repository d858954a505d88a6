package dev.parapet.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The jdk.tls.* properties are parsed as SunJSSE does and read once per SSLContext, not per handshake. */
class JdkTlsPropertiesTest {
    private static final List<String> NAMES = List.of("jdk.tls.namedGroups", "jdk.tls.client.SignatureSchemes",
            "jdk.tls.server.SignatureSchemes");

    @AfterEach
    void clear() {
        NAMES.forEach(System::clearProperty);
    }

    @Test
    void unsetMeansEmpty() {
        JdkTlsProperties p = JdkTlsProperties.read();
        assertEquals(List.of(), p.namedGroups());
        assertEquals(List.of(), p.clientSchemes());
        assertEquals(List.of(), p.serverSchemes());
    }

    @Test
    void quotedListsUnknownNamesAndRepeatsAreHandled() {
        Map.of("jdk.tls.namedGroups", "\" secp256r1, no_such_group,x25519 , secp256r1\"",
                "jdk.tls.client.SignatureSchemes", "ed25519,ecdsa_secp256r1_sha256,bogus",
                "jdk.tls.server.SignatureSchemes", "rsa_pss_rsae_sha256").forEach(System::setProperty);
        JdkTlsProperties p = JdkTlsProperties.read();
        assertEquals(List.of(NamedGroup.SECP256R1, NamedGroup.X25519), p.namedGroups());
        assertEquals(List.of(SignatureScheme.ED25519, SignatureScheme.ECDSA_SECP256R1_SHA256), p.clientSchemes());
        assertEquals(List.of(SignatureScheme.RSA_PSS_RSAE_SHA256), p.serverSchemes());
    }

    @Test
    void aContextKeepsWhatWasSetWhenItWasInitialised() {
        System.setProperty("jdk.tls.namedGroups", "x25519");
        ContextState ctx = new ContextState(null, null, null, null);
        System.setProperty("jdk.tls.namedGroups", "secp384r1");
        assertEquals(List.of(NamedGroup.X25519), ctx.properties().namedGroups());
        assertEquals(List.of(NamedGroup.SECP384R1), new ContextState(null, null, null, null).properties()
                .namedGroups());
    }
}
