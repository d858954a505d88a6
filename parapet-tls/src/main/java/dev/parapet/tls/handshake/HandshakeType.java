package dev.parapet.tls.handshake;

/** Handshake message types (RFC 8446, 4; the TLS 1.2 ones from RFC 5246, 7.4). */
public enum HandshakeType {
    HELLO_REQUEST(0, "HelloRequest"),                // RFC 5246, 7.4.1.1 (TLS 1.2 only)
    CLIENT_HELLO(1, "ClientHello"),
    SERVER_HELLO(2, "ServerHello"),
    NEW_SESSION_TICKET(4, "NewSessionTicket"),
    END_OF_EARLY_DATA(5, "EndOfEarlyData"),
    ENCRYPTED_EXTENSIONS(8, "EncryptedExtensions"),
    CERTIFICATE(11, "Certificate"),
    SERVER_KEY_EXCHANGE(12, "ServerKeyExchange"),    // RFC 5246, 7.4.3 (TLS 1.2 only)
    CERTIFICATE_REQUEST(13, "CertificateRequest"),
    SERVER_HELLO_DONE(14, "ServerHelloDone"),        // RFC 5246, 7.4.5 (TLS 1.2 only)
    CERTIFICATE_VERIFY(15, "CertificateVerify"),
    CLIENT_KEY_EXCHANGE(16, "ClientKeyExchange"),    // RFC 5246, 7.4.7 (TLS 1.2 only)
    FINISHED(20, "Finished"),
    KEY_UPDATE(24, "KeyUpdate"),
    MESSAGE_HASH(254, "message_hash");

    private final int code;
    private final String rfcName;

    HandshakeType(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    public int code() {
        return code;
    }

    public String rfcName() {
        return rfcName;
    }

    /** The type for a wire code, or null when unknown. */
    public static HandshakeType fromCode(int code) {
        for (HandshakeType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
