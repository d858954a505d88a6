package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** The key fields of a handshake message in one line, for traces. Never includes secrets. */
public final class MessageSummary {
    private MessageSummary() {
    }

    /** As {@link #describe(HandshakeMessage, boolean)} for a TLS 1.3 handshake. */
    public static String describe(HandshakeMessage m) {
        return describe(m, false);
    }

    /**
     * Summarises a message of a TLS 1.2 ({@code tls12}) or TLS 1.3 handshake. The version matters for Certificate and
     * CertificateRequest, whose type codes are shared but whose bodies differ (RFC 5246, 7.4.2 and 7.4.4).
     */
    public static String describe(HandshakeMessage m, boolean tls12) {
        try {
            if (tls12 && m.type() == HandshakeType.CERTIFICATE) {
                return certificate(Tls12Certificate.decode(m).certificates());
            }
            if (tls12 && m.type() == HandshakeType.NEW_SESSION_TICKET) {
                Tls12NewSessionTicket t = Tls12NewSessionTicket.decode(m);
                return "lifetime_hint=" + t.lifetimeHint() + "s ticket=" + t.ticket().length + " bytes";
            }
            if (tls12 && m.type() == HandshakeType.CERTIFICATE_REQUEST) {
                return tls12CertificateRequest(Tls12CertificateRequest.decode(m));
            }
            return switch (m.type()) {
                case CLIENT_HELLO -> clientHello(ClientHello.decode(m));
                case SERVER_HELLO -> serverHello(ServerHello.decode(m));
                case ENCRYPTED_EXTENSIONS -> encryptedExtensions(EncryptedExtensions.decode(m));
                case CERTIFICATE -> certificate(CertificateMessage.decode(m).entries().stream()
                        .map(CertificateMessage.Entry::certData).collect(Collectors.toList()));
                case CERTIFICATE_VERIFY -> "scheme=" + scheme(CertificateVerify.decode(m).algorithm());
                case FINISHED -> "verify_data=" + m.body().length + " bytes";
                case KEY_UPDATE -> KeyUpdate.decode(m).updateRequested() ? "update_requested" : "update_not_requested";
                case NEW_SESSION_TICKET -> "lifetime=" + NewSessionTicket.decode(m).ticketLifetime() + "s";
                case CERTIFICATE_REQUEST -> "extensions=" + CertificateRequest.decode(m).extensions();
                case SERVER_KEY_EXCHANGE -> serverKeyExchange(ServerKeyExchange.decode(m));
                // the form (ECDHE point or RSA-encrypted secret) depends on the suite: only the length is shown
                case CLIENT_KEY_EXCHANGE -> "length=" + m.body().length + " bytes";
                case HELLO_REQUEST -> {
                    HelloRequest.decode(m);
                    yield "";
                }
                case SERVER_HELLO_DONE -> {
                    ServerHelloDone.decode(m);
                    yield "";
                }
                default -> "";
            };
        } catch (TlsException | RuntimeException e) {
            return "malformed: " + e.getMessage();
        }
    }

    private static String clientHello(ClientHello ch) throws TlsException {
        StringBuilder sb = new StringBuilder();
        sb.append("suites=").append(names(ch.cipherSuites(), MessageSummary::suite));
        Extension e = ch.extension(ExtensionType.SUPPORTED_VERSIONS);
        if (e != null) {
            sb.append(" versions=").append(names(Extensions.decodeClientSupportedVersions(e), MessageSummary::version));
        }
        e = ch.extension(ExtensionType.SUPPORTED_GROUPS);
        if (e != null) {
            sb.append(" groups=").append(names(Extensions.decodeU16List(e), MessageSummary::group));
        }
        e = ch.extension(ExtensionType.KEY_SHARE);
        if (e != null) {
            sb.append(" key_share=").append(Extensions.decodeClientKeyShares(e).stream()
                    .map(k -> group(k.group())).collect(Collectors.toList()));
        }
        e = ch.extension(ExtensionType.SIGNATURE_ALGORITHMS);
        if (e != null) {
            sb.append(" sig_algs=").append(names(Extensions.decodeU16List(e), MessageSummary::scheme));
        }
        e = ch.extension(ExtensionType.SERVER_NAME);
        if (e != null) {
            sb.append(" sni=").append(Extensions.decodeServerName(e));
        }
        e = ch.extension(ExtensionType.ALPN);
        if (e != null) {
            sb.append(" alpn=").append(Extensions.decodeAlpn(e));
        }
        if (ch.extension(ExtensionType.COOKIE) != null) {
            sb.append(" cookie");
        }
        return sb.toString();
    }

    private static String serverHello(ServerHello sh) throws TlsException {
        StringBuilder sb = new StringBuilder(sh.isHelloRetryRequest() ? "HelloRetryRequest " : "");
        sb.append("suite=").append(suite(sh.cipherSuite()));
        Extension e = sh.extension(ExtensionType.SUPPORTED_VERSIONS);
        if (e != null) {
            sb.append(" version=").append(version(Extensions.decodeServerSupportedVersion(e)));
        }
        e = sh.extension(ExtensionType.KEY_SHARE);
        if (e != null) {
            int g = sh.isHelloRetryRequest() ? Extensions.decodeHelloRetryKeyShare(e)
                    : Extensions.decodeServerKeyShare(e).group();
            sb.append(sh.isHelloRetryRequest() ? " asks for key_share=" : " key_share=").append(group(g));
        }
        return sb.toString();
    }

    private static String encryptedExtensions(EncryptedExtensions ee) throws TlsException {
        Extension alpn = ee.extension(ExtensionType.ALPN);
        return "extensions=" + ee.extensions() + (alpn == null ? "" : " alpn=" + Extensions.decodeAlpn(alpn));
    }

    private static String serverKeyExchange(ServerKeyExchange ske) {
        return "group=" + group(ske.namedGroup()) + " scheme=" + scheme(ske.signatureScheme());
    }

    private static String tls12CertificateRequest(Tls12CertificateRequest cr) {
        return "types=" + cr.certificateTypes() + " sig_algs=" + names(cr.signatureAlgorithms(), MessageSummary::scheme)
                + " authorities=" + cr.certificateAuthorities().size();
    }

    private static String certificate(List<byte[]> chain) {
        if (chain.isEmpty()) {
            return "no certificates";
        }
        String leaf;
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(chain.get(0)));
            leaf = "subject=" + c.getSubjectX500Principal().getName() + " key=" + c.getPublicKey().getAlgorithm();
        } catch (Exception e) {
            leaf = "unparsable leaf";
        }
        return chain.size() + " certificate(s), " + leaf;
    }

    private static String names(List<Integer> ids, IntFunction<String> namer) {
        return ids.stream().map(namer::apply).collect(Collectors.joining(", ", "[", "]"));
    }

    static String suite(int id) {
        CipherSuite s = CipherSuite.fromId(id);
        return s != null ? s.name() : String.format("0x%04x", id);
    }

    static String group(int id) {
        NamedGroup g = NamedGroup.fromId(id);
        return g != null ? g.rfcName() : String.format("0x%04x", id);
    }

    static String scheme(int id) {
        SignatureScheme s = SignatureScheme.fromId(id);
        return s != null ? s.rfcName() : String.format("0x%04x", id);
    }

    static String version(int v) {
        return switch (v) {
            case 0x0304 -> "TLSv1.3";
            case 0x0303 -> "TLSv1.2";
            case 0x0302 -> "TLSv1.1";
            case 0x0301 -> "TLSv1.0";
            default -> String.format("0x%04x", v);
        };
    }
}
