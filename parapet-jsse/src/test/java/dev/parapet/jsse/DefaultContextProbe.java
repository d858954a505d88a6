package dev.parapet.jsse;

import java.security.Security;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Run in a child JVM: installs Parapet first, connects with the Default context, prints what it got. */
public final class DefaultContextProbe {
    private DefaultContextProbe() {
    }

    public static void main(String[] args) throws Exception {
        Security.insertProviderAt(new ParapetProvider(), 1);
        SSLContext ctx = SSLContext.getDefault();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", Integer.parseInt(args[0]))) {
            s.startHandshake();
            System.out.println("provider=" + ctx.getProvider().getName() + " protocol="
                    + s.getSession().getProtocol());
        } catch (Exception e) {
            System.out.println("failed: " + e);
        }
    }
}
