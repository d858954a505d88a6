package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.EncryptedExtensions;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.PreSharedKey;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.handshake.TlsReader;
import dev.parapet.tls.handshake.TlsWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every extension decoder on arbitrary bytes (seeds: each extension of the recorded OpenSSL handshakes). A decoder
 * may only fail with a {@link TlsException} that carries an alert.
 */
class ExtensionFuzzTest {

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
    static List<byte[]> seeds(byte[] message) {
        List<byte[]> out = new ArrayList<>();
        try {
            HandshakeMessage m = HandshakeMessage.of(HandshakeType.fromCode(message[0] & 0xff),
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
