package dev.parapet.cli;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.TlsSession;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import java.io.PrintStream;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parapet demo --rsa} and {@code --tls12}: one side's TLS 1.2 handshake as {@link Trace} prints it, with the
 * steps explained in plain words as the engine reports them. The explanations come from the listener's events (which
 * message went which way, its length, which key-schedule step happened) and the suite's published sizes; the CLI
 * never sees a secret, so it cannot print one: the pre-master secret, master secret and keys appear only as lengths.
 *
 * <p>TLS 1.2 sends ChangeCipherSpec as a record of its own, not a handshake message; the engine reports it as the
 * key switch it causes ({@code write keys: client write keys} when sent, {@code read keys: ...} when received), and
 * that is where it is printed.
 */
final class Walkthrough implements TlsListener {
    private static final Pattern SUITE = Pattern.compile("suite=(\\w+)");

    private final Trace trace;
    private final PrintStream out;
    private final boolean client;
    /** The server certificate's key, as the demo made it (the explanations give its size). */
    private final PublicKey serverKey;
    private CipherSuite suite;

    Walkthrough(PrintStream out, boolean client, PublicKey serverKey) {
        this.out = out;
        this.trace = new Trace(out, client ? "client" : "server");
        this.client = client;
        this.serverKey = serverKey;
    }

    @Override
    public void handshakeMessage(boolean sent, String type, int length, String details) {
        synchronized (out) { // the two sides print from two threads: keep each step's lines together
            trace.handshakeMessage(sent, type, length, details);
            if (type.equals("ServerHello") && details != null) {
                Matcher m = SUITE.matcher(details);
                if (m.find()) {
                    suite = CipherSuite.fromName(m.group(1));
                }
            }
            explain(explainMessage(sent, type, length));
        }
    }

    @Override
    public void keyScheduleEvent(String milestone) {
        synchronized (out) {
            if (milestone.startsWith("write keys: ") && milestone.endsWith(" write keys")) {
                trace.record(true, "ChangeCipherSpec (a 1-byte record of its own)");
                trace.keyScheduleEvent(milestone);
                explain(List.of("from here on, " + (client ? "the client's" : "the server's")
                        + " records are encrypted with " + (client ? "client" : "server") + "_write_key"));
                return;
            }
            if (milestone.startsWith("read keys: ") && milestone.endsWith(" write keys")) {
                trace.record(false, "ChangeCipherSpec");
                trace.keyScheduleEvent(milestone);
                String peer = client ? "server" : "client";
                explain(List.of("from here on, the " + peer + "'s records are decrypted with " + peer
                        + "_write_key"));
                return;
            }
            trace.keyScheduleEvent(milestone);
            if (milestone.endsWith("master secret derived")) {
                explain(masterSecret(milestone.startsWith("extended ")));
            }
        }
    }

    @Override
    public void handshakeComplete(TlsSession session) {
        synchronized (out) {
            trace.handshakeComplete(session);
        }
    }

    @Override
    public void alert(boolean sent, AlertDescription alert) {
        synchronized (out) {
            trace.alert(sent, alert);
        }
    }

    /** Prints each paragraph wrapped at {@link #WIDTH} characters, continuation lines indented. */
    private void explain(List<String> paragraphs) {
        for (String p : paragraphs) {
            for (String l : wrap(p, WIDTH)) {
                trace.note(l);
            }
        }
    }

    static final int WIDTH = 100;

    /** Splits {@code text} at spaces into lines of at most {@code width} (a longer word stays whole). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean empty = true;
        for (String word : text.split(" +")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append("  ");
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        if (!empty) {
            lines.add(line.toString());
        }
        return lines;
    }

    private boolean rsa() {
        return suite != null && suite.keyExchange() == KeyExchangeAlgorithm.RSA;
    }

    private int rsaBits() {
        return serverKey instanceof RSAPublicKey k ? k.getModulus().bitLength() : 0;
    }

    private List<String> explainMessage(boolean sent, String type, int length) {
        List<String> l = new ArrayList<>();
        if (sent && !client) { // the server's flight
            switch (type) {
                case "ServerHello" -> {
                    if (suite == null) {
                        break;
                    }
                    l.add("the server picks TLS 1.2 and " + suite.name() + ": "
                            + (rsa() ? "RSA key transport, so the client will encrypt a secret to the public key in "
                            + "the server's certificate (no ServerKeyExchange);"
                            : "ECDHE, so each side makes a fresh key pair, the server's signed with its certificate "
                            + "key;")
                            + " records protected with " + suite.cipher()
                            + (suite.cipher().isAead() ? "" : " and " + suite.macAlgorithm())
                            + "; PRF hash " + suite.hashAlgorithm());
                }
                case "Certificate" -> {
                    if (rsa()) {
                        l.add("the certificate's RSA " + rsaBits() + "-bit public key is what the client will "
                                + "encrypt to: whoever holds the private key, now or years later, can decrypt a "
                                + "recording of this connection (no forward secrecy)");
                    }
                }
                case "ServerKeyExchange" -> l.add("an ephemeral public key made for this connection only, signed "
                        + "with the certificate's key; its private half is forgotten after the handshake, so a stolen "
                        + "certificate key cannot decrypt a recording later (forward secrecy)");
                case "ServerHelloDone" -> l.add("the server is done; it waits for the client's key exchange");
                case "Finished" -> l.add("the server's Finished: 12 bytes of verify_data = PRF(master secret, "
                        + "\"server finished\", hash of the handshake)");
                default -> {
                }
            }
        } else if (sent) { // the client's flight
            switch (type) {
                case "ClientKeyExchange" -> {
                    if (rsa()) {
                        int cipherText = length - 2;
                        int modulus = (rsaBits() + 7) / 8;
                        l.add("pre-master secret: 48 bytes the client made up: the version 0x03 0x03 (TLS 1.2, as "
                                + "in its ClientHello, so the server can spot a version rollback) and 46 random bytes "
                                + "(never printed)");
                        l.add("encrypted with RSAES-PKCS1-v1_5 to the server's RSA " + rsaBits() + " public key: "
                                + cipherText + " bytes of ciphertext"
                                + (cipherText == modulus ? " (= the " + modulus + "-byte modulus)"
                                : " (the modulus is " + modulus + " bytes)") + " plus a 2-byte length = " + length
                                + " bytes");
                    } else {
                        l.add("the client's ephemeral public key (" + (length - 1) + " bytes); each side combines "
                                + "the other's public key with its own private key into the same shared secret: the "
                                + "pre-master secret (never printed)");
                    }
                }
                case "Finished" -> l.add("the client's Finished, the first record under the new keys: 12 bytes of "
                        + "verify_data = PRF(master secret, \"client finished\", hash of the handshake); it proves "
                        + "the client has the keys and saw the same handshake");
                default -> {
                }
            }
        } else if (!client) { // what the server receives
            switch (type) {
                case "ClientKeyExchange" -> l.add(rsa()
                        ? "the server decrypts the pre-master secret with its RSA private key. Had the padding, the "
                        + "length or the version bytes been wrong, it would carry on with a random 48-byte "
                        + "pre-master secret and say nothing: the handshake would fail only at the client's "
                        + "Finished, the same way and in the same time, so the server is no padding oracle "
                        + "(Bleichenbacher 1998, ROBOT 2017, Marvin 2023)"
                        : "the server combines the client's public key with its ephemeral private key: the same "
                        + "pre-master secret");
                case "Finished" -> l.add("the client's Finished verifies: both sides hold the same master secret"
                        + (rsa() ? " (so the pre-master secret arrived intact)" : ""));
                default -> {
                }
            }
        } else if (type.equals("Finished")) { // the client receives the server's Finished
            l.add("the server's Finished verifies: the handshake is complete, after two round trips");
        }
        return l;
    }

    private List<String> masterSecret(boolean extended) {
        List<String> l = new ArrayList<>();
        if (!client) {
            l.add("the server derives the same master secret (extended: " + Describe.yesNo(extended)
                    + ") and key block from the pre-master secret");
            return l;
        }
        l.add(extended
                ? "master secret: 48 bytes = PRF(pre-master secret, \"extended master secret\", hash of the "
                + "handshake so far); extended master secret: yes (RFC 7627: the secret is bound to this "
                + "handshake, which stops the triple handshake attack)"
                : "master secret: 48 bytes = PRF(pre-master secret, \"master secret\", client random + server "
                + "random); extended master secret: no (RFC 7627 was not negotiated)");
        if (suite == null) {
            return l;
        }
        List<String> parts = new ArrayList<>();
        int total = 0;
        if (suite.macLength() > 0) {
            parts.add("client_write_MAC_key " + suite.macLength());
            parts.add("server_write_MAC_key " + suite.macLength());
            total += 2 * suite.macLength();
        }
        parts.add("client_write_key " + suite.keyLength());
        parts.add("server_write_key " + suite.keyLength());
        total += 2 * suite.keyLength();
        int iv = suite.cipher().fixedIvLength();
        if (iv > 0) {
            parts.add("client_write_IV " + iv);
            parts.add("server_write_IV " + iv);
            total += 2 * iv;
        }
        int explicit = suite.cipher().recordIvLength();
        l.add("key block = PRF(master secret, \"key expansion\", server random + client random), " + total
                + " bytes, cut into (lengths in bytes, values never shown): " + String.join(", ", parts) + "; "
                + (suite.cipher().isAead()
                ? "each record's nonce is the " + iv + "-byte IV" + (explicit > 0 ? " plus " + explicit
                + " explicit bytes sent with the record" : " mixed with the record's sequence number")
                : "each CBC record carries a fresh random " + explicit + "-byte IV"));
        return l;
    }
}
