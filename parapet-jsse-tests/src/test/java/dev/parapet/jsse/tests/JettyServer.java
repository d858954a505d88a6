package dev.parapet.jsse.tests;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Jetty 12 HTTPS server on 127.0.0.1 (a port chosen by the OS at start) whose TLS is a given {@code SSLContext}
 * ({@code SslContextFactory.Server.setSslContext}), speaking HTTP/2 and HTTP/1.1 chosen by ALPN
 * ({@code jetty-alpn-java-server}: the JDK's {@code SSLEngine.setHandshakeApplicationProtocolSelector}), HTTP/1.1
 * when the client offers no ALPN.
 *
 * <p>Every request gets {@code 200 text/plain} with the server's own view of the exchange as the body:
 * {@link #body(String, String, String)}, e.g. {@code "parapet-jsse-tests HTTP/2.0 TLSv1.3 /x"}.
 */
final class JettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private JettyServer(SSLContext sslContext) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(24, 4);
        threads.setName("jetty-" + sslContext.getProvider().getName());
        server = new Server(threads);

        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The SslContextFactory does not know the certificate when given a ready SSLContext: no SNI/host checks.
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext);

        HttpConnectionFactory http11 = new HttpConnectionFactory(config);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());

        connector = new ServerConnector(server, 1, 1, ssl, alpn, h2, http11);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                EndPoint.SslSessionData ssl = (EndPoint.SslSessionData) request.getAttribute(
                        EndPoint.SslSessionData.ATTRIBUTE);
                SSLSession session = ssl == null ? null : ssl.sslSession();
                String body = body(request.getConnectionMetaData().getProtocol(),
                        session == null ? "no-tls" : session.getProtocol(), request.getHttpURI().getPath());
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
    }

    /** The body the server sends: its HTTP version ("HTTP/1.1", "HTTP/2.0"), TLS version and the path. */
    static String body(String httpVersion, String tlsVersion, String path) {
        return "parapet-jsse-tests " + httpVersion + " " + tlsVersion + " " + path;
    }

    static JettyServer start(SSLContext sslContext) throws Exception {
        JettyServer s = new JettyServer(sslContext);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** {@code https://localhost:PORT/path} (the leaf names "localhost"). */
    URI uri(String path) {
        return URI.create("https://localhost:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
