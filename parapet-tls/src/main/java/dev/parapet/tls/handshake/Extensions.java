package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Codecs of the extensions' data, one pair of methods each (RFC 8446, 4.2; RFC 6066; RFC 7301; for TLS 1.2 also
 * RFC 5746, RFC 7627, RFC 7366 and RFC 8422).
 */
public final class Extensions {
    /** RFC 8446, 4.2.1: the value for TLS 1.3 in supported_versions. */
    public static final int TLS13 = 0x0304;
    public static final int TLS12 = 0x0303;
    /** RFC 8422, 5.1.2: ECPointFormat uncompressed(0), the only format defined for the curves we support. */
    public static final int POINT_FORMAT_UNCOMPRESSED = 0;

    private Extensions() {
    }

    // --- supported_versions (RFC 8446, 4.2.1)

    public static Extension clientSupportedVersions(List<Integer> versions) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(1);
        versions.forEach(w::u16);
        return new Extension(ExtensionType.SUPPORTED_VERSIONS, w.endLength(m).toByteArray());
    }

    public static List<Integer> decodeClientSupportedVersions(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(1);
        r.expectEnd();
        if (list.remaining() < 2 || list.remaining() % 2 != 0) {
            throw TlsException.decodeError("supported_versions list has a bad length");
        }
        List<Integer> out = new ArrayList<>();
        while (list.hasRemaining()) {
            out.add(list.u16());
        }
        return out;
    }

    public static Extension serverSupportedVersion(int version) {
        return new Extension(ExtensionType.SUPPORTED_VERSIONS, new TlsWriter().u16(version).toByteArray());
    }

    public static int decodeServerSupportedVersion(Extension e) throws TlsException {
        TlsReader r = e.reader();
        int v = r.u16();
        r.expectEnd();
        return v;
    }

    // --- supported_groups (RFC 8446, 4.2.7) and signature_algorithms(_cert) (4.2.3): lists of u16

    public static Extension u16List(int type, List<Integer> values) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(2);
        values.forEach(w::u16);
        return new Extension(type, w.endLength(m).toByteArray());
    }

    public static List<Integer> decodeU16List(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(2);
        r.expectEnd();
        if (list.remaining() < 2 || list.remaining() % 2 != 0) {
            throw TlsException.decodeError(ExtensionType.name(e.type()) + " list has a bad length");
        }
        List<Integer> out = new ArrayList<>();
        while (list.hasRemaining()) {
            out.add(list.u16());
        }
        return out;
    }

    // --- server_name (RFC 6066, 3)

    public static Extension serverName(String hostName) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(2);
        w.u8(0).vector16(hostName.getBytes(StandardCharsets.US_ASCII)); // name_type host_name(0)
        return new Extension(ExtensionType.SERVER_NAME, w.endLength(m).toByteArray());
    }

    /** The host_name in a ClientHello's server_name, or null when the extension carries none. */
    public static String decodeServerName(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(2);
        r.expectEnd();
        if (!list.hasRemaining()) {
            throw TlsException.decodeError("server_name list is empty");
        }
        String host = null;
        while (list.hasRemaining()) {
            int nameType = list.u8();
            byte[] name = list.vector16();
            if (nameType == 0) {
                if (host != null) {
                    // RFC 6066, 3: at most one name of each type
                    throw TlsException.illegalParameter("server_name has two host_name entries");
                }
                host = checkHostName(name);
            }
        }
        return host;
    }

    private static String checkHostName(byte[] name) throws TlsException {
        if (name.length == 0) {
            throw TlsException.decodeError("server_name host_name is empty");
        }
        for (byte b : name) {
            if (b <= 0x20 || b >= 0x7f) {
                throw TlsException.illegalParameter("server_name host_name is not printable ASCII");
            }
        }
        String host = new String(name, StandardCharsets.US_ASCII);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    // --- ALPN (RFC 7301, 3.1)

    public static Extension alpn(List<String> protocols) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(2);
        for (String p : protocols) {
            w.vector8(p.getBytes(StandardCharsets.UTF_8));
        }
        return new Extension(ExtensionType.ALPN, w.endLength(m).toByteArray());
    }

    public static List<String> decodeAlpn(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(2);
        r.expectEnd();
        List<String> out = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] p = list.vector8();
            if (p.length == 0) {
                throw TlsException.decodeError("ALPN protocol name is empty");
            }
            out.add(new String(p, StandardCharsets.UTF_8));
        }
        if (out.isEmpty()) {
            throw TlsException.decodeError("ALPN protocol list is empty");
        }
        return out;
    }

    // --- key_share (RFC 8446, 4.2.8)

    public static Extension clientKeyShares(List<KeyShareEntry> entries) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(2);
        entries.forEach(k -> k.encode(w));
        return new Extension(ExtensionType.KEY_SHARE, w.endLength(m).toByteArray());
    }

    public static List<KeyShareEntry> decodeClientKeyShares(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(2);
        r.expectEnd();
        List<KeyShareEntry> out = new ArrayList<>();
        while (list.hasRemaining()) {
            KeyShareEntry k = KeyShareEntry.decode(list);
            for (KeyShareEntry prev : out) {
                // RFC 8446, 4.2.8: at most one share per group
                if (prev.group() == k.group()) {
                    throw TlsException.illegalParameter("key_share has two shares for group " + k.group());
                }
            }
            out.add(k);
        }
        return out;
    }

    public static Extension serverKeyShare(KeyShareEntry entry) {
        TlsWriter w = new TlsWriter();
        entry.encode(w);
        return new Extension(ExtensionType.KEY_SHARE, w.toByteArray());
    }

    public static KeyShareEntry decodeServerKeyShare(Extension e) throws TlsException {
        TlsReader r = e.reader();
        KeyShareEntry k = KeyShareEntry.decode(r);
        r.expectEnd();
        return k;
    }

    /** RFC 8446, 4.2.8: in a HelloRetryRequest the key_share holds only the selected group. */
    public static Extension helloRetryKeyShare(int group) {
        return new Extension(ExtensionType.KEY_SHARE, new TlsWriter().u16(group).toByteArray());
    }

    public static int decodeHelloRetryKeyShare(Extension e) throws TlsException {
        TlsReader r = e.reader();
        int g = r.u16();
        r.expectEnd();
        return g;
    }

    // --- cookie (RFC 8446, 4.2.2)

    public static Extension cookie(byte[] cookie) {
        return new Extension(ExtensionType.COOKIE, new TlsWriter().vector16(cookie).toByteArray());
    }

    public static byte[] decodeCookie(Extension e) throws TlsException {
        TlsReader r = e.reader();
        byte[] c = r.vector16();
        r.expectEnd();
        if (c.length == 0) {
            throw TlsException.decodeError("cookie is empty");
        }
        return c;
    }

    // --- psk_key_exchange_modes (RFC 8446, 4.2.9): we offer psk_dhe_ke so servers may send tickets

    public static Extension pskKeyExchangeModes() {
        return pskKeyExchangeModes(List.of(dev.parapet.tls.PskMode.PSK_DHE_KE));
    }

    public static Extension pskKeyExchangeModes(List<dev.parapet.tls.PskMode> modes) {
        byte[] codes = new byte[modes.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) modes.get(i).code();
        }
        return new Extension(ExtensionType.PSK_KEY_EXCHANGE_MODES, new TlsWriter().vector8(codes).toByteArray());
    }

    // --- early_data (RFC 8446, 4.2.10): empty in ClientHello and EncryptedExtensions; in NewSessionTicket,
    // uint32 max_early_data_size

    public static Extension earlyData() {
        return new Extension(ExtensionType.EARLY_DATA, new byte[0]);
    }

    public static Extension maxEarlyDataSize(long bytes) {
        return new Extension(ExtensionType.EARLY_DATA, new TlsWriter().u32(bytes).toByteArray());
    }

    public static long decodeMaxEarlyDataSize(Extension e) throws TlsException {
        TlsReader r = e.reader();
        long max = r.u32();
        r.expectEnd();
        return max;
    }

    /** The empty early_data indication of a ClientHello or EncryptedExtensions; anything else is decode_error. */
    public static void checkEmptyEarlyData(Extension e) throws TlsException {
        if (e.data().length != 0) {
            throw TlsException.decodeError("early_data extension is not empty");
        }
    }

    // --- renegotiation_info (RFC 5746, 3.2): opaque renegotiated_connection<0..255>

    /** Empty on an initial handshake; the previous verify_data otherwise (we never renegotiate). */
    public static Extension renegotiationInfo(byte[] renegotiatedConnection) {
        return new Extension(ExtensionType.RENEGOTIATION_INFO,
                new TlsWriter().vector8(renegotiatedConnection).toByteArray());
    }

    /** The renegotiated_connection field; checking its value against the handshake state is the caller's job. */
    public static byte[] decodeRenegotiationInfo(Extension e) throws TlsException {
        TlsReader r = e.reader();
        byte[] v = r.vector8();
        r.expectEnd();
        return v;
    }

    // --- extensions with empty extension_data: extended_master_secret (RFC 7627, 5.1), encrypt_then_mac (RFC 7366, 2)

    public static Extension empty(int type) {
        return new Extension(type, new byte[0]);
    }

    /** RFC 7627, 5.1; RFC 7366, 2: the extension_data of these extensions is empty. */
    public static void checkEmpty(Extension e) throws TlsException {
        if (e.data().length != 0) {
            throw TlsException.decodeError(ExtensionType.name(e.type()) + " extension has " + e.data().length
                    + " bytes of data, expected none");
        }
    }

    // --- ec_point_formats (RFC 8422, 5.1.2): ECPointFormat ec_point_format_list<1..2^8-1>

    /** We offer and answer only uncompressed(0). */
    public static Extension ecPointFormats() {
        return new Extension(ExtensionType.EC_POINT_FORMATS,
                new TlsWriter().vector8(new byte[] {POINT_FORMAT_UNCOMPRESSED}).toByteArray());
    }

    public static List<Integer> decodeEcPointFormats(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(1);
        r.expectEnd();
        if (!list.hasRemaining()) {
            throw TlsException.decodeError("ec_point_formats list is empty");
        }
        List<Integer> out = new ArrayList<>();
        while (list.hasRemaining()) {
            out.add(list.u8());
        }
        // RFC 8422, 5.1.2: the list MUST contain uncompressed(0)
        if (!out.contains(POINT_FORMAT_UNCOMPRESSED)) {
            throw TlsException.illegalParameter("ec_point_formats does not contain uncompressed(0)");
        }
        return out;
    }

    // --- certificate_authorities (RFC 8446, 4.2.4): DER-encoded distinguished names

    public static Extension certificateAuthorities(List<byte[]> names) {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(2);
        names.forEach(w::vector16);
        return new Extension(ExtensionType.CERTIFICATE_AUTHORITIES, w.endLength(m).toByteArray());
    }

    public static List<byte[]> decodeCertificateAuthorities(Extension e) throws TlsException {
        TlsReader r = e.reader();
        TlsReader list = r.sub(2);
        r.expectEnd();
        List<byte[]> out = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] dn = list.vector16();
            if (dn.length == 0) {
                throw TlsException.decodeError("certificate_authorities has an empty name");
            }
            out.add(dn);
        }
        if (out.isEmpty()) {
            throw TlsException.decodeError("certificate_authorities is empty");
        }
        return out;
    }
}
