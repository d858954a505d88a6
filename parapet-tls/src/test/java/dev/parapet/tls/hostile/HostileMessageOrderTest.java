package dev.parapet.tls.hostile;


import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every handshake type the RFC does not allow in a state, in every state of both roles, is unexpected_message
 * (RFC 8446, 4 and appendix A: the state machines; 6.2: "unexpected_message: An inappropriate message (e.g., the
 * wrong handshake message ...) was received").
 */
@Timeout(10)
class HostileMessageOrderTest {

    /** Client states (RFC 8446, A.1) and what the RFC lets the server send in each. */
    enum ClientState {
        ExpectServerHello(HandshakeType.SERVER_HELLO),
        ExpectEncryptedExtensions(HandshakeType.ENCRYPTED_EXTENSIONS),
        ExpectCertificate(HandshakeType.CERTIFICATE, HandshakeType.CERTIFICATE_REQUEST),
        ExpectCertificateVerify(HandshakeType.CERTIFICATE_VERIFY),
        ExpectServerFinished(HandshakeType.FINISHED),
        Connected(HandshakeType.NEW_SESSION_TICKET, HandshakeType.KEY_UPDATE);

        final Set<HandshakeType> allowed;

        ClientState(HandshakeType first, HandshakeType... rest) {
            this.allowed = EnumSet.of(first, rest);
        }
    }

    /** Server states (RFC 8446, A.2, no client authentication, no early data). */
    enum ServerState {
        ExpectClientHello(HandshakeType.CLIENT_HELLO),
        ExpectClientFinished(HandshakeType.FINISHED),
        Connected(HandshakeType.KEY_UPDATE);

        final Set<HandshakeType> allowed;

        ServerState(HandshakeType first, HandshakeType... rest) {
            this.allowed = EnumSet.of(first, rest);
        }
    }

    static Stream<Arguments> clientCases() {
        List<Arguments> out = new ArrayList<>();
        for (ClientState s : ClientState.values()) {
            EnumSet.complementOf(EnumSet.copyOf(s.allowed)).forEach(t -> out.add(Arguments.of(s, t)));
        }
        return out.stream();
    }

    static Stream<Arguments> serverCases() {
        List<Arguments> out = new ArrayList<>();
        for (ServerState s : ServerState.values()) {
            EnumSet.complementOf(EnumSet.copyOf(s.allowed)).forEach(t -> out.add(Arguments.of(s, t)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "client in {0} gets {1}")
    @MethodSource("clientCases")
    void clientRefusesMessageOutOfOrder(ClientState state, HandshakeType type) throws Exception {
        ScriptedServer s = clientIn(state);
        HandshakeMessage m = SampleMessages.of(type);
        TlsException e = Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, mention(type), () -> s.send(m));
        assertEquals(state.name(), e.state());
    }

    @ParameterizedTest(name = "server in {0} gets {1}")
    @MethodSource("serverCases")
    void serverRefusesMessageOutOfOrder(ServerState state, HandshakeType type) throws Exception {
        ScriptedClient c = serverIn(state);
        HandshakeMessage m = SampleMessages.of(type);
        TlsException e = Refusal.expect(c, AlertDescription.UNEXPECTED_MESSAGE, mention(type), () -> c.send(m));
        assertEquals(state.name(), e.state());
    }

    /** RFC 8446, 4.4.1: message_hash never goes on the wire, so it is refused as an unknown type. */
    private static String mention(HandshakeType type) {
        return type == HandshakeType.MESSAGE_HASH ? "254" : type.rfcName();
    }

    static ScriptedServer clientIn(ClientState state) throws TlsException {
        ScriptedServer s = Fixtures.scriptedServer();
        if (state == ClientState.Connected) {
            s.completeHandshake();
            return s;
        }
        if (state != ClientState.ExpectServerHello) {
            s.sendServerHello();
            List<HandshakeMessage> flight = s.flight();
            s.send(flight.subList(0, state.ordinal() - 1));
        }
        return s;
    }

    static ScriptedClient serverIn(ServerState state) throws TlsException {
        ScriptedClient c = Fixtures.scriptedClient();
        switch (state) {
            case ExpectClientHello -> { }
            case ExpectClientFinished -> c.readServerFlight();
            case Connected -> c.completeHandshake();
        }
        return c;
    }
}
