package dev.parapet.jsse;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The Parapet JSSE provider: {@code SSLContext} "TLS" (alias "SSL"), "TLSv1.3", "TLSv1.2" and "Default".
 *
 * <pre>
 * Security.insertProviderAt(new ParapetProvider(), 1);      // the whole JVM
 * SSLContext.getInstance("TLS", "Parapet");                 // one use
 * </pre>
 * or {@code security.provider.1=dev.parapet.jsse.ParapetProvider} in a file given with
 * {@code -Djava.security.properties=...}.
 */
public final class ParapetProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "Parapet";

    public ParapetProvider() {
        super(NAME, "0.1", "Parapet TLS 1.3 and 1.2 (SSLContext TLS, TLSv1.3, TLSv1.2, Default)");
        putService(new ContextService(this, "TLS", List.of("SSL"), ParapetContextSpi::tls));
        putService(new ContextService(this, "TLSv1.3", List.of(), ParapetContextSpi::tls));
        putService(new ContextService(this, "TLSv1.2", List.of(), ParapetContextSpi::tls12));
        putService(new ContextService(this, "Default", List.of(), ParapetContextSpi.DefaultContext::new));
    }

    /** A service that makes its SPI directly, without reflection. */
    private static final class ContextService extends Service {
        private final transient Callable<ParapetContextSpi> factory;

        ContextService(Provider provider, String algorithm, List<String> aliases,
                       Callable<ParapetContextSpi> factory) {
            super(provider, "SSLContext", algorithm, ParapetContextSpi.class.getName(), aliases, null);
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            try {
                return factory.call();
            } catch (Exception e) {
                throw new NoSuchAlgorithmException("cannot create SSLContext " + getAlgorithm() + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
