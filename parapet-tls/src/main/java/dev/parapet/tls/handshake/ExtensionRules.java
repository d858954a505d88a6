package dev.parapet.tls.handshake;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.util.List;
import java.util.Set;

/** RFC 8446, 4.2: which extensions may answer which, and where. */
public final class ExtensionRules {
    private ExtensionRules() {
    }

    /**
     * Checks the extensions of a message answering ours: each must answer one we sent ({@code unsupported_extension}
     * otherwise) and be allowed in this message ({@code illegal_parameter} otherwise).
     */
    public static void checkResponse(List<Extension> received, Set<Integer> offered, Set<Integer> allowedHere,
                                     String message) throws TlsException {
        for (Extension e : received) {
            if (!offered.contains(e.type())) {
                throw new TlsException(AlertDescription.UNSUPPORTED_EXTENSION,
                        message + " carries " + ExtensionType.name(e.type()) + ", which we did not offer");
            }
            if (!allowedHere.contains(e.type())) {
                throw TlsException.illegalParameter(ExtensionType.name(e.type()) + " is not allowed in " + message);
            }
        }
    }

    /** Extensions allowed in a ServerHello (RFC 8446, 4.2 table). */
    public static final Set<Integer> SERVER_HELLO = Set.of(ExtensionType.KEY_SHARE,
            ExtensionType.SUPPORTED_VERSIONS, ExtensionType.PRE_SHARED_KEY);

    /** Extensions allowed in a HelloRetryRequest. */
    public static final Set<Integer> HELLO_RETRY_REQUEST = Set.of(ExtensionType.KEY_SHARE,
            ExtensionType.SUPPORTED_VERSIONS, ExtensionType.COOKIE);

    /** Extensions allowed in EncryptedExtensions. */
    public static final Set<Integer> ENCRYPTED_EXTENSIONS = Set.of(ExtensionType.SERVER_NAME,
            ExtensionType.SUPPORTED_GROUPS, ExtensionType.ALPN, ExtensionType.EARLY_DATA, 1 /* max_fragment_length */,
            28 /* record_size_limit */, 14 /* use_srtp */, 15 /* heartbeat */, 19, 20 /* cert types */);
}
