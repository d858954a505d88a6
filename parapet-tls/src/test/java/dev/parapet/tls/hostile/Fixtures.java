package dev.parapet.tls.hostile;

import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;

/** One test PKI for the hostile tests: an ECDSA P-256 root and a leaf for server.test. */
final class Fixtures {
    static final String NAME = ScriptedClient.SERVER_NAME;
    static final TestPki PKI = TestPki.create(KeyType.ECDSA_P256);
    static final CertifiedKey LEAF = PKI.issue(KeyType.ECDSA_P256, NAME);

    private Fixtures() {
    }

    static TlsClientConfig.Builder clientConfig() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(PKI.trustAnchors()));
    }

    static TlsServerConfig serverConfig() {
        return TlsServerConfig.builder().certificate(LEAF).build();
    }

    /** A scripted server facing a default Parapet client, ClientHello read. */
    static ScriptedServer scriptedServer() {
        return ScriptedServer.start(clientConfig().build(), NAME, LEAF);
    }

    /** A scripted server that has sent its ServerHello; the client expects EncryptedExtensions. */
    static ScriptedServer afterServerHello() throws TlsException {
        ScriptedServer s = scriptedServer();
        s.sendServerHello();
        return s;
    }

    static ScriptedClient scriptedClient() {
        return ScriptedClient.start(serverConfig());
    }
}
