package dev.parapet.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ticket keys are secrets, so Redis should ask who is there and speak TLS: passwords and ACL users in the URI,
 * rediss:// with the server's certificate and name checked, and URIs that are refused without showing a password.
 */
class RedisSecurityTest {
    @TempDir
    Path dir;

    private static void assertWorks(RedisSessionStore store) {
        assertTrue(store.ticketKeys().shared(), store.toString());
        byte[] token = {1, 2, 3};
        assertTrue(store.claimOnce(token, Duration.ofMinutes(1)));
        assertFalse(store.claimOnce(token, Duration.ofMinutes(1)));
        assertFalse(store.unreachable());
    }

    @Test
    void aPasswordInTheUriAuthenticates() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, "--requirepass", "s3cret pass");
             RedisSessionStore good = RedisSessionStore.connect("redis://:s3cret%20pass@127.0.0.1:" + redis.port());
             RedisSessionStore none = RedisSessionStore.connect(redis.uri());
             RedisSessionStore wrong = RedisSessionStore.connect("redis://:nope@127.0.0.1:" + redis.port())) {
            assertWorks(good);
            assertEquals("redis://127.0.0.1:" + redis.port(), good.where());
            for (RedisSessionStore refused : List.of(none, wrong)) {
                assertFalse(refused.ticketKeys().shared());
                assertFalse(refused.claimOnce(new byte[] {9}, Duration.ofMinutes(1)), "refused, not thrown");
                assertTrue(refused.unreachable());
            }
        }
    }

    @Test
    void anAclUserInTheUriAuthenticates() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, "--user", "default", "off",
                "--user", "parapet", "on", ">fleet-pass", "~parapet:*", "+@all");
             RedisSessionStore store = RedisSessionStore.connect("redis://parapet:fleet-pass@127.0.0.1:"
                     + redis.port())) {
            assertWorks(store);
        }
    }

    @Test
    void rediss() throws Exception {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        Path[] chainAndKey = TestPki.writeChainAndKey(pki.issue(KeyType.ECDSA_P256, "localhost", "127.0.0.1"), dir);
        try (RedisProcess redis = RedisProcess.startTls(dir, chainAndKey[0], chainAndKey[1])) {
            String uri = "rediss://127.0.0.1:" + redis.port();
            try (RedisSessionStore store = RedisSessionStore.builder(uri).trustedCertificates(pki.writeCaPem(dir))
                    .build()) {
                assertWorks(store);
                assertEquals(uri, store.where());
            }
            try (RedisSessionStore untrusted = RedisSessionStore.connect(uri)) {
                assertFalse(untrusted.ticketKeys().shared(), "the JDK's CAs do not know this certificate");
            }
            Path[] misnamed = TestPki.writeChainAndKey(pki.issue(KeyType.ECDSA_P256, "elsewhere.test"), dir);
            try (RedisProcess wrongName = RedisProcess.startTls(dir, misnamed[0], misnamed[1]);
                 RedisSessionStore store = RedisSessionStore.builder("rediss://127.0.0.1:" + wrongName.port())
                         .trustedCertificates(pki.writeCaPem(dir)).build()) {
                assertFalse(store.ticketKeys().shared(), "a certificate for another name is refused");
            }
        }
    }

    @Test
    void aFileWithoutCertificatesIsRefused() throws Exception {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThrows(IllegalArgumentException.class,
                () -> RedisSessionStore.builder("rediss://127.0.0.1:6380").trustedCertificates(empty));
        assertThrows(java.io.UncheckedIOException.class,
                () -> RedisSessionStore.builder("rediss://127.0.0.1:6380").trustedCertificates(dir.resolve("none")));
    }

    @Test
    void badUrisAreRefusedWithoutShowingThePassword() {
        for (String uri : List.of("http://h:6379", "redis:///0", "redis://:s3cret@h:1/db", "h:6379",
                "redis://user:s3cret@h:1/0/1", "redis://u:s3cret@h:1 /")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RedisSessionStore.builder(uri), uri);
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> RedisSessionStore.builder(null));
    }

    @Test
    void theDatabaseNumberSeparatesFleets() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir);
             RedisSessionStore db0 = RedisSessionStore.connect(redis.uri() + "/0");
             RedisSessionStore db0Again = RedisSessionStore.connect(redis.uri());
             RedisSessionStore db3 = RedisSessionStore.connect(redis.uri() + "/3")) {
            assertArrayEquals(db0.ticketKeys().current().id(), db0Again.ticketKeys().current().id());
            assertFalse(java.util.Arrays.equals(db0.ticketKeys().current().id(), db3.ticketKeys().current().id()));
        }
    }
}
