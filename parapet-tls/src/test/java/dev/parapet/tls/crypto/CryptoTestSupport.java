package dev.parapet.tls.crypto;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Hex decoding and Wycheproof loading for the crypto and key-schedule tests. */
public final class CryptoTestSupport {
    private CryptoTestSupport() {
    }

    /** Hex to bytes, ignoring whitespace (so RFC dumps paste as they are). */
    public static byte[] hex(String text) {
        String s = text.replaceAll("\\s+", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex length");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    public static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** The parsed Wycheproof file from src/test/resources/wycheproof/. */
    public static JsonObject wycheproof(String file) {
        String path = "/wycheproof/" + file;
        try (InputStream in = CryptoTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return JsonParser.parseReader(reader).getAsJsonObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One test case with its group, so a test can read group fields (keys, sizes). */
    public record Case(JsonObject group, JsonObject test) {
        public String str(String field) {
            return test.get(field).getAsString();
        }

        public byte[] bytes(String field) {
            return hex(str(field));
        }

        public String result() {
            return str("result");
        }

        public int id() {
            return test.get("tcId").getAsInt();
        }

        @Override
        public String toString() {
            JsonElement comment = test.get("comment");
            return "tcId " + id() + " (" + (comment == null ? "" : comment.getAsString()) + ", "
                    + test.get("flags") + ")";
        }
    }

    public static List<Case> cases(JsonObject file) {
        List<Case> out = new ArrayList<>();
        for (JsonElement g : file.getAsJsonArray("testGroups")) {
            for (JsonElement t : g.getAsJsonObject().getAsJsonArray("tests")) {
                out.add(new Case(g.getAsJsonObject(), t.getAsJsonObject()));
            }
        }
        return out;
    }
}
