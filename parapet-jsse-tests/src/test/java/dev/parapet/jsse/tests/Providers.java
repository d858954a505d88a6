package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The JSSE providers every test runs against: SunJSSE (the JDK, the reference for the JSSE contract) and Parapet
 * ({@code dev.parapet.jsse.ParapetProvider}). Each test takes the provider's name as its parameter (see
 * {@link ProviderTest}) and gets every {@code SSLContext} from {@link #context}.
 *
 * <p>{@code -Dparapet.jsse.providers=SunJSSE} narrows a run to some of them (while developing); by default both
 * run. A provider that cannot be found FAILS the test: nothing is skipped.
 *
 * <p>Parapet is looked up by name, then by class name (reflectively, so that this module compiles whatever the
 * state of parapet-jsse), and added to the JVM's provider list at the END (never first): SunJSSE stays the JVM's
 * default, and each test picks its provider explicitly.
 */
final class Providers {
    static final String SUN = "SunJSSE";
    static final String PARAPET = "Parapet";
    static final String PARAPET_CLASS = "dev.parapet.jsse.ParapetProvider";

    private Providers() {
    }

    /** The provider names to run: the {@code parapet.jsse.providers} property, or both. */
    static Stream<String> names() {
        String property = System.getProperty("parapet.jsse.providers", "").trim();
        if (property.isEmpty()) {
            return Stream.of(SUN, PARAPET);
        }
        List<String> names = Arrays.stream(property.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        return names.stream();
    }

    static synchronized Provider get(String name) {
        Provider p = Security.getProvider(name);
        if (p != null) {
            return p;
        }
        if (!PARAPET.equals(name)) {
            return fail("JSSE provider " + name + " not installed");
        }
        try {
            p = (Provider) Class.forName(PARAPET_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return fail("the Parapet JSSE provider (" + PARAPET_CLASS + ") cannot be instantiated: " + e, e);
        }
        if (!PARAPET.equals(p.getName())) {
            fail(PARAPET_CLASS + " calls itself '" + p.getName() + "', expected '" + PARAPET + "'");
        }
        Security.addProvider(p);
        return p;
    }

    /** {@code SSLContext.getInstance(protocol, provider)}, checked to come from that provider; not initialised. */
    static SSLContext context(String providerName, String protocol) {
        Provider provider = get(providerName);
        try {
            SSLContext ctx = SSLContext.getInstance(protocol, provider);
            if (ctx.getProvider() != provider) {
                fail("SSLContext " + protocol + " came from " + ctx.getProvider() + ", not " + providerName);
            }
            return ctx;
        } catch (GeneralSecurityException e) {
            return fail(providerName + " has no SSLContext '" + protocol + "': " + e, e);
        }
    }
}
