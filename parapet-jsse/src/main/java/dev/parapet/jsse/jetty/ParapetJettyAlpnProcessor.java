package dev.parapet.jsse.jetty;

import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.ALPNProcessor;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Jetty 12's server-side ALPN for Parapet's SSLEngine: what Jetty's {@code JDK9ServerALPNProcessor} does with the
 * JDK 9 API ({@code SSLEngine.setHandshakeApplicationProtocolSelector}), for the engine Jetty's own processor refuses.
 *
 * <p>Why it exists: {@code JDK9ServerALPNProcessor.appliesTo(engine)} is true only when the engine's class is in the
 * {@code java.base} module, so without this class Jetty finds no ALPN processor for Parapet's engine ("No
 * ALPNProcessor" at DEBUG) and closes every connection of a connector with ALPN during the handshake (curl:
 * "SSL_ERROR_SYSCALL", HttpClient: "Remote host terminated the handshake").
 *
 * <p>Nothing to configure: Jetty finds processors with {@code ServiceLoader}, and parapet-jsse's jar lists this one in
 * {@code META-INF/services/org.eclipse.jetty.io.ssl.ALPNProcessor$Server}. Jetty ({@code jetty-alpn-server}) is an
 * optional, provided dependency of parapet-jsse: without Jetty on the classpath nothing loads this class.
 */
public final class ParapetJettyAlpnProcessor implements ALPNProcessor.Server {
    /** The provider's engine class (package-private in dev.parapet.jsse; sockets drive the same class). */
    private static final String ENGINE_CLASS = "dev.parapet.jsse.ParapetEngine";

    @Override
    public boolean appliesTo(SSLEngine sslEngine) {
        return sslEngine.getClass().getName().equals(ENGINE_CLASS);
    }

    @Override
    public void configure(SSLEngine sslEngine, Connection connection) {
        sslEngine.setHandshakeApplicationProtocolSelector(new Selector((ALPNServerConnection) connection));
    }

    private static final class Selector implements BiFunction<SSLEngine, List<String>, String>, SslHandshakeListener {
        private final ALPNServerConnection alpn;

        Selector(ALPNServerConnection alpn) {
            this.alpn = alpn;
            ((SslConnection.SslEndPoint) alpn.getEndPoint()).getSslConnection().addHandshakeListener(this);
        }

        @Override
        public String apply(SSLEngine engine, List<String> offered) {
            try {
                alpn.select(offered);
                return alpn.getProtocol();
            } catch (Throwable noCommonProtocol) {
                return null; // the JDK contract: null fails the handshake (no_application_protocol)
            }
        }

        @Override
        public void handshakeSucceeded(Event event) {
            if (alpn.getProtocol() == null) {
                alpn.unsupported(); // the client offered no ALPN: the connector's default protocol
            }
        }
    }
}
