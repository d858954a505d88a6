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
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.Finished;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeReassembler;
import dev.parapet.tls.handshake.HelloRequest;
import dev.parapet.tls.handshake.KeyUpdate;
import dev.parapet.tls.handshake.MessageSummary;
import dev.parapet.tls.handshake.NewSessionTicket;
import dev.parapet.tls.handshake.PreSharedKey;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.handshake.ServerHelloDone;
import dev.parapet.tls.handshake.ServerKeyExchange;
import dev.parapet.tls.handshake.Tls12Certificate;
import dev.parapet.tls.handshake.Tls12CertificateRequest;
import dev.parapet.tls.handshake.TlsReader;
import dev.parapet.tls.handshake.TlsWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every handshake message and extension decoder on arbitrary bytes (seeds: the messages of the recorded OpenSSL
 * handshakes). A decoder may only fail with a {@link TlsException} that carries an alert; what decodes must
 * re-encode to something that decodes to the same encoding; the trace summary never throws.
 */
class DecoderFuzzTest {

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

    /** Input: {@code extension_type(2) extension_data}; every extension decoder runs on it. */
    @FuzzTest
    void extension(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Extension e = new Extension(((input[0] & 0xff) << 8) | (input[1] & 0xff),
                Arrays.copyOfRange(input, 2, input.length));
        Decoders.tls(() -> Extensions.decodeClientSupportedVersions(e));
        Decoders.tls(() -> Extensions.decodeServerSupportedVersion(e));
        Decoders.tls(() -> Extensions.decodeU16List(e));
        Decoders.tls(() -> Extensions.decodeServerName(e));
        Decoders.tls(() -> Extensions.decodeAlpn(e));
        Decoders.tls(() -> Extensions.decodeClientKeyShares(e));
        Decoders.tls(() -> Extensions.decodeServerKeyShare(e));
        Decoders.tls(() -> Extensions.decodeHelloRetryKeyShare(e));
        Decoders.tls(() -> Extensions.decodeCookie(e));
        Decoders.tls(() -> Extensions.decodeRenegotiationInfo(e));
        Decoders.tls(() -> Extensions.decodeEcPointFormats(e));
        Decoders.tls(() -> Extensions.decodeCertificateAuthorities(e));
        Decoders.tls(() -> Extensions.checkEmpty(e));
        Decoders.tls(() -> PreSharedKey.decodeOffered(e));
        Decoders.tls(() -> PreSharedKey.decodeSelected(e));
        Decoders.tls(() -> PreSharedKey.decodeModes(e));
        // the same bytes as a whole extension block
        Decoders.tls(() -> Extension.decodeList(new TlsReader(e.data(), "fuzz"), "fuzz"));
    }

    /** Seeds for {@link #extension}: each extension of a recorded handshake message. */
    static List<byte[]> extensionSeeds(byte[] message) {
        List<byte[]> out = new ArrayList<>();
        try {
            HandshakeMessage m = HandshakeMessage.of(dev.parapet.tls.handshake.HandshakeType.fromCode(message[0] & 0xff),
                    Arrays.copyOfRange(message, 4, message.length));
            List<Extension> list = switch (m.type()) {
                case CLIENT_HELLO -> ClientHello.decode(m).extensions();
                case SERVER_HELLO -> ServerHello.decode(m).extensions();
                case ENCRYPTED_EXTENSIONS -> EncryptedExtensions.decode(m).extensions();
                default -> List.of();
            };
            for (Extension e : list) {
                out.add(new TlsWriter().u16(e.type()).bytes(e.data()).toByteArray());
            }
        } catch (TlsException | RuntimeException e) {
            // not a message with extensions
        }
        return out;
    }
}
