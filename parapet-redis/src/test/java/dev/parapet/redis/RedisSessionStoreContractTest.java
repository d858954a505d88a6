package dev.parapet.redis;

import dev.parapet.tls.session.SessionStore;
import dev.parapet.tls.session.SessionStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis store keeps the {@link SessionStoreContract}, against a real redis-server. Each store gets a key prefix
 * of its own (so stores share nothing); a sibling is a second store, with its own connections, on that prefix.
 */
class RedisSessionStoreContractTest extends SessionStoreContract {
    @TempDir
    static Path dir;
    static RedisProcess redis;
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private final List<RedisSessionStore> opened = new ArrayList<>();
    private final Map<SessionStore, String> prefixes = new IdentityHashMap<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start(dir);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RedisSessionStore::close);
    }

    private RedisSessionStore open(String prefix) {
        RedisSessionStore store = RedisSessionStore.builder(redis.uri()).keyPrefix(prefix).build();
        opened.add(store);
        prefixes.put(store, prefix);
        return store;
    }

    @Override
    protected SessionStore newStore() {
        return open("contract-" + PREFIXES.incrementAndGet() + ":");
    }

    @Override
    protected SessionStore sibling(SessionStore store) {
        return open(prefixes.get(store));
    }
}
