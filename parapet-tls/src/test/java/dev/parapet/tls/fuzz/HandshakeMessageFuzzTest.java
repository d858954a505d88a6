package dev.parapet.tls.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.CertificateRequest;
import dev.parapet.tls.handshake.CertificateVerify;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.ClientKeyExchange;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeReassembler;
import dev.parapet.tls.handshake.HelloRequest;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.MessageSummary;
import dev.parapet.tls.handshake.NewSessionTicket;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.handshake.ServerHelloDone;
import dev.parapet.tls.handshake.ServerKeyExchange;
import dev.parapet.tls.handshake.Tls12Certificate;
import dev.parapet.tls.handshake.Tls12CertificateRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every handshake message decoder, and the reassembler before them, on arbitrary bytes (seeds: each message of the
 * recorded OpenSSL handshakes, both sides). A decoder may only fail with a {@link TlsException} that carries an
 * alert; what decodes must re-encode to bytes that decode and re-encode to themselves; the trace summary never throws.
 */
class HandshakeMessageFuzzTest {

    /** Input: one handshake message, header included, as the reassembler gets it (split at a byte it chooses). */
    @FuzzTest
    void handshakeMessage(byte[] input) {
        HandshakeReassembler reassembler = new HandshakeReassembler();
        List<HandshakeMessage> messages = new ArrayList<>();
        Decoders.tls(() -> {
            int split = input.length == 0 ? 0 : (input[input.length - 1] & 0xff) % input.length;
            if (split > 0) {
                reassembler.add(ByteBuffer.wrap(input, 0, split));
                drain(reassembler, messages);
            }
            if (input.length > split) {
                reassembler.add(ByteBuffer.wrap(input, split, input.length - split));
                drain(reassembler, messages);
            }
        });
        for (HandshakeMessage m : messages) {
            decodeAll(m);
        }
    }

    private static void drain(HandshakeReassembler r, List<HandshakeMessage> out) throws TlsException {
        HandshakeMessage m;
        while ((m = r.next()) != null) {
            out.add(m);
        }
    }

    /** Every decoder that could meet a message of this type code, in either version. */
    static void decodeAll(HandshakeMessage m) {
        MessageSummary.describe(m, false);
        MessageSummary.describe(m, true);
        switch (m.type()) {
            case CLIENT_HELLO -> Decoders.tls(() -> roundTrip(m, ClientHello.decode(m).encode(),
                    x -> ClientHello.decode(x).encode()));
            case SERVER_HELLO -> Decoders.tls(() -> roundTrip(m, ServerHello.decode(m).encode(),
                    x -> ServerHello.decode(x).encode()));
            case ENCRYPTED_EXTENSIONS -> Decoders.tls(() -> roundTrip(m, EncryptedExtensions.decode(m).encode(),
                    x -> EncryptedExtensions.decode(x).encode()));
            case CERTIFICATE -> {
                Decoders.tls(() -> roundTrip(m, CertificateMessage.decode(m).encode(),
                        x -> CertificateMessage.decode(x).encode()));
                Decoders.tls(() -> roundTrip(m, Tls12Certificate.decode(m).encode(),
                        x -> Tls12Certificate.decode(x).encode()));
            }
            case CERTIFICATE_REQUEST -> {
                Decoders.tls(() -> CertificateRequest.decode(m));
                Decoders.tls(() -> Tls12CertificateRequest.decode(m));
            }
            case CERTIFICATE_VERIFY -> Decoders.tls(() -> CertificateVerify.decode(m));
            case FINISHED -> {
                Decoders.tls(() -> Finished.decode(m, 32));
                Decoders.tls(() -> Finished.decode(m, 48));
                Decoders.tls(() -> Finished.decode(m, 12));
            }
            case NEW_SESSION_TICKET -> Decoders.tls(() -> NewSessionTicket.decode(m));
            case KEY_UPDATE -> Decoders.tls(() -> KeyUpdate.decode(m));
            case SERVER_KEY_EXCHANGE -> Decoders.tls(() -> ServerKeyExchange.decode(m));
            case SERVER_HELLO_DONE -> Decoders.tls(() -> ServerHelloDone.decode(m));
            case HELLO_REQUEST -> Decoders.tls(() -> HelloRequest.decode(m));
            case CLIENT_KEY_EXCHANGE -> {
                Decoders.tls(() -> ClientKeyExchange.decodeEcdhe(m));
                Decoders.tls(() -> ClientKeyExchange.decodeRsa(m));
            }
            default -> {
            }
        }
    }

    interface Codec {
        HandshakeMessage apply(HandshakeMessage m) throws TlsException;
    }

    /** What decoded once re-encodes to bytes that decode and re-encode to themselves. */
    private static void roundTrip(HandshakeMessage original, HandshakeMessage reencoded, Codec codec)
            throws TlsException {
        assertArrayEquals(reencoded.encoded(), codec.apply(reencoded).encoded(),
                original.type() + " does not re-encode stably");
    }
}
