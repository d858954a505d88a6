package dev.parapet.tls;

import java.util.List;

/**
 * What one peer may make a connection hold or do: bounds on message sizes, counts and floods, each with a safe
 * default. Immutable; set one on a config with {@code TlsClientConfig.builder().limits(...)} or the server's
 * builder. Going over a limit ends the connection with the alert the RFC names for the case and a
 * {@link TlsException} whose message names the limit, e.g.
 * {@code handshake message of 70000 bytes exceeds Limits.maxHandshakeMessage (65536)}.
 *
 * <p>Fixed by the RFCs, not configurable: records of at most 2^14 bytes of plaintext (2^14 + 256 protected in TLS
 * 1.3, 2^14 + 2048 in TLS 1.2; RFC 8446, 5.1-5.2; record_overflow) and at most one HelloRetryRequest per handshake
 * (RFC 8446, 4.1.4; unexpected_message for a second one).
 */
public final class Limits {
    /** The defaults listed on each getter. */
    public static final Limits DEFAULT = builder().build();

    private final int maxHandshakeMessage;
    private final int maxCertificateChainBytes;
    private final int maxCertificateChainLength;
    private final int maxExtensions;
    private final int maxKeyShares;
    private final int maxEmptyRecords;
    private final int maxWarningAlerts;
    private final int maxKeyUpdates;
    private final int maxPostHandshakeMessages;

    private Limits(Builder b) {
        this.maxHandshakeMessage = b.maxHandshakeMessage;
        this.maxCertificateChainBytes = b.maxCertificateChainBytes;
        this.maxCertificateChainLength = b.maxCertificateChainLength;
        this.maxExtensions = b.maxExtensions;
        this.maxKeyShares = b.maxKeyShares;
        this.maxEmptyRecords = b.maxEmptyRecords;
        this.maxWarningAlerts = b.maxWarningAlerts;
        this.maxKeyUpdates = b.maxKeyUpdates;
        this.maxPostHandshakeMessages = b.maxPostHandshakeMessages;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder().maxHandshakeMessage(maxHandshakeMessage)
                .maxCertificateChainBytes(maxCertificateChainBytes)
                .maxCertificateChainLength(maxCertificateChainLength).maxExtensions(maxExtensions)
                .maxKeyShares(maxKeyShares).maxEmptyRecords(maxEmptyRecords).maxWarningAlerts(maxWarningAlerts)
                .maxKeyUpdates(maxKeyUpdates).maxPostHandshakeMessages(maxPostHandshakeMessages);
    }

    /** Largest handshake message body in bytes other than Certificate (default 65536); decode_error beyond. */
    public int maxHandshakeMessage() {
        return maxHandshakeMessage;
    }

    /**
     * Largest Certificate message body in bytes, the chain with its framing (default 131072); decode_error beyond.
     * Never below {@link #maxHandshakeMessage()} in effect.
     */
    public int maxCertificateChainBytes() {
        return maxCertificateChainBytes;
    }

    /** Most certificates in one Certificate message (default 10); illegal_parameter beyond. */
    public int maxCertificateChainLength() {
        return maxCertificateChainLength;
    }

    /**
     * Most extensions in one ClientHello, ServerHello, EncryptedExtensions or CertificateEntry (default 64);
     * illegal_parameter beyond.
     */
    public int maxExtensions() {
        return maxExtensions;
    }

    /** Most key_share entries in a ClientHello (default 8); illegal_parameter beyond. */
    public int maxKeyShares() {
        return maxKeyShares;
    }

    /** Most empty (zero-length) application data records in a row (default 32); unexpected_message beyond. */
    public int maxEmptyRecords() {
        return maxEmptyRecords;
    }

    /** Most warning alerts without application data in between (default 32); unexpected_message beyond. */
    public int maxWarningAlerts() {
        return maxWarningAlerts;
    }

    /** Most KeyUpdates received without application data in between (default 32); unexpected_message beyond. */
    public int maxKeyUpdates() {
        return maxKeyUpdates;
    }

    /**
     * Most post-handshake messages received (NewSessionTicket, KeyUpdate, CertificateRequest, renegotiation
     * attempts) without application data in between (default 64); unexpected_message beyond.
     */
    public int maxPostHandshakeMessages() {
        return maxPostHandshakeMessages;
    }

    /** The largest body accepted for a handshake message of this type code. */
    public int maxMessageBody(int handshakeType) {
        return handshakeType == 11 ? Math.max(maxHandshakeMessage, maxCertificateChainBytes) : maxHandshakeMessage;
    }

    /**
     * Refuses a handshake message body over {@link #maxMessageBody}: decode_error (RFC 8446, 6.2).
     *
     * @param typeName the message's RFC name for the error, e.g. {@code ClientHello}, or null when unknown
     */
    public void checkHandshakeMessage(int handshakeType, String typeName, int bodyLength) throws TlsException {
        if (bodyLength > maxMessageBody(handshakeType)) {
            boolean certificate = handshakeType == 11 && maxCertificateChainBytes > maxHandshakeMessage;
            String name = certificate ? "maxCertificateChainBytes" : "maxHandshakeMessage";
            throw TlsException.decodeError((typeName != null ? typeName : "handshake") + " message of " + bodyLength
                    + " bytes exceeds Limits." + name + " (" + maxMessageBody(handshakeType) + ")");
        }
    }

    /** Refuses an extension block of more than {@link #maxExtensions} entries: illegal_parameter. */
    public void checkExtensions(List<?> extensions, String message) throws TlsException {
        if (extensions.size() > maxExtensions) {
            throw TlsException.illegalParameter(message + " has " + extensions.size()
                    + " extensions, over Limits.maxExtensions (" + maxExtensions + ")");
        }
    }

    /** Refuses a ClientHello with more than {@link #maxKeyShares} key shares: illegal_parameter. */
    public void checkKeyShares(int count) throws TlsException {
        if (count > maxKeyShares) {
            throw TlsException.illegalParameter("ClientHello has " + count + " key shares, over Limits.maxKeyShares ("
                    + maxKeyShares + ")");
        }
    }

    /** Refuses a chain of more than {@link #maxCertificateChainLength} certificates: illegal_parameter. */
    public void checkCertificateChain(int certificates) throws TlsException {
        if (certificates > maxCertificateChainLength) {
            throw TlsException.illegalParameter("certificate chain of " + certificates
                    + " certificates exceeds Limits.maxCertificateChainLength (" + maxCertificateChainLength + ")");
        }
    }

    @Override
    public String toString() {
        return "Limits[maxHandshakeMessage=" + maxHandshakeMessage + ", maxCertificateChainBytes="
                + maxCertificateChainBytes + ", maxCertificateChainLength=" + maxCertificateChainLength
                + ", maxExtensions=" + maxExtensions + ", maxKeyShares=" + maxKeyShares + ", maxEmptyRecords="
                + maxEmptyRecords + ", maxWarningAlerts=" + maxWarningAlerts + ", maxKeyUpdates=" + maxKeyUpdates
                + ", maxPostHandshakeMessages=" + maxPostHandshakeMessages + "]";
    }

    /** Starts from the defaults; each setter takes a positive value (sizes at least 1 KiB). */
    public static final class Builder {
        private int maxHandshakeMessage = 1 << 16;
        private int maxCertificateChainBytes = 1 << 17;
        private int maxCertificateChainLength = 10;
        private int maxExtensions = 64;
        private int maxKeyShares = 8;
        private int maxEmptyRecords = 32;
        private int maxWarningAlerts = 32;
        private int maxKeyUpdates = 32;
        private int maxPostHandshakeMessages = 64;

        private Builder() {
        }

        /** Largest handshake message body other than Certificate, 1 KiB .. 16 MiB - 1 (default 64 KiB). */
        public Builder maxHandshakeMessage(int bytes) {
            maxHandshakeMessage = size(bytes, "maxHandshakeMessage");
            return this;
        }

        /** Largest Certificate message body, 1 KiB .. 16 MiB - 1 (default 128 KiB). */
        public Builder maxCertificateChainBytes(int bytes) {
            maxCertificateChainBytes = size(bytes, "maxCertificateChainBytes");
            return this;
        }

        /** Most certificates in one Certificate message (default 10). */
        public Builder maxCertificateChainLength(int count) {
            maxCertificateChainLength = positive(count, "maxCertificateChainLength");
            return this;
        }

        /** Most extensions in one extension block (default 64). */
        public Builder maxExtensions(int count) {
            maxExtensions = positive(count, "maxExtensions");
            return this;
        }

        /** Most key shares in a ClientHello (default 8). */
        public Builder maxKeyShares(int count) {
            maxKeyShares = positive(count, "maxKeyShares");
            return this;
        }

        /** Most empty application data records in a row (default 32). */
        public Builder maxEmptyRecords(int count) {
            maxEmptyRecords = positive(count, "maxEmptyRecords");
            return this;
        }

        /** Most warning alerts without application data in between (default 32). */
        public Builder maxWarningAlerts(int count) {
            maxWarningAlerts = positive(count, "maxWarningAlerts");
            return this;
        }

        /** Most KeyUpdates received without application data in between (default 32). */
        public Builder maxKeyUpdates(int count) {
            maxKeyUpdates = positive(count, "maxKeyUpdates");
            return this;
        }

        /** Most post-handshake messages received without application data in between (default 64). */
        public Builder maxPostHandshakeMessages(int count) {
            maxPostHandshakeMessages = positive(count, "maxPostHandshakeMessages");
            return this;
        }

        public Limits build() {
            return new Limits(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }

        private static int size(int value, String name) {
            // RFC 8446, 4: a handshake message length is a uint24
            if (value < 1024 || value > (1 << 24) - 1) {
                throw new IllegalArgumentException(name + " must be 1024 .. 16777215 bytes: " + value);
            }
            return value;
        }
    }
}
