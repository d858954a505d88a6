package dev.parapet.redis;

import java.net.URI;
import java.net.URISyntaxException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where a store's Redis is, from {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]} or {@code rediss://...} (TLS, the
 * server's certificate checked against the JDK's trust store or CA certificates of your own, and its host name
 * verified). {@link #toString()} never shows the password.
 */
final class RedisUri {
    static final int DEFAULT_PORT = 6379;
    private final URI uri;
    private final HostAndPort address;
    private final boolean tls;

    private RedisUri(URI uri) {
        this.uri = uri;
        this.tls = JedisURIHelper.isRedisSSLScheme(uri);
        this.address = new HostAndPort(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
    }

    /** Parses and checks a URI; the message of the exception never holds the password. */
    static RedisUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URI");
        }
        if (!JedisURIHelper.isRedisScheme(uri) && !JedisURIHelper.isRedisSSLScheme(uri)) {
            throw new IllegalArgumentException("a Redis URI starts with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a Redis URI names a host: redis://HOST[:PORT][/DB]");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/[0-9]{1,5}")) {
            throw new IllegalArgumentException("the path of a Redis URI is a database number: redis://HOST:PORT/DB");
        }
        return new RedisUri(uri);
    }

    HostAndPort address() {
        return address;
    }

    /**
     * The Jedis settings: credentials and database from the URI, these timeouts, and for rediss:// TLS checking the
     * server's chain against {@code trusted} (or the JDK's trust store when null) and its name against the URI's host.
     */
    JedisClientConfig clientConfig(int timeoutMillis, SslOptions.Resource trusted) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("parapet");
        String password = JedisURIHelper.getPassword(uri);
        if (password != null) {
            b.user(JedisURIHelper.getUser(uri)).password(password);
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            b.database(JedisURIHelper.getDBIndex(uri));
        }
        if (tls) {
            SslOptions.Builder options = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL); // chain and name
            if (trusted != null) {
                options.truststore(trusted, TrustedCertificates.PASSWORD).trustStoreType("PKCS12");
            }
            b.sslOptions(options.build());
        }
        return b.build();
    }

    /** The URI without its user information (so without the password). */
    @Override
    public String toString() {
        String db = JedisURIHelper.hasDbIndex(uri) ? "/" + JedisURIHelper.getDBIndex(uri) : "";
        return (tls ? "rediss://" : "redis://") + address + db;
    }
}
