package dev.parapet.cli;

import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.nio.ConnectionHandler;
import dev.parapet.tls.io.nio.NioConnection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * What {@code parapet server} does with each connection of its {@link dev.parapet.tls.io.nio.NioTlsServer}: one log
 * line per handshake, then echo or the HTTP responder; failures are one line each (stderr), the idle timeout one
 * line on stdout.
 */
final class ServerConnections implements ConnectionHandler {
    private final Io io;
    private final boolean echo;
    private final boolean showClientCertificate;
    private final int idleSeconds;

    ServerConnections(Io io, boolean echo, boolean showClientCertificate, int idleSeconds) {
        this.io = io;
        this.echo = echo;
        this.showClientCertificate = showClientCertificate;
        this.idleSeconds = idleSeconds;
    }

    @Override
    public void onOpen(NioConnection c) {
        TlsSession session = c.session();
        String clientCert = showClientCertificate ? ServerCommand.clientCertificate(session) : null;
        io.out().println(tag(c) + " " + peer(c) + " " + Describe.line(session)
                + (session.serverName() != null ? " sni=" + session.serverName() : "")
                + (clientCert != null ? " client-cert=" + clientCert : "")
                + " resumed=" + Describe.yesNo(session.resumed()));
        if (!echo) {
            c.attach(new HttpResponder(c, session, tag(c), peer(c), io.out(), clientCert));
        }
    }

    @Override
    public void onData(NioConnection c, ByteBuffer data) {
        if (echo) {
            c.write(data);
        } else {
            ((HttpResponder) c.attachment()).onData(data);
        }
    }

    @Override
    public void onClose(NioConnection c, Exception failure) {
        if (failure == null) {
            return;
        }
        if (c.session() == null) {
            io.err().println("handshake failed from " + peer(c) + ": " + Main.describe(failure));
        } else if (failure instanceof SocketTimeoutException) {
            io.out().println(tag(c) + " " + peer(c) + ": idle for " + idleSeconds + " s, closing");
        } else if (failure instanceof IOException) {
            io.err().println(tag(c) + " " + peer(c) + ": " + Main.describe(failure));
        } else {
            io.err().println(tag(c) + " " + peer(c) + ": internal error: " + failure);
        }
    }

    private static String tag(NioConnection c) {
        return "#" + c.id();
    }

    private static String peer(NioConnection c) {
        return HostPort.format(c.remoteAddress().getAddress().getHostAddress(), c.remoteAddress().getPort());
    }
}
