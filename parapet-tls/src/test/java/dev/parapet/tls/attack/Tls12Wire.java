package dev.parapet.tls.attack;

import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent, test-only TLS 1.2 toolkit for the attack tests: the PRF and key block (RFC 5246, 5 and 6.3;
 * RFC 7627), record framing, and record protection for AES-GCM (RFC 5288) and AES-CBC with HMAC, both
 * MAC-then-encrypt (RFC 5246, 6.2.3.2) and encrypt-then-MAC (RFC 7366), with hooks to build records no honest
 * peer would. Written from the RFCs, not from Parapet's code, so that it checks the engine rather than mirrors it.
 */
final class Tls12Wire {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final SecureRandom RANDOM = new SecureRandom();

    private Tls12Wire() {
    }

    // ---------------------------------------------------------------- framing

    record Wire(int type, byte[] fragment) {
        byte[] bytes() {
            return record(type, fragment);
        }
    }

    static byte[] record(int type, byte[] fragment) {
        return ByteBuffer.allocate(5 + fragment.length).put((byte) type).putShort((short) 0x0303)
                .putShort((short) fragment.length).put(fragment).array();
    }

    static List<Wire> records(byte[] wire) {
        List<Wire> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(wire);
        while (in.remaining() >= 5) {
            int type = in.get() & 0xff;
            in.getShort();
            byte[] f = new byte[in.getShort() & 0xffff];
            in.get(f);
            out.add(new Wire(type, f));
        }
        if (in.hasRemaining()) {
            throw new AssertionError("a partial record on the wire");
        }
        return out;
    }

    /** The handshake messages (type, 3-byte length, body) in plaintext handshake records, split apart. */
    static List<byte[]> handshakeMessages(List<Wire> records) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Wire w : records) {
            if (w.type() == HANDSHAKE) {
                all.writeBytes(w.fragment());
            }
        }
        ByteBuffer in = ByteBuffer.wrap(all.toByteArray());
        List<byte[]> out = new ArrayList<>();
        while (in.remaining() >= 4) {
            int len = ((in.get(in.position() + 1) & 0xff) << 16) | ((in.get(in.position() + 2) & 0xff) << 8)
                    | (in.get(in.position() + 3) & 0xff);
            if (in.remaining() < 4 + len) {
                break; // a message continued in a later record
            }
            byte[] m = new byte[4 + len];
            in.get(m);
            out.add(m);
        }
        return out;
    }

    static byte[] handshake(int type, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).put((byte) type).put((byte) (body.length >>> 16))
                .putShort((short) body.length).put(body).array();
    }

    /** Does the ServerHello (a whole handshake message) carry this extension? */
    static boolean serverHelloHas(byte[] serverHello, int extensionType) {
        ByteBuffer b = ByteBuffer.wrap(serverHello, 4, serverHello.length - 4);
        b.position(b.position() + 2 + 32);
        int sessionIdLength = b.get() & 0xff; // read first: b.position() + b.get() would use the old position
        b.position(b.position() + sessionIdLength + 2 + 1);
        if (!b.hasRemaining()) {
            return false;
        }
        int extensionsLength = b.getShort() & 0xffff;
        int end = b.position() + extensionsLength;
        while (b.position() < end) {
            int t = b.getShort() & 0xffff;
            int l = b.getShort() & 0xffff;
            if (t == extensionType) {
                return true;
            }
            b.position(b.position() + l);
        }
        return false;
    }

    static byte[] serverRandom(byte[] serverHello) {
        return Arrays.copyOfRange(serverHello, 6, 38);
    }

    static byte[] clientRandom(byte[] clientHello) {
        return Arrays.copyOfRange(clientHello, 6, 38);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- talking to one Parapet connection

    /** Delivers wire bytes to a Parapet connection; returns its failure, or null. */
    static TlsException deliver(TlsConnection c, byte[] wire) {
        ByteBuffer in = ByteBuffer.wrap(wire);
        try {
            while (in.hasRemaining()) {
                int before = in.remaining();
                c.receiveFromNetwork(in);
                if (in.remaining() == before) {
                    break;
                }
            }
            return null;
        } catch (TlsException e) {
            return e;
        }
    }

    /** Everything the connection has queued for the network. */
    static byte[] drain(TlsConnection c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 17);
        while (c.sendToNetwork(chunk) > 0) {
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- PRF (RFC 5246, 5)

    static byte[] prf(CipherSuite suite, byte[] secret, String label, byte[] seed, int length) {
        try {
            String alg = suite.hashAlgorithm().equals("SHA-384") ? "HmacSHA384" : "HmacSHA256";
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, alg));
            byte[] fullSeed = concat(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] a = fullSeed;
            while (out.size() < length) {
                a = mac.doFinal(a);
                mac.update(a);
                out.writeBytes(mac.doFinal(fullSeed));
            }
            return Arrays.copyOf(out.toByteArray(), length);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hash(CipherSuite suite, byte[] data) {
        try {
            return MessageDigest.getInstance(suite.hashAlgorithm()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** RFC 5246, 8.1, or RFC 7627, 4 when {@code sessionHashInput} (the handshake through ClientKeyExchange) is given. */
    static byte[] masterSecret(CipherSuite suite, byte[] pms, byte[] clientRandom, byte[] serverRandom,
                               byte[] sessionHashInput) {
        return sessionHashInput != null
                ? prf(suite, pms, "extended master secret", hash(suite, sessionHashInput), 48)
                : prf(suite, pms, "master secret", concat(clientRandom, serverRandom), 48);
    }

    static byte[] verifyData(CipherSuite suite, byte[] master, boolean client, byte[] handshakeMessages) {
        return prf(suite, master, client ? "client finished" : "server finished", hash(suite, handshakeMessages), 12);
    }

    /** The key block, cut up (RFC 5246, 6.3). */
    record KeyBlock(byte[] clientMac, byte[] serverMac, byte[] clientKey, byte[] serverKey, byte[] clientIv,
                    byte[] serverIv) {
    }

    static KeyBlock keyBlock(CipherSuite suite, byte[] master, byte[] clientRandom, byte[] serverRandom) {
        int mac = suite.macLength();
        int key = suite.cipher().keyLength();
        int iv = suite.cipher().fixedIvLength();
        byte[] kb = prf(suite, master, "key expansion", concat(serverRandom, clientRandom), 2 * (mac + key + iv));
        ByteBuffer b = ByteBuffer.wrap(kb);
        byte[][] parts = new byte[6][];
        int[] sizes = {mac, mac, key, key, iv, iv};
        for (int i = 0; i < 6; i++) {
            parts[i] = new byte[sizes[i]];
            b.get(parts[i]);
        }
        return new KeyBlock(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    // ---------------------------------------------------------------- record protection, one direction

    /** How a CBC record is to be built wrong (for the padding-oracle tests). */
    enum CbcTamper {
        NONE, BAD_PADDING_BYTES, PADDING_LENGTH_TOO_LONG, BAD_MAC
    }

    static final class Protection {
        final CipherSuite suite;
        final byte[] key;
        final byte[] macKey;
        final byte[] fixedIv;
        final boolean etm;
        long seq;

        Protection(CipherSuite suite, KeyBlock kb, boolean client, boolean etm) {
            this.suite = suite;
            this.key = client ? kb.clientKey() : kb.serverKey();
            this.macKey = client ? kb.clientMac() : kb.serverMac();
            this.fixedIv = client ? kb.clientIv() : kb.serverIv();
            this.etm = etm;
        }

        byte[] seal(int type, byte[] content) {
            return seal(type, content, CbcTamper.NONE);
        }

        byte[] seal(int type, byte[] content, CbcTamper tamper) {
            try {
                byte[] fragment = suite.cipher().isAead() ? sealGcm(type, content) : sealCbc(type, content, tamper);
                seq++;
                return record(type, fragment);
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        private byte[] header(int type, int length) {
            return ByteBuffer.allocate(13).putLong(seq).put((byte) type).putShort((short) 0x0303)
                    .putShort((short) length).array();
        }

        private byte[] sealGcm(int type, byte[] content) throws GeneralSecurityException {
            if (!suite.cipher().transformation().startsWith("AES/GCM")) {
                throw new AssertionError("only AES-GCM among the AEADs here: " + suite);
            }
            byte[] explicit = ByteBuffer.allocate(8).putLong(seq).array();
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, concat(fixedIv, explicit)));
            c.updateAAD(header(type, content.length));
            return concat(explicit, c.doFinal(content));
        }

        byte[] openGcm(Wire w) throws GeneralSecurityException {
            byte[] f = w.fragment();
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, concat(fixedIv, Arrays.copyOf(f, 8))));
            c.updateAAD(header(w.type(), f.length - 8 - 16));
            byte[] out = c.doFinal(f, 8, f.length - 8);
            seq++;
            return out;
        }

        private byte[] hmac(byte[]... parts) throws GeneralSecurityException {
            Mac m = Mac.getInstance(suite.macAlgorithm());
            m.init(new SecretKeySpec(macKey, suite.macAlgorithm()));
            for (byte[] p : parts) {
                m.update(p);
            }
            return m.doFinal();
        }

        private byte[] sealCbc(int type, byte[] content, CbcTamper tamper) throws GeneralSecurityException {
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            if (!etm) {
                byte[] mac = hmac(header(type, content.length), content);
                if (tamper == CbcTamper.BAD_MAC) {
                    mac[0] ^= 1;
                }
                byte[] plain = pad(concat(content, mac), tamper);
                return concat(iv, c.doFinal(plain));
            }
            byte[] ct = concat(iv, c.doFinal(pad(content, tamper)));
            byte[] mac = hmac(header(type, ct.length), ct);
            if (tamper == CbcTamper.BAD_MAC) {
                mac[0] ^= 1;
            }
            return concat(ct, mac);
        }

        /** RFC 5246, 6.2.3.2 padding: padding_length+1 bytes each of value padding_length; or spoilt. */
        private static byte[] pad(byte[] data, CbcTamper tamper) {
            int padLength = 15 - data.length % 16 + 16; // one extra block, so that spoiling it is visible
            byte[] out = Arrays.copyOf(data, data.length + padLength + 1);
            Arrays.fill(out, data.length, out.length, (byte) padLength);
            if (tamper == CbcTamper.BAD_PADDING_BYTES) {
                out[data.length] ^= 0x5a; // the first padding byte is wrong; the length byte is right
            } else if (tamper == CbcTamper.PADDING_LENGTH_TOO_LONG) {
                out[out.length - 1] = (byte) 0xff; // claims more padding than the record holds
            }
            return out;
        }
    }
}
