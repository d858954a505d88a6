package dev.parapet.tls.keyschedule;

import static dev.parapet.tls.crypto.CryptoTestSupport.concat;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.Aead;
import dev.parapet.tls.crypto.JcaAead;
import dev.parapet.tls.crypto.CipherSuite;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The key schedule against RFC 8448 (TLS_AES_128_GCM_SHA256): section 3, simple 1-RTT, and section 5, HRR. */
class KeyScheduleTest {

    // ---- RFC 8448, 3: Simple 1-RTT Handshake ----

    static final byte[] S3_CLIENT_HELLO = hex("""
            01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef
            62 83 02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76
            65 72 ff 01 00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00
            23 00 00 00 33 00 26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e
            51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03
            02 03 08 04 08 05 08 06 04 01 05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c
            00 02 40 01""");
    static final byte[] S3_SERVER_HELLO = hex("""
            02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55
            77 2e d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db
            f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04""");
    static final byte[] S3_ENCRYPTED_EXTENSIONS = hex("""
            08 00 00 24 00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 1c
            00 02 40 01 00 00 00 00""");
    /** The server's Certificate message; RFC 8448 sections 3 and 5 use the same one. */
    static final byte[] CERTIFICATE = hex("""
            0b 00 01 b9 00 00 01 b5 00 01 b0 30 82 01 ac 30 82 01 15 a0 03 02 01 02 02 01 02 30 0d 06 09 2a
            86 48 86 f7 0d 01 01 0b 05 00 30 0e 31 0c 30 0a 06 03 55 04 03 13 03 72 73 61 30 1e 17 0d 31 36
            30 37 33 30 30 31 32 33 35 39 5a 17 0d 32 36 30 37 33 30 30 31 32 33 35 39 5a 30 0e 31 0c 30 0a
            06 03 55 04 03 13 03 72 73 61 30 81 9f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 81 8d 00
            30 81 89 02 81 81 00 b4 bb 49 8f 82 79 30 3d 98 08 36 39 9b 36 c6 98 8c 0c 68 de 55 e1 bd b8 26
            d3 90 1a 24 61 ea fd 2d e4 9a 91 d0 15 ab bc 9a 95 13 7a ce 6c 1a f1 9e aa 6a f9 8c 7c ed 43 12
            09 98 e1 87 a8 0e e0 cc b0 52 4b 1b 01 8c 3e 0b 63 26 4d 44 9a 6d 38 e2 2a 5f da 43 08 46 74 80
            30 53 0e f0 46 1c 8c a9 d9 ef bf ae 8e a6 d1 d0 3e 2b d1 93 ef f0 ab 9a 80 02 c4 74 28 a6 d3 5a
            8d 88 d7 9f 7f 1e 3f 02 03 01 00 01 a3 1a 30 18 30 09 06 03 55 1d 13 04 02 30 00 30 0b 06 03 55
            1d 0f 04 04 03 02 05 a0 30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00 03 81 81 00 85 aa d2 a0 e5
            b9 27 6b 90 8c 65 f7 3a 72 67 17 06 18 a5 4c 5f 8a 7b 33 7d 2d f7 a5 94 36 54 17 f2 ea e8 f8 a5
            8c 8f 81 72 f9 31 9c f3 6b 7f d6 c5 5b 80 f2 1a 03 01 51 56 72 60 96 fd 33 5e 5e 67 f2 db f1 02
            70 2e 60 8c ca e6 be c1 fc 63 a4 2a 99 be 5c 3e b7 10 7c 3c 54 e9 b9 eb 2b d5 20 3b 1c 3b 84 e0
            a8 b2 f7 59 40 9b a3 ea c9 d9 1d 40 2d cc 0c c8 f8 96 12 29 ac 91 87 b4 2b 4d e1 00 00""");
    static final byte[] S3_CERTIFICATE_VERIFY = hex("""
            0f 00 00 84 08 04 00 80 5a 74 7c 5d 88 fa 9b d2 e5 5a b0 85 a6 10 15 b7 21 1f 82 4c d4 84 14 5a
            b3 ff 52 f1 fd a8 47 7b 0b 7a bc 90 db 78 e2 d3 3a 5c 14 1a 07 86 53 fa 6b ef 78 0c 5e a2 48 ee
            aa a7 85 c4 f3 94 ca b6 d3 0b be 8d 48 59 ee 51 1f 60 29 57 b1 54 11 ac 02 76 71 45 9e 46 44 5c
            9e a5 8c 18 1e 81 8e 95 b8 c3 fb 0b f3 27 84 09 d3 be 15 2a 3d a5 04 3e 06 3d da 65 cd f5 ae a2
            0d 53 df ac d4 2f 74 f3""");
    static final byte[] S3_SERVER_FINISHED = hex("""
            14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54
            b7 8f 07 18""");
    static final byte[] S3_CLIENT_FINISHED = hex("""
            14 00 00 20 a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2
            ed d5 ce 61""");
    /** {client} send handshake record: the client Finished, protected (58 octets). */
    static final byte[] S3_CLIENT_FINISHED_RECORD = hex("""
            17 03 03 00 35 75 ec 4d c2 38 cc e6 0b 29 80 44 a7 1e 21 9c 56 cc 77 b0 51 7f e9 b9 3c 7a 4b fc
            44 d8 7f 38 f8 03 38 ac 98 fc 46 de b3 84 bd 1c ae ac ab 68 67 d7 26 c4 05 46""");
    /** {client} send application_data record (72 octets): payload 00 01 .. 31. */
    static final byte[] S3_CLIENT_APPLICATION_RECORD = hex("""
            17 03 03 00 43 a2 3f 70 54 b6 2c 94 d0 af fa fe 82 28 ba 55 cb ef ac ea 42 f9 14 aa 66 bc ab 3f
            2b 98 19 a8 a5 b4 6b 39 5b d5 4a 9a 20 44 1e 2b 62 97 4e 1f 5a 62 92 a2 97 70 14 bd 1e 3d ea e6
            3a ee bb 21 69 49 15 e4""");
    static final byte[] S3_ECDHE = hex("8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef d4 62 72 90 0f 89 49 2d");

    @Test
    void rfc8448Section3SimpleOneRtt() throws Exception {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals(32, ks.hkdf().hashLength());
        assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256, ks.suite());

        ks.deriveEarlySecret(null);
        ks.deriveHandshakeSecret(S3_ECDHE);

        byte[] chSh = sha256(S3_CLIENT_HELLO, S3_SERVER_HELLO);
        assertHex("86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8", chSh);
        byte[] cHs = ks.clientHandshakeTrafficSecret(chSh);
        byte[] sHs = ks.serverHandshakeTrafficSecret(chSh);
        assertHex("b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21", cHs);
        assertHex("b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38", sHs);

        TrafficKeys sHsKeys = ks.trafficKeys(sHs);
        assertHex("3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc", sHsKeys.key());
        assertHex("5d 31 3e b2 67 12 76 ee 13 00 0b 30", sHsKeys.iv());
        TrafficKeys cHsKeys = ks.trafficKeys(cHs);
        assertHex("db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01", cHsKeys.key());
        assertHex("5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f", cHsKeys.iv());

        // RFC 8448 logs the finished keys; RFC 8446, 4.4.4 derives them from the handshake traffic secrets.
        assertHex("00 8d 3b 66 f8 16 ea 55 9f 96 b5 37 e8 85 c3 1f c0 68 bf 49 2c 65 2f 01 f2 88 a1 d8 cd c1 9f c8",
                ks.hkdf().expandLabel(sHs, "finished", new byte[0], 32));
        assertHex("b8 0a d0 10 15 fb 2f 0b d6 5f f7 d4 da 5d 6b f8 3f 84 82 1d 1f 87 fd c7 d3 c7 5b 5a 7b 42 d9 c4",
                ks.hkdf().expandLabel(cHs, "finished", new byte[0], 32));

        // Server Finished: HMAC over the transcript through CertificateVerify.
        byte[] toCv = sha256(S3_CLIENT_HELLO, S3_SERVER_HELLO, S3_ENCRYPTED_EXTENSIONS, CERTIFICATE,
                S3_CERTIFICATE_VERIFY);
        byte[] serverVerifyData = body(S3_SERVER_FINISHED);
        assertArrayEquals(serverVerifyData, ks.finishedVerifyData(sHs, toCv));
        assertTrue(ks.verifyFinished(sHs, toCv, serverVerifyData));

        ks.deriveMasterSecret();
        byte[] toSf = sha256(S3_CLIENT_HELLO, S3_SERVER_HELLO, S3_ENCRYPTED_EXTENSIONS, CERTIFICATE,
                S3_CERTIFICATE_VERIFY, S3_SERVER_FINISHED);
        assertHex("96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41 7b 1a 00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13", toSf);
        byte[] cAp = ks.clientApplicationTrafficSecret(toSf);
        byte[] sAp = ks.serverApplicationTrafficSecret(toSf);
        assertHex("9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5", cAp);
        assertHex("a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43", sAp);
        assertHex("fe 22 f8 81 17 6e da 18 eb 8f 44 52 9e 67 92 c5 0c 9a 3f 89 45 2f 68 d8 ae 31 1b 43 09 d3 cf 50",
                ks.exporterMasterSecret(toSf));
        TrafficKeys sApKeys = ks.trafficKeys(sAp);
        assertHex("9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56", sApKeys.key());
        assertHex("cf 78 2b 88 dd 83 54 9a ad f1 e9 84", sApKeys.iv());
        TrafficKeys cApKeys = ks.trafficKeys(cAp);
        assertHex("17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51", cApKeys.key());
        assertHex("5b 78 92 3d ee 08 57 90 33 e5 23 d9", cApKeys.iv());

        // Client Finished: the transcript runs through the server Finished.
        byte[] clientVerifyData = body(S3_CLIENT_FINISHED);
        assertArrayEquals(clientVerifyData, ks.finishedVerifyData(cHs, toSf));
        assertTrue(ks.verifyFinished(cHs, toSf, clientVerifyData));

        byte[] toCf = sha256(S3_CLIENT_HELLO, S3_SERVER_HELLO, S3_ENCRYPTED_EXTENSIONS, CERTIFICATE,
                S3_CERTIFICATE_VERIFY, S3_SERVER_FINISHED, S3_CLIENT_FINISHED);
        assertHex("20 91 45 a9 6e e8 e2 a1 22 ff 81 00 47 cc 95 26 84 65 8d 60 49 e8 64 29 42 6d b8 7c 54 ad 14 3d", toCf);
        byte[] resumption = ks.resumptionMasterSecret(toCf);
        assertHex("7d f2 35 f2 03 1d 2a 05 12 87 d0 2b 02 41 b0 bf da f8 6c c8 56 23 1f 2d 5a ba 46 c4 34 ec 19 6c",
                resumption);
        // {server} generate resumption secret "tls13 resumption" with ticket_nonce 00 00 (RFC 8448, 3).
        assertHex("4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3",
                ks.resumptionPsk(resumption, hex("00 00")));

        // The derived keys open the RFC's protected records (sequence number 0, so the nonce is the IV).
        byte[] finishedInner = open(cHsKeys, S3_CLIENT_FINISHED_RECORD);
        assertArrayEquals(concat(S3_CLIENT_FINISHED, hex("16")), finishedInner);
        byte[] appInner = open(cApKeys, S3_CLIENT_APPLICATION_RECORD);
        byte[] payload = new byte[50];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        assertArrayEquals(concat(payload, hex("17")), appInner);
    }

    /** RFC 8448, 4: resumed 0-RTT handshake, early secret from the ticket's PSK. */
    @Test
    void earlySecretFromPsk() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256);
        ks.deriveEarlySecret(hex("4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3"));
        // The binder key differs from a no-PSK schedule's; the early secret itself is checked via the hkdf.
        assertHex("9b 21 88 e9 b2 fc 6d 64 d7 1d c3 29 90 0e 20 bb 41 91 50 00 f6 78 aa 83 9c bb 79 7c b7 d8 33 2c",
                new Hkdf("SHA-256").extract(null, hex("4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3")));
        assertEquals(32, ks.binderKey(false).length);
        assertFalse(Arrays.equals(ks.binderKey(false), ks.binderKey(true)));
    }

    // ---- RFC 8448, 5: HelloRetryRequest ----

    static final byte[] S5_CLIENT_HELLO_1 = hex("""
            01 00 00 b0 03 03 b0 b1 c5 a5 aa 37 c5 91 9f 2e d1 d5 c6 ff f7 fc b7 84 97 16 94 5a 2b 8c ee 92
            58 a3 46 67 7b 6f 00 00 06 13 01 13 03 13 02 01 00 00 81 00 00 00 0b 00 09 00 00 06 73 65 72 76
            65 72 ff 01 00 01 00 00 0a 00 08 00 06 00 1d 00 17 00 18 00 33 00 26 00 24 00 1d 00 20 e8 e8 e3
            f3 b9 3a 25 ed 97 a1 4a 7d ca cb 8a 27 2c 62 88 e5 85 c6 48 4d 05 26 2f ca d0 62 ad 1f 00 2b 00
            03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01 05 01 06 01 02 01
            04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01""");
    static final byte[] S5_HELLO_RETRY_REQUEST = hex("""
            02 00 00 ac 03 03 cf 21 ad 74 e5 9a 61 11 be 1d 8c 02 1e 65 b8 91 c2 a2 11 16 7a bb 8c 5e 07 9e
            09 e2 c8 a8 33 9c 00 13 01 00 00 84 00 33 00 02 00 17 00 2c 00 74 00 72 71 dc d0 4b b8 8b c3 18
            91 19 39 8a 00 00 00 00 ee fa fc 76 c1 46 b8 23 b0 96 f8 aa ca d3 65 dd 00 30 95 3f 4e df 62 56
            36 e5 f2 1b b2 e2 3f cc 65 4b 1b 5b 40 31 8d 10 d1 37 ab cb b8 75 74 e3 6e 8a 1f 02 5f 7d fa 5d
            6e 50 78 1b 5e da 4a a1 5b 0c 8b e7 78 25 7d 16 aa 30 30 e9 e7 84 1d d9 e4 c0 34 22 67 e8 ca 0c
            af 57 1f b2 b7 cf f0 f9 34 b0 00 2b 00 02 03 04""");
    static final byte[] S5_CLIENT_HELLO_2 = concat(hex("""
            01 00 01 fc 03 03 b0 b1 c5 a5 aa 37 c5 91 9f 2e d1 d5 c6 ff f7 fc b7 84 97 16 94 5a 2b 8c ee 92
            58 a3 46 67 7b 6f 00 00 06 13 01 13 03 13 02 01 00 01 cd 00 00 00 0b 00 09 00 00 06 73 65 72 76
            65 72 ff 01 00 01 00 00 0a 00 08 00 06 00 1d 00 17 00 18 00 33 00 47 00 45 00 17 00 41 04 a6 da
            73 92 ec 59 1e 17 ab fd 53 59 64 b9 98 94 d1 3b ef b2 21 b3 de f2 eb e3 83 0e ac 8f 01 51 81 26
            77 c4 d6 d2 23 7e 85 cf 01 d6 91 0c fb 83 95 4e 76 ba 73 52 83 05 34 15 98 97 e8 06 57 80 00 2b
            00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01 05 01 06 01 02
            01 04 02 05 02 06 02 02 02 00 2c 00 74 00 72 71 dc d0 4b b8 8b c3 18 91 19 39 8a 00 00 00 00 ee
            fa fc 76 c1 46 b8 23 b0 96 f8 aa ca d3 65 dd 00 30 95 3f 4e df 62 56 36 e5 f2 1b b2 e2 3f cc 65
            4b 1b 5b 40 31 8d 10 d1 37 ab cb b8 75 74 e3 6e 8a 1f 02 5f 7d fa 5d 6e 50 78 1b 5e da 4a a1 5b
            0c 8b e7 78 25 7d 16 aa 30 30 e9 e7 84 1d d9 e4 c0 34 22 67 e8 ca 0c af 57 1f b2 b7 cf f0 f9 34
            b0 00 2d 00 02 01 01 00 1c 00 02 40 01 00 15 00 af"""), new byte[0xaf]);
    static final byte[] S5_SERVER_HELLO = hex("""
            02 00 00 77 03 03 bb 34 1d 84 7f d7 89 c4 7c 38 71 72 dc 0c 9b f1 47 fc ca cb 50 43 d8 6c a4 c5
            98 d3 ff 57 1b 98 00 13 01 00 00 4f 00 33 00 45 00 17 00 41 04 58 3e 05 4b 7a 66 67 2a e0 20 ad
            9d 26 86 fc c8 5b 5a d4 1a 13 4a 0f 03 ee 72 b8 93 05 2b d8 5b 4c 8d e6 77 6f 5b 04 ac 07 d8 35
            40 ea b3 e3 d9 c5 47 bc 65 28 c4 31 7d 29 46 86 09 3a 6c ad 7d 00 2b 00 02 03 04""");
    static final byte[] S5_ENCRYPTED_EXTENSIONS = hex("""
            08 00 00 18 00 16 00 0a 00 08 00 06 00 17 00 18 00 1d 00 1c 00 02 40 01 00 00 00 00""");
    static final byte[] S5_CERTIFICATE_VERIFY = hex("""
            0f 00 00 84 08 04 00 80 33 ab 13 d4 46 27 07 23 1b 5d ca e6 c8 19 0b 63 d1 da bc 74 f2 8c 39 53
            70 da 0b 07 e5 b8 30 66 d0 24 6a 31 ac d9 5d f4 75 bf d7 99 a4 a7 0d 33 ad 93 d3 a3 17 a9 b2 c0
            d2 37 a5 68 5b 21 9e 77 41 12 e3 91 a2 47 60 7d 1a ef f1 bb d0 a3 9f 38 2e e1 a5 fe 88 ae 99 ec
            59 22 8e 64 97 e4 5d 48 ce 27 5a 6d 5e f4 0d 16 9f b6 f9 d3 3b 05 2e d3 dc dd 6b 5a 48 ba af ff
            bc b2 90 12 84 15 bd 38""");
    static final byte[] S5_SERVER_FINISHED = hex("""
            14 00 00 20 88 63 e6 bf b0 42 0a 92 7f a2 7f 34 33 6a 70 ae 42 6e 96 8e 3e b8 84 94 5b 96 85 6d
            ba 39 76 d1""");
    static final byte[] S5_CLIENT_FINISHED = hex("""
            14 00 00 20 23 f5 2f db 07 09 a5 5b d7 f7 9b 99 1f 25 48 40 87 bc fd 4d 43 80 b1 23 26 a5 2a 28
            b2 e3 68 e1""");
    static final byte[] S5_ECDHE = hex("c1 42 ce 13 ca 11 b5 c2 23 36 52 e6 3a d3 d9 78 44 f1 62 1f bf b9 de 69 d5 47 dc 8f ed ea be b4");

    @Test
    void rfc8448Section5HelloRetryRequest() throws Exception {
        assertEquals(512, S5_CLIENT_HELLO_2.length, "the second ClientHello is padded to 512 bytes");
        // RFC 8446, 4.4.1: ClientHello1 is replaced by message_hash (254), uint24 Hash.length, Hash(ClientHello1).
        byte[] messageHash = concat(hex("fe 00 00 20"), sha256(S5_CLIENT_HELLO_1));

        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256);
        ks.deriveEarlySecret(null);
        ks.deriveHandshakeSecret(S5_ECDHE);
        byte[] toSh = sha256(messageHash, S5_HELLO_RETRY_REQUEST, S5_CLIENT_HELLO_2, S5_SERVER_HELLO);
        assertHex("8a a8 e8 28 ec 2f 8a 88 4f ec 95 a3 13 9d e0 1c 15 a3 da a7 ff 5b fc 3f 4b fc c2 1b 43 8d 7b f8", toSh);

        byte[] cHs = ks.clientHandshakeTrafficSecret(toSh);
        byte[] sHs = ks.serverHandshakeTrafficSecret(toSh);
        TrafficKeys sHsKeys = ks.trafficKeys(sHs);
        assertHex("46 46 bf ac 17 12 c4 26 cd 78 d8 a2 4a 8a 6f 6b", sHsKeys.key());
        assertHex("c7 d3 95 c0 8d 62 f2 97 d1 37 68 ea", sHsKeys.iv());
        TrafficKeys cHsKeys = ks.trafficKeys(cHs);
        assertHex("2f 1f 91 86 63 d5 90 e7 42 11 49 a2 9d 94 b0 b6", cHsKeys.key());
        assertHex("41 4d 54 85 23 5e 1a 68 87 93 bd 74", cHsKeys.iv());
        assertHex("e7 f8 bb 3e a4 b6 c3 0c 47 10 b3 d0 9c 33 13 65 81 17 e7 0b 09 7e 85 03 68 e2 51 0c a5 63 1f 74",
                ks.hkdf().expandLabel(sHs, "finished", new byte[0], 32));
        assertHex("81 be 41 31 fb b9 b6 f4 47 14 50 84 6f 74 fd 1e 68 c5 22 4b a7 c2 a8 67 7f 5c 53 ad 22 6f dc 13",
                ks.hkdf().expandLabel(cHs, "finished", new byte[0], 32));

        byte[] toCv = sha256(messageHash, S5_HELLO_RETRY_REQUEST, S5_CLIENT_HELLO_2, S5_SERVER_HELLO,
                S5_ENCRYPTED_EXTENSIONS, CERTIFICATE, S5_CERTIFICATE_VERIFY);
        assertTrue(ks.verifyFinished(sHs, toCv, body(S5_SERVER_FINISHED)));

        ks.deriveMasterSecret();
        byte[] toSf = sha256(messageHash, S5_HELLO_RETRY_REQUEST, S5_CLIENT_HELLO_2, S5_SERVER_HELLO,
                S5_ENCRYPTED_EXTENSIONS, CERTIFICATE, S5_CERTIFICATE_VERIFY, S5_SERVER_FINISHED);
        assertTrue(ks.verifyFinished(cHs, toSf, body(S5_CLIENT_FINISHED)));
        TrafficKeys sApKeys = ks.trafficKeys(ks.serverApplicationTrafficSecret(toSf));
        assertHex("f2 7a 5d 97 bd 25 55 0c 48 23 b0 f3 e5 d2 93 88", sApKeys.key());
        assertHex("0d d6 31 f7 b7 1c bb c7 97 c3 5f e7", sApKeys.iv());
        TrafficKeys cApKeys = ks.trafficKeys(ks.clientApplicationTrafficSecret(toSf));
        assertHex("a7 eb 2a 05 25 eb 43 31 d5 8f cb f9 f7 ca 2e 9c", cApKeys.key());
        assertHex("86 e8 be 22 7c 1b d2 b3 e3 9c b4 44", cApKeys.iv());

        byte[] toCf = sha256(messageHash, S5_HELLO_RETRY_REQUEST, S5_CLIENT_HELLO_2, S5_SERVER_HELLO,
                S5_ENCRYPTED_EXTENSIONS, CERTIFICATE, S5_CERTIFICATE_VERIFY, S5_SERVER_FINISHED, S5_CLIENT_FINISHED);
        assertHex("0e 8b 34 91 58 b8 55 fd cd 0c 11 db bc 4e 83 e4 3c aa 6e 48 3c 6c 65 df 53 15 18 88 e5 01 65 f4", toCf);
    }

    /** Without the message_hash substitution the transcript, and so every key, differs. */
    @Test
    void hrrTranscriptWithoutSubstitutionDoesNotMatch() throws Exception {
        byte[] wrong = sha256(S5_CLIENT_HELLO_1, S5_HELLO_RETRY_REQUEST, S5_CLIENT_HELLO_2, S5_SERVER_HELLO);
        assertFalse(Arrays.equals(hex("8aa8e828ec2f8a884fec95a3139de01c15a3daa7ff5bfc3f4bfcc21b438d7bf8"), wrong));
    }

    // ---- behaviour ----

    @Test
    void outOfOrderCallsAreRefused() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_256_GCM_SHA384);
        byte[] th = new byte[48];
        assertThrows(IllegalStateException.class, () -> ks.deriveHandshakeSecret(new byte[32]));
        assertThrows(IllegalStateException.class, ks::deriveMasterSecret);
        assertThrows(IllegalStateException.class, () -> ks.clientHandshakeTrafficSecret(th));
        assertThrows(IllegalStateException.class, () -> ks.clientApplicationTrafficSecret(th));
        ks.deriveEarlySecret(null);
        assertThrows(IllegalStateException.class, () -> ks.deriveEarlySecret(null));
        assertThrows(IllegalStateException.class, ks::deriveMasterSecret);
        assertThrows(IllegalStateException.class, () -> ks.serverHandshakeTrafficSecret(th));
        ks.deriveHandshakeSecret(new byte[32]);
        assertThrows(IllegalStateException.class, () -> ks.exporterMasterSecret(th));
        assertThrows(IllegalStateException.class, () -> ks.binderKey(false));
        assertEquals(48, ks.clientHandshakeTrafficSecret(th).length);
        ks.deriveMasterSecret();
        assertThrows(IllegalStateException.class, ks::deriveMasterSecret);
        assertThrows(IllegalStateException.class, () -> ks.deriveHandshakeSecret(new byte[32]));
        // The handshake traffic secrets stay available after the master secret (the server needs the client's).
        assertEquals(48, ks.clientHandshakeTrafficSecret(th).length);
        assertEquals(48, ks.resumptionMasterSecret(th).length);
    }

    @Test
    void sha384SuiteLengths() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_256_GCM_SHA384);
        ks.deriveEarlySecret(null);
        ks.deriveHandshakeSecret(new byte[48]);
        byte[] th = new byte[48];
        byte[] secret = ks.serverHandshakeTrafficSecret(th);
        assertEquals(48, secret.length);
        TrafficKeys keys = ks.trafficKeys(secret);
        assertEquals(32, keys.key().length);
        assertEquals(12, keys.iv().length);
        assertFalse(keys.toString().contains(String.valueOf(keys.key()[0])) && keys.toString().contains("["
                + keys.key()[0]));
        assertEquals(48, ks.finishedVerifyData(secret, th).length);
    }

    /** RFC 8446, 7.2: the next secret is HKDF-Expand-Label(current, "traffic upd", "", Hash.length). */
    @Test
    void keyUpdate() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        byte[] current = hex("9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5");
        byte[] next = ks.nextApplicationTrafficSecret(current);
        assertArrayEquals(new Hkdf("SHA-256").expand(current, Hkdf.hkdfLabel("traffic upd", new byte[0], 32), 32), next);
        assertFalse(Arrays.equals(current, next));
        assertEquals(32, ks.trafficKeys(next).key().length);
    }

    @Test
    void verifyFinishedRefusesWrongData() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256);
        byte[] base = new byte[32];
        byte[] th = new byte[32];
        byte[] good = ks.finishedVerifyData(base, th);
        assertTrue(ks.verifyFinished(base, th, good));
        byte[] bad = good.clone();
        bad[31] ^= 1;
        assertFalse(ks.verifyFinished(base, th, bad));
        assertFalse(ks.verifyFinished(base, th, Arrays.copyOf(good, 31)));
        assertFalse(ks.verifyFinished(base, th, new byte[0]));
        assertFalse(ks.verifyFinished(base, th, null));
    }

    // ---- helpers ----

    private static byte[] sha256(byte[]... messages) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] m : messages) {
            md.update(m);
        }
        return md.digest();
    }

    /** A handshake message's body (after the 4-byte header): for Finished, the verify_data. */
    private static byte[] body(byte[] message) {
        return Arrays.copyOfRange(message, 4, message.length);
    }

    /** Opens a TLSCiphertext with sequence number 0 (RFC 8446, 5.2: additional_data is the record header). */
    private static byte[] open(TrafficKeys keys, byte[] record) throws Exception {
        Aead aead = new JcaAead(CipherSuite.TLS_AES_128_GCM_SHA256, keys.key());
        ByteBuffer out = ByteBuffer.allocate(record.length);
        int n = aead.open(keys.iv(), ByteBuffer.wrap(record, 0, 5), ByteBuffer.wrap(record, 5, record.length - 5), out);
        return Arrays.copyOf(out.array(), n);
    }

    private static void assertHex(String expected, byte[] actual) {
        assertArrayEquals(hex(expected), actual);
    }
}
