package dev.parapet.tls.handshake;

/** Extension code points (RFC 8446, 4.2, and the RFCs named beside each). */
public final class ExtensionType {
    public static final int SERVER_NAME = 0;                 // RFC 6066, 3
    public static final int STATUS_REQUEST = 5;              // RFC 6066, 8
    public static final int SUPPORTED_GROUPS = 10;           // RFC 8422, RFC 7919
    public static final int EC_POINT_FORMATS = 11;           // RFC 8422, 5.1.2
    public static final int SIGNATURE_ALGORITHMS = 13;       // RFC 8446, 4.2.3
    public static final int ALPN = 16;                       // RFC 7301
    public static final int ENCRYPT_THEN_MAC = 22;           // RFC 7366
    public static final int EXTENDED_MASTER_SECRET = 23;     // RFC 7627
    public static final int SESSION_TICKET = 35;             // RFC 5077
    public static final int PRE_SHARED_KEY = 41;             // RFC 8446, 4.2.11
    public static final int EARLY_DATA = 42;                 // RFC 8446, 4.2.10
    public static final int SUPPORTED_VERSIONS = 43;         // RFC 8446, 4.2.1
    public static final int COOKIE = 44;                     // RFC 8446, 4.2.2
    public static final int PSK_KEY_EXCHANGE_MODES = 45;     // RFC 8446, 4.2.9
    public static final int CERTIFICATE_AUTHORITIES = 47;    // RFC 8446, 4.2.4
    public static final int POST_HANDSHAKE_AUTH = 49;        // RFC 8446, 4.2.6
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;  // RFC 8446, 4.2.3
    public static final int KEY_SHARE = 51;                  // RFC 8446, 4.2.8
    public static final int RENEGOTIATION_INFO = 0xff01;     // RFC 5746

    private ExtensionType() {
    }

    /** A readable name for traces. */
    public static String name(int type) {
        return switch (type) {
            case SERVER_NAME -> "server_name";
            case STATUS_REQUEST -> "status_request";
            case SUPPORTED_GROUPS -> "supported_groups";
            case EC_POINT_FORMATS -> "ec_point_formats";
            case SIGNATURE_ALGORITHMS -> "signature_algorithms";
            case ALPN -> "application_layer_protocol_negotiation";
            case ENCRYPT_THEN_MAC -> "encrypt_then_mac";
            case EXTENDED_MASTER_SECRET -> "extended_master_secret";
            case SESSION_TICKET -> "session_ticket";
            case PRE_SHARED_KEY -> "pre_shared_key";
            case EARLY_DATA -> "early_data";
            case SUPPORTED_VERSIONS -> "supported_versions";
            case COOKIE -> "cookie";
            case PSK_KEY_EXCHANGE_MODES -> "psk_key_exchange_modes";
            case CERTIFICATE_AUTHORITIES -> "certificate_authorities";
            case POST_HANDSHAKE_AUTH -> "post_handshake_auth";
            case SIGNATURE_ALGORITHMS_CERT -> "signature_algorithms_cert";
            case KEY_SHARE -> "key_share";
            case RENEGOTIATION_INFO -> "renegotiation_info";
            default -> "extension_" + type;
        };
    }
}
