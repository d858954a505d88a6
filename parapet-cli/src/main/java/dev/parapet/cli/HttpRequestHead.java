package dev.parapet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.x request line and headers (RFC 9112), read with a size bound. Just enough HTTP for a test page: no
 * obs-fold, no chunked request bodies. Garbage (e.g. a TLS record, binary) is refused at the first byte that cannot
 * start a request line, so a confused client gets its 400 at once instead of after a timeout.
 *
 * @param method  e.g. {@code GET}
 * @param target  the request target as sent, e.g. {@code /index.html}
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param headers name/value pairs in order, names as sent
 */
record HttpRequestHead(String method, String target, String version, List<String[]> headers) {
    static final int DEFAULT_LIMIT = 16 * 1024;

    /** A request we answer with {@code status} and then close the connection. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Reads one request head.
     *
     * @return null when the stream ends before the first byte of a request (the client is done)
     * @throws BadRequest 431 when the head exceeds {@code limit} bytes, 400 when it is not HTTP/1.x, 505 for another
     *                    HTTP version
     * @throws IOException from the stream, including an end of stream in the middle of a head
     */
    static HttpRequestHead read(InputStream in, int limit) throws IOException, BadRequest {
        Collector collector = new Collector(limit);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (collector.isEmpty()) {
                    return null;
                }
                throw new java.io.EOFException("connection closed in the middle of a request head");
            }
            HttpRequestHead head = collector.accept(b);
            if (head != null) {
                return head;
            }
        }
    }

    /**
     * Collects one request head from bytes as they arrive, with {@link #read}'s rules, for servers fed by
     * callbacks.
     */
    static final class Collector {
        private final int limit;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        private int total;
        private boolean inRequestLine = true;
        private boolean sawMethodChar;
        private int prev = -1;
        private int prevPrev = -1;

        Collector(int limit) {
            this.limit = limit;
        }

        /** Takes bytes from {@code in} up to the end of a head; returns it when complete, else null (all taken). */
        HttpRequestHead feed(java.nio.ByteBuffer in) throws BadRequest {
            while (in.hasRemaining()) {
                HttpRequestHead h = accept(in.get() & 0xff);
                if (h != null) {
                    return h;
                }
            }
            return null;
        }

        /** True before the first byte of a request line (blank lines do not count). */
        boolean isEmpty() {
            return total == 0 || head.size() == 0;
        }

        /** One more byte; the parsed head once it ends. */
        HttpRequestHead accept(int b) throws BadRequest {
            if (++total > limit) {
                throw new BadRequest(431, "request head larger than " + limit + " bytes");
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                return null; // RFC 9112, 2.2: ignore empty lines before the request line
            }
            if (inRequestLine && b == ' ' && sawMethodChar) {
                inRequestLine = false;
            } else if (inRequestLine && !isTokenChar(b)) {
                throw new BadRequest(400, "not an HTTP request (byte 0x" + Integer.toHexString(b) + " in the method)");
            } else if (inRequestLine) {
                sawMethodChar = true;
            }
            head.write(b);
            // the head ends at an empty line: CRLF CRLF, or bare LF LF (RFC 9112, 2.2 lets us accept LF)
            if (b == '\n' && (prev == '\n' || (prev == '\r' && prevPrev == '\n'))) {
                return parse(head.toString(StandardCharsets.ISO_8859_1));
            }
            prevPrev = prev;
            prev = b;
            return null;
        }
    }

    static HttpRequestHead parse(String head) throws BadRequest {
        String[] lines = head.split("\r?\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new BadRequest(400, "malformed request line");
        }
        for (int i = 0; i < parts[1].length(); i++) {
            char c = parts[1].charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new BadRequest(400, "bad character in the request target");
            }
        }
        String version = parts[2];
        if (!version.matches("HTTP/\\d\\.\\d")) {
            throw new BadRequest(400, "malformed HTTP version");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new BadRequest(505, "HTTP version " + version + " not supported");
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BadRequest(400, "obsolete header line folding");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "malformed header line");
            }
            String name = line.substring(0, colon);
            for (int k = 0; k < name.length(); k++) {
                if (!isTokenChar(name.charAt(k))) {
                    throw new BadRequest(400, "bad header name");
                }
            }
            String value = line.substring(colon + 1).strip();
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new BadRequest(400, "control character in header " + name);
                }
            }
            headers.add(new String[] {name, value});
        }
        return new HttpRequestHead(parts[0], parts[1], version, List.copyOf(headers));
    }

    /** The values of a header (case-insensitive name), in order. */
    List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> v = values(name);
        return v.isEmpty() ? null : v.get(0);
    }

    /** Whether the {@code Connection} header lists {@code token}. */
    boolean connectionHas(String token) {
        for (String v : values("Connection")) {
            for (String t : v.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** HTTP/1.1 keeps the connection unless {@code Connection: close}; HTTP/1.0 only with {@code keep-alive}. */
    boolean keepAlive() {
        if (connectionHas("close")) {
            return false;
        }
        return version.equals("HTTP/1.1") || connectionHas("keep-alive");
    }

    /**
     * The request body length from {@code Content-Length}, 0 when absent.
     *
     * @throws BadRequest 400 for a malformed or conflicting length, 501 for {@code Transfer-Encoding}
     */
    long contentLength() throws BadRequest {
        if (header("Transfer-Encoding") != null) {
            throw new BadRequest(501, "Transfer-Encoding in requests is not supported");
        }
        long length = -1;
        for (String v : values("Content-Length")) {
            for (String part : v.split(",")) {
                String p = part.strip();
                if (!p.matches("\\d{1,18}")) {
                    throw new BadRequest(400, "malformed Content-Length");
                }
                long n = Long.parseLong(p);
                if (length >= 0 && n != length) {
                    throw new BadRequest(400, "conflicting Content-Length values");
                }
                length = n;
            }
        }
        return Math.max(length, 0);
    }

    String requestLine() {
        return method + " " + target + " " + version;
    }

    boolean isHead() {
        return method.toUpperCase(Locale.ROOT).equals("HEAD");
    }

    /** RFC 9110, 5.6.2: tchar. */
    static boolean isTokenChar(int c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return c < 0x80 && c > 0x20 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
