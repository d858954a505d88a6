package dev.parapet.tls.attack;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A Parapet client and server wired in memory by the test itself, so that it sees every byte: it can rewrite the
 * ClientHello (as a middlebox would), and it learns the TLS 1.2 master secret from the client's key log, so that
 * after the handshake it can seal and open records in either direction with {@link Tls12Wire}.
 */
final class AttackPair {
    final TlsConnection client;
    final TlsConnection server;
    final List<String> keyLog = new ArrayList<>();
    byte[] clientHello;
    byte[] serverHello;
    TlsException failure;

    AttackPair(TlsClientConfig.Builder client, TlsServerConfig server, String serverName) {
        this.client = TlsConnection.client(client.keyLog(keyLog::add).build(), serverName);
        this.server = TlsConnection.server(server);
    }

    /** Runs the handshake, rewriting the ClientHello when {@code rewriter} is not null; keeps the first failure. */
    AttackPair handshake(UnaryOperator<ClientHello> rewriter) {
        for (int round = 0; round < 20; round++) {
            byte[] up = Tls12Wire.drain(client);
            if (clientHello == null && up.length > 0) {
                List<byte[]> ms = Tls12Wire.handshakeMessages(Tls12Wire.records(up));
                clientHello = ms.get(0);
                if (rewriter != null) {
                    up = rewrite(up, rewriter);
                }
            }
            if (up.length > 0 && server.failure() == null) {
                note(Tls12Wire.deliver(server, up));
            }
            byte[] down = Tls12Wire.drain(server);
            if (serverHello == null && down.length > 0) {
                List<byte[]> ms = Tls12Wire.handshakeMessages(Tls12Wire.records(down));
                serverHello = ms.isEmpty() ? null : ms.get(0);
            }
            if (down.length > 0 && client.failure() == null) {
                note(Tls12Wire.deliver(client, down));
            }
            if (up.length == 0 && down.length == 0) {
                break;
            }
        }
        return this;
    }

    private void note(TlsException e) {
        if (failure == null && e != null) {
            failure = e;
        }
    }

    private static byte[] rewrite(byte[] firstFlight, UnaryOperator<ClientHello> rewriter) {
        List<Tls12Wire.Wire> records = Tls12Wire.records(firstFlight);
        byte[] body = Arrays.copyOfRange(records.get(0).fragment(), 4, records.get(0).fragment().length);
        try {
            ClientHello ch = ClientHello.decode(HandshakeMessage.of(HandshakeType.CLIENT_HELLO, body));
            byte[] out = Tls12Wire.record(Tls12Wire.HANDSHAKE, rewriter.apply(ch).encode().encoded());
            for (int i = 1; i < records.size(); i++) {
                out = Tls12Wire.concat(out, records.get(i).bytes());
            }
            return out;
        } catch (TlsException e) {
            throw new AssertionError("the client's first record is not a ClientHello", e);
        }
    }

    /** A middlebox edit: the ClientHello without one extension. */
    static UnaryOperator<ClientHello> without(int extensionType) {
        return ch -> new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(), ch.cipherSuites(),
                ch.legacyCompressionMethods(), ch.extensions().stream().filter(e -> e.type() != extensionType)
                .toList());
    }

    /** The TLS 1.2 key block, from the client's CLIENT_RANDOM key log line and the ServerHello's random. */
    Tls12Wire.KeyBlock keyBlock() {
        CipherSuite suite = client.session().cipherSuite();
        for (String line : keyLog) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals("CLIENT_RANDOM")) {
                byte[] cr = HexFormat.of().parseHex(f[1]);
                byte[] master = HexFormat.of().parseHex(f[2]);
                return Tls12Wire.keyBlock(suite, master, cr, Tls12Wire.serverRandom(serverHello));
            }
        }
        throw new AssertionError("no CLIENT_RANDOM line in the key log: " + keyLog);
    }

    /** Protection for what the client (or the server) writes, at sequence number 1 (Finished was 0). */
    Tls12Wire.Protection afterFinished(boolean clientWrites) {
        Tls12Wire.Protection p = new Tls12Wire.Protection(client.session().cipherSuite(), keyBlock(), clientWrites,
                client.session().encryptThenMac());
        p.seq = 1;
        return p;
    }
}
