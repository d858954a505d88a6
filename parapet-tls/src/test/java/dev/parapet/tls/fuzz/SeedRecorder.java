package dev.parapet.tls.fuzz;

import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsListener;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.record.Tls13RecordProtection;
import dev.parapet.tls.x509.Pem;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Records the seed corpus of the connection fuzz targets: real handshakes between a deterministic Parapet endpoint
 * ({@link FuzzPki}) and OpenSSL ({@code openssl s_server} / {@code s_client} on 127.0.0.1). What OpenSSL sent is
 * decrypted with the secrets Parapet logged and written as a {@link Flight}; every handshake message of both sides
 * also becomes a seed of the decoder target. Run by {@code fuzz/record-seeds.sh}; the output is committed.
 */
public final class SeedRecorder {
    private static final String PACKAGE_DIR = "src/test/resources/dev/parapet/tls/fuzz/";
    private final Path module;
    private final Path pki;

    private SeedRecorder(Path module) {
        this.module = module;
        this.pki = module.resolve("src/test/resources/fuzz");
    }

    /** {@code args[0]}: the parapet-tls module directory. */
    public static void main(String[] args) throws Exception {
        SeedRecorder r = new SeedRecorder(Path.of(args.length > 0 ? args[0] : "."));
        r.staticSeeds();
        r.againstServer("tls13", "-tls1_3");
        r.againstServer("tls13-hrr", "-tls1_3", "-groups", "secp384r1");
        r.againstServer("tls13-client-auth", "-tls1_3", "-Verify", "1", "-CAfile", r.file("ca.pem"));
        r.againstServer("tls12", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
        r.againstServer("tls12-chacha", "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305");
        r.againstClient("tls13", "-tls1_3");
        r.againstClient("tls13-p256-first", "-tls1_3", "-groups", "P-256:X25519");
        r.againstClient("tls12", "-tls1_2");
    }

    private String file(String name) {
        return pki.resolve(name).toString();
    }

    // ------------------------------------------------------------------ Parapet client, openssl s_server

    private void againstServer(String name, String... options) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-www",
                "-cert", file("leaf.pem"), "-key", file("leaf.key")));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            awaitLine(p, "ACCEPT");
            Recording rec = new Recording(true);
            try (Socket s = new Socket("127.0.0.1", port)) {
                rec.run(s, "GET / HTTP/1.0\r\n\r\n");
            }
            rec.save(name);
        } finally {
            p.destroy();
        }
    }

    // ------------------------------------------------------------------ Parapet server, openssl s_client

    private void againstClient(String name, String... options) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), "-servername", FuzzPki.NAME, "-CAfile", file("ca.pem")));
            cmd.addAll(List.of(options));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                Recording rec = new Recording(false);
                try (Socket s = listener.accept()) {
                    Thread feeder = new Thread(() -> feed(p));
                    feeder.start();
                    rec.run(s, "hello from parapet\n");
                    feeder.join();
                }
                rec.save(name);
            } finally {
                p.destroy();
            }
        }
    }

    /** Types a line into s_client once the handshake is done, then ends its input (it closes with close_notify). */
    private static void feed(Process p) {
        try (OutputStream stdin = p.getOutputStream()) {
            Thread.sleep(1500);
            stdin.write("hello from openssl\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            Thread.sleep(500);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ one recorded connection

    private final class Recording implements TlsListener {
        private final boolean parapetIsClient;
        private final Map<String, byte[]> secrets = new HashMap<>();
        private final ByteArrayOutputStream fromParapet = new ByteArrayOutputStream();
        private final ByteArrayOutputStream fromPeer = new ByteArrayOutputStream();
        private ProtocolVersion version;
        private CipherSuite suite;

        Recording(boolean parapetIsClient) {
            this.parapetIsClient = parapetIsClient;
        }

        @Override
        public void negotiated(ProtocolVersion v, CipherSuite s) {
            version = v;
            suite = s;
        }

        private void keyLog(String line) {
            String[] f = line.split(" ");
            secrets.put(f[0], HexFormat.of().parseHex(f[2]));
        }

        void run(Socket socket, String greeting) throws IOException {
            TlsConnection c = parapetIsClient
                    ? TlsConnection.client(FuzzPki.client(this::keyLog, this), FuzzPki.NAME)
                    : TlsConnection.server(FuzzPki.server(this::keyLog, this));
            socket.setSoTimeout(100);
            ByteBuffer in = ByteBuffer.allocate(1 << 18);
            ByteBuffer out = ByteBuffer.allocate(1 << 18);
            byte[] chunk = new byte[1 << 16];
            boolean greeted = false;
            long deadline = System.nanoTime() + 8_000_000_000L;
            try {
                while (System.nanoTime() < deadline) {
                    out.clear();
                    int n = c.sendToNetwork(out);
                    socket.getOutputStream().write(out.array(), 0, n);
                    fromParapet.write(out.array(), 0, n);
                    if (!c.isHandshaking() && !greeted && !c.isOutboundDone()) {
                        c.write(ByteBuffer.wrap(greeting.getBytes(StandardCharsets.US_ASCII)));
                        greeted = true;
                        continue;
                    }
                    int got;
                    try {
                        got = socket.getInputStream().read(chunk);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (got < 0) {
                        break;
                    }
                    fromPeer.write(chunk, 0, got);
                    in.put(chunk, 0, got).flip();
                    c.receiveFromNetwork(in);
                    while (c.read(ByteBuffer.allocate(1 << 15)) > 0) {
                        c.receiveFromNetwork(in);
                    }
                    in.compact();
                    if (c.isInboundDone()) {
                        c.closeOutbound();
                    }
                }
            } catch (TlsException e) {
                System.err.println("recording ended with " + e.getMessage());
            }
            if (c.session() == null) {
                throw new IllegalStateException("the handshake did not complete");
            }
        }

        void save(String name) throws IOException {
            String role = parapetIsClient ? "client" : "server";
            Transcript peer = new Transcript(!parapetIsClient, fromPeer.toByteArray());
            Transcript ours = new Transcript(parapetIsClient, fromParapet.toByteArray());
            String target = parapetIsClient ? "ClientConnectionFuzzTestInputs/" : "ServerConnectionFuzzTestInputs/";
            write(target + role + "/" + name, new Flight(peer.items).encode());
            int i = 0;
            for (Transcript t : List.of(ours, peer)) {
                for (byte[] m : t.messages) {
                    write("HandshakeMessageFuzzTestInputs/handshakeMessage/" + role + "-" + name + "-" + (i++), m);
                }
                for (byte[] e : t.extensions) {
                    write("ExtensionFuzzTestInputs/extension/" + role + "-" + name + "-" + (i++), e);
                }
            }
            System.out.println(role + " " + name + ": " + version + " " + suite + ", " + peer.items.size()
                    + " records from OpenSSL");
        }

        /** One direction, cut into records, decrypted where Parapet's secrets allow. */
        private final class Transcript {
            final List<Flight.Item> items = new ArrayList<>();
            final List<byte[]> messages = new ArrayList<>();
            final List<byte[]> extensions = new ArrayList<>();
            private final ByteArrayOutputStream handshake = new ByteArrayOutputStream();
            private final boolean fromClient;
            private Tls13RecordProtection reader;
            private byte[] applicationSecret;
            private boolean changeCipherSpecSeen;

            Transcript(boolean fromClient, byte[] stream) {
                this.fromClient = fromClient;
                ByteBuffer b = ByteBuffer.wrap(stream);
                while (b.remaining() >= 5) {
                    byte[] header = new byte[5];
                    b.get(header);
                    int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                    byte[] fragment = new byte[Math.min(length, b.remaining())];
                    b.get(fragment);
                    record(header, fragment);
                }
            }

            private void record(byte[] header, byte[] fragment) {
                int type = header[0] & 0xff;
                if (version == ProtocolVersion.TLS12 && changeCipherSpecSeen) {
                    ByteBuffer whole = ByteBuffer.allocate(5 + fragment.length).put(header).put(fragment);
                    items.add(new Flight.Item(Flight.RAW, type, whole.array()));
                    return;
                }
                if (type != 23 || version != ProtocolVersion.TLS13) {
                    changeCipherSpecSeen |= type == 20;
                    items.add(new Flight.Item(Flight.PLAIN, type, fragment));
                    if (type == 22) {
                        handshakeBytes(fragment);
                    }
                    return;
                }
                int epoch = applicationSecret == null ? Flight.HANDSHAKE_KEYS : Flight.APPLICATION_KEYS;
                if (reader == null) {
                    reader = reader(secret(fromClient ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
                            : "SERVER_HANDSHAKE_TRAFFIC_SECRET"));
                }
                ByteBuffer plain = ByteBuffer.allocate(fragment.length);
                int inner;
                try {
                    inner = reader.open(header, ByteBuffer.wrap(fragment), plain);
                } catch (TlsException e) {
                    throw new IllegalStateException("cannot decrypt a recorded record: " + e.getMessage(), e);
                }
                byte[] content = Arrays.copyOf(plain.array(), plain.position());
                items.add(new Flight.Item(epoch, inner, content));
                if (inner != 22) {
                    return;
                }
                List<Integer> types = handshakeBytes(content);
                KeySchedule ks = new KeySchedule(suite);
                if (epoch == Flight.HANDSHAKE_KEYS && types.contains(20)) {
                    applicationSecret = secret(fromClient ? "CLIENT_TRAFFIC_SECRET_0" : "SERVER_TRAFFIC_SECRET_0");
                    reader = reader(applicationSecret);
                } else if (epoch == Flight.APPLICATION_KEYS && types.contains(24)) {
                    applicationSecret = ks.nextApplicationTrafficSecret(applicationSecret);
                    reader = reader(applicationSecret);
                }
            }

            private byte[] secret(String label) {
                byte[] s = secrets.get(label);
                if (s == null) {
                    throw new IllegalStateException("Parapet logged no " + label);
                }
                return s;
            }

            private Tls13RecordProtection reader(byte[] secret) {
                return Tls13RecordProtection.forReading(suite, new KeySchedule(suite).trafficKeys(secret));
            }

            /** Collects whole handshake messages; returns the types completed by these bytes. */
            private List<Integer> handshakeBytes(byte[] content) {
                handshake.writeBytes(content);
                byte[] all = handshake.toByteArray();
                List<Integer> types = new ArrayList<>();
                int p = 0;
                while (p + 4 <= all.length) {
                    int length = ((all[p + 1] & 0xff) << 16) | ((all[p + 2] & 0xff) << 8) | (all[p + 3] & 0xff);
                    if (p + 4 + length > all.length) {
                        break;
                    }
                    byte[] m = Arrays.copyOfRange(all, p, p + 4 + length);
                    messages.add(m);
                    types.add(m[0] & 0xff);
                    extensions.addAll(ExtensionFuzzTest.seeds(m));
                    p += 4 + length;
                }
                handshake.reset();
                handshake.write(all, p, all.length - p);
                return types;
            }
        }
    }

    // ------------------------------------------------------------------ seeds that need no peer

    /** Certificates, keys and PEM files of the fuzz PKI and the x509 tests; sealed records for the record layer. */
    private void staticSeeds() throws Exception {
        List<Path> pemFiles = new ArrayList<>();
        for (String dir : List.of("src/test/resources/fuzz", "src/test/resources/dev/parapet/tls/x509")) {
            try (var files = Files.list(module.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".pem") || f.toString().endsWith(".key")).sorted()
                        .forEach(pemFiles::add);
            }
        }
        int n = 0;
        for (Path f : pemFiles) {
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            write("PemFuzzTestInputs/pem/" + f.getFileName(), concat(new byte[] {0},
                    text.getBytes(StandardCharsets.ISO_8859_1)));
            for (String block : text.split("-----END [A-Z0-9 ]+-----")) {
                int begin = block.indexOf("-----BEGIN ");
                if (begin < 0 || block.contains("ENCRYPTED")) {
                    continue;
                }
                String label = block.substring(begin + 11, block.indexOf("-----", begin + 11));
                String body = block.substring(block.indexOf('\n', begin) + 1).replaceAll("[^A-Za-z0-9+/=]", "");
                byte[] der;
                try {
                    der = java.util.Base64.getDecoder().decode(body);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                String name = f.getFileName() + "-" + (n++);
                write("DerFuzzTestInputs/der/" + name, der);
                int mode = List.of("", "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "CERTIFICATE")
                        .indexOf(label);
                if (mode > 0) {
                    write("PemFuzzTestInputs/pem/" + name + "-der", concat(new byte[] {(byte) mode}, der));
                }
                if (label.equals("CERTIFICATE")) {
                    write("CertificateFuzzTestInputs/certificate/" + name, der);
                }
            }
        }
        byte[] leaf = der(file("leaf.pem"));
        byte[] ca = der(file("ca.pem"));
        byte[] intermediate = der(file("intermediate.pem"));
        byte[] rsa = der(file("rsa-leaf.pem"));
        write("VerifierFuzzTestInputs/verify/leaf-localhost", chain(0x10, leaf));
        write("VerifierFuzzTestInputs/verify/leaf-ca-ip", chain(0x20, leaf, ca));
        write("VerifierFuzzTestInputs/verify/client-leaf", chain(0x01, leaf, ca));
        write("VerifierFuzzTestInputs/verify/via-intermediate", chain(0x30, rsa, intermediate));
        write("VerifierFuzzTestInputs/verify/via-intermediate-unordered", chain(0x00, rsa, ca, intermediate));
        write("VerifierFuzzTestInputs/verify/wrong-name", chain(0x30, leaf));
        for (int protection = 0; protection < 8; protection++) {
            byte[] hello = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            write("RecordLayerFuzzTestInputs/openRecords/seal-" + protection,
                    concat(new byte[] {(byte) protection, 1, 23, 0, 0, 0}, hello));
            write("RecordLayerFuzzTestInputs/openRecords/seal-flip-" + protection,
                    concat(new byte[] {(byte) protection, 1, 22, 0, 9, 1}, new byte[40]));
            write("RecordLayerFuzzTestInputs/openRecords/raw-" + protection,
                    new byte[] {(byte) protection, 0, 23, 3, 3, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                        15, 16, 17, 18, 19, 20});
        }
    }

    private static byte[] der(String pemFile) throws IOException {
        return derOf(Pem.readCertificates(Path.of(pemFile)).get(0));
    }

    private static byte[] derOf(java.security.cert.X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] chain(int flags, byte[]... certificates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        for (byte[] c : certificates) {
            out.write(c.length >>> 8);
            out.write(c.length);
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private void write(String relative, byte[] bytes) throws IOException {
        Path f = module.resolve(PACKAGE_DIR + relative);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitLine(Process p, String prefix) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith(prefix)) {
                Thread drain = new Thread(() -> r.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("openssl s_server ended before " + prefix);
    }
}
