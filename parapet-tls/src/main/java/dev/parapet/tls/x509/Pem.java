package dev.parapet.tls.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes PEM (RFC 7468) certificates and private keys.
 *
 * <p>Text outside {@code -----BEGIN/END-----} blocks (such as OpenSSL's "Bag Attributes") is ignored. Content
 * errors are {@link IllegalArgumentException}s with a one-line reason; the {@link Path} variants prefix it with
 * the file name and throw {@link IOException} when the file cannot be read.
 */
public final class Pem {
    static final String ENCRYPTED_KEY_MESSAGE =
            "encrypted private keys are not supported; decrypt with openssl pkey first";

    private static final String OID_RSA = "1.2.840.113549.1.1.1";
    private static final String OID_EC = "1.2.840.10045.2.1";
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            OID_RSA, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            OID_EC, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448");

    private Pem() {
    }

    /** One decoded block: its label, its RFC 1421 headers (if any) and its bytes. */
    record Block(String label, List<String> headers, byte[] der) {
    }

    // ---- Certificates ----

    /** Every CERTIFICATE block, in order. Fails when there is none. */
    public static List<X509Certificate> readCertificates(String pemText) {
        List<X509Certificate> out = new ArrayList<>();
        for (Block block : blocks(pemText)) {
            if (block.label().equals("CERTIFICATE") || block.label().equals("X509 CERTIFICATE")) {
                out.add(parseCertificate(block.der(), out.size() + 1));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block found in the PEM input");
        }
        return List.copyOf(out);
    }

    public static List<X509Certificate> readCertificates(Path path) throws IOException {
        String text = read(path);
        try {
            return readCertificates(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate parseCertificate(byte[] der, int index) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate #" + index + " is malformed: " + oneLine(e), e);
        }
    }

    // ---- Private keys ----

    /** The private key in the input: PKCS#8, SEC1 (EC PRIVATE KEY) or PKCS#1 (RSA PRIVATE KEY). */
    public static PrivateKey readPrivateKey(String pemText) {
        Block key = null;
        for (Block block : blocks(pemText)) {
            if (block.label().equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(ENCRYPTED_KEY_MESSAGE);
            }
            if (block.label().endsWith("PRIVATE KEY")) {
                if (key != null) {
                    throw new IllegalArgumentException("more than one private key in the PEM input");
                }
                key = block;
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("no PRIVATE KEY block found in the PEM input");
        }
        // RFC 1421, 4.6.1.1: legacy OpenSSL encryption is announced by "Proc-Type: 4,ENCRYPTED".
        for (String header : key.headers()) {
            if (header.toUpperCase(java.util.Locale.ROOT).startsWith("PROC-TYPE:") && header.contains("ENCRYPTED")) {
                throw new IllegalArgumentException(ENCRYPTED_KEY_MESSAGE);
            }
        }
        switch (key.label()) {
            case "PRIVATE KEY":
                return fromPkcs8(key.der());
            case "EC PRIVATE KEY":
                return fromSec1(key.der());
            case "RSA PRIVATE KEY":
                return fromPkcs1(key.der());
            default:
                throw new IllegalArgumentException("unsupported key block \"" + key.label() + "\"");
        }
    }

    public static PrivateKey readPrivateKey(Path path) throws IOException {
        String text = read(path);
        try {
            return readPrivateKey(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    // RFC 5208, 5: PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, privateKey, ... }
    static PrivateKey fromPkcs8(byte[] der) {
        String oid;
        try {
            Der.Reader info = Der.parse(der).contents();
            int version = info.readSmallInteger();
            if (version != 0 && version != 1) {
                throw new IllegalArgumentException("unsupported PKCS#8 version " + version);
            }
            oid = info.readSequence().readOid();
        } catch (Der.DerException e) {
            throw new IllegalArgumentException("malformed PKCS#8 private key: " + e.getMessage(), e);
        }
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported private key algorithm " + oid);
        }
        return generate(algorithm, der);
    }

    private static PrivateKey generate(String algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(algorithm + " keys are not supported by this JDK", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("malformed " + algorithm + " private key: " + oneLine(e), e);
        }
    }

    // RFC 5915, 3: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING,
    //              parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
    static PrivateKey fromSec1(byte[] der) {
        BigInteger s;
        String curve = null;
        try {
            Der.Reader key = Der.parse(der).contents();
            if (key.readSmallInteger() != 1) {
                throw new IllegalArgumentException("unsupported EC private key version");
            }
            s = new BigInteger(1, key.readOctetString());
            Der.Element params = key.readOptional(Der.contextTag(0, true));
            if (params != null) {
                Der.Reader inner = params.contents();
                if (inner.peekTag() == Der.OID) {
                    curve = inner.readOid();
                }
            }
        } catch (Der.DerException e) {
            throw new IllegalArgumentException("malformed EC private key: " + e.getMessage(), e);
        }
        if (curve == null) {
            throw new IllegalArgumentException("EC private key without a named curve is not supported");
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unsupported EC curve " + curve + ": " + oneLine(e), e);
        }
    }

    // RFC 8017, A.1.2: RSAPrivateKey; wrapped as PKCS#8 with the rsaEncryption AlgorithmIdentifier (NULL params).
    static PrivateKey fromPkcs1(byte[] der) {
        try {
            Der.parse(der).contents().readSmallInteger();
        } catch (Der.DerException e) {
            throw new IllegalArgumentException("malformed RSA private key: " + e.getMessage(), e);
        }
        byte[] pkcs8 = Der.sequence(Der.integer(0), Der.sequence(Der.oid(OID_RSA), Der.nullValue()),
                Der.octetString(der));
        return generate("RSA", pkcs8);
    }

    // ---- Writing ----

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("cannot encode certificate: " + oneLine(e), e);
        }
    }

    /** PKCS#8 "PRIVATE KEY" (unencrypted: protect the file). */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("private key has no PKCS#8 encoding (format " + key.getFormat() + ")");
        }
        return encode("PRIVATE KEY", key.getEncoded());
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    // ---- Parsing blocks (RFC 7468, 2 and 3) ----

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String label = boundary(lines[i], "-----BEGIN ");
            if (label == null) {
                continue;
            }
            List<String> headers = new ArrayList<>();
            StringBuilder base64 = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length; j++) {
                String line = lines[j].strip();
                String end = boundary(line, "-----END ");
                if (end != null) {
                    if (!end.equals(label)) {
                        throw new IllegalArgumentException("malformed PEM: \"" + label + "\" block ends with \"END "
                                + end + "\"");
                    }
                    break;
                }
                if (line.contains(":") && base64.length() == 0) {
                    headers.add(line);
                } else {
                    base64.append(line);
                }
            }
            if (j == lines.length) {
                throw new IllegalArgumentException("malformed PEM: \"" + label + "\" block has no END line");
            }
            out.add(new Block(label, List.copyOf(headers), decodeBase64(label, base64.toString())));
            i = j;
        }
        return out;
    }

    private static String boundary(String line, String prefix) {
        String s = line.strip();
        if (s.startsWith(prefix) && s.endsWith("-----") && s.length() >= prefix.length() + 5) {
            String label = s.substring(prefix.length(), s.length() - 5);
            return label.matches("[A-Z0-9 ]*") ? label : null; // RFC 7468, 3: labels are printable, no hyphens
        }
        return null;
    }

    private static byte[] decodeBase64(String label, String base64) {
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            if (der.length == 0) {
                throw new IllegalArgumentException("malformed PEM: \"" + label + "\" block is empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("malformed PEM")) {
                throw e;
            }
            throw new IllegalArgumentException("malformed PEM: invalid base64 in \"" + label + "\" block", e);
        }
    }

    private static String read(Path path) throws IOException {
        return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    }

    static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
