package dev.parapet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.Aead;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.chacha.ChaCha20Poly1305;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parapet's own ChaCha20-Poly1305 (forced, whatever this JDK's rule picks) against OpenSSL's, both directions, TLS 1.3
 * and TLS 1.2: OpenSSL's page and summary are its verdict that our records authenticate.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChaChaInteropTest {
    @TempDir
    static Path tmp;
    static Fixtures fx;
    static String openssl;

    @BeforeAll
    static void setUp() {
        openssl = PeerProcess.requireBinary("openssl");
        fx = new Fixtures(tmp);
    }

    @AfterEach
    void killPeers() {
        PeerProcess.killAll();
    }

    @Test
    void parapetClientTls13() throws Exception {
        OursForChaCha crypto = new OursForChaCha();
        try (PeerProcess server = sServer("-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().cryptoProvider(crypto).build());
            assertTrue(f.page().contains("New, TLSv1.3, Cipher is TLS_CHACHA20_POLY1305_SHA256"),
                    f.page() + "\n" + server.describe());
            assertEquals(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, f.session().cipherSuite());
        }
        crypto.assertOursSealedEverything(4);
    }

    @Test
    void parapetClientTls12() throws Exception {
        OursForChaCha crypto = new OursForChaCha();
        try (PeerProcess server = sServer("-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305")) {
            ParapetClient.Fetch f = ParapetClient.get(Fixtures.HOST, server.port(),
                    fx.client().cryptoProvider(crypto).build());
            assertTrue(f.page().contains("ECDHE-ECDSA-CHACHA20-POLY1305"), f.page() + "\n" + server.describe());
            assertEquals(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, f.session().cipherSuite());
        }
        crypto.assertOursSealedEverything(2);
    }

    @Test
    void opensslClientTls13() throws Exception {
        OursForChaCha crypto = new OursForChaCha();
        try (ParapetServer server = ParapetServer.http(fx.server(KeyType.ECDSA_P256)
                .cipherSuites(CipherSuite.TLS_CHACHA20_POLY1305_SHA256).cryptoProvider(crypto).build());
             PeerProcess client = PeerProcess.start(fx.dir(), openssl, "s_client", "-connect",
                     "127.0.0.1:" + server.port(), "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256",
                     "-CAfile", fx.caPem().toString(), "-servername", Fixtures.HOST, "-ign_eof")) {
            client.send(ParapetClient.REQUEST);
            client.closeStdin();
            server.awaitHandled(java.time.Duration.ofSeconds(10));
            client.awaitExit(java.time.Duration.ofSeconds(10));
            String out = client.output();
            assertTrue(out.contains("New, TLSv1.3, Cipher is TLS_CHACHA20_POLY1305_SHA256"), client.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), client.describe());
            assertTrue(out.contains(ParapetServer.RESPONSE_BODY), client.describe());
        }
        crypto.assertOursSealedEverything(4);
    }

    private static PeerProcess sServer(String... extra) throws Exception {
        Path[] chainAndKey = fx.chainAndKey(KeyType.ECDSA_P256);
        return PeerProcess.startServer(fx.dir(), port -> {
            List<String> cmd = new ArrayList<>(List.of(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-www",
                    "-cert", chainAndKey[0].toString(), "-key", chainAndKey[1].toString()));
            cmd.addAll(List.of(extra));
            return cmd;
        });
    }

    /** The JCA for everything but ChaCha20-Poly1305, which is ours; records which AEADs it handed out. */
    private static final class OursForChaCha implements CryptoProvider {
        private final List<String> aeads = new CopyOnWriteArrayList<>();

        void assertOursSealedEverything(int expectedKeys) {
            assertEquals(expectedKeys, aeads.size(), aeads.toString());
            assertFalse(aeads.contains("jca"), aeads.toString());
        }

        @Override
        public KeyExchange generateKeyExchange(NamedGroup group, SecureRandom random) {
            return CryptoProvider.jca().generateKeyExchange(group, random);
        }

        @Override
        public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
                throws TlsException {
            return CryptoProvider.jca().sign(scheme, key, message, random);
        }

        @Override
        public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
            return CryptoProvider.jca().verify(scheme, key, message, signature);
        }

        @Override
        public Aead aead(CipherSuite suite, byte[] key) {
            Aead aead = suite.cipher() == CipherSuite.BulkCipher.CHACHA20_POLY1305 ? new ChaCha20Poly1305(key)
                    : CryptoProvider.jca().aead(suite, key);
            aeads.add(aead.implementation());
            return aead;
        }

        @Override
        public String name() {
            return "parapet ChaCha20-Poly1305, JCA for the rest";
        }
    }
}
