package dev.parapet.cli;

import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.nio.NioConnection;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Serves HTTP/1.x on one TLS connection of the NIO server: each request gets a small page about the TLS session.
 * Bytes arrive in {@link #onData} as the client sends them; a request is answered once its head and body are in.
 * Keeps the connection for HTTP/1.1 unless {@code Connection: close}, and for HTTP/1.0 only with
 * {@code Connection: keep-alive}; otherwise closes it (close_notify) after the answer.
 */
final class HttpResponder {
    static final long MAX_BODY = 1 << 20;

    private final NioConnection connection;
    private final TlsSession session;
    private final String tag;
    private final String peer;
    private final PrintStream log;
    /** The page's "client certificate" row, or null when the server does not ask for one. */
    private final String clientCertificate;
    private HttpRequestHead.Collector collector = new HttpRequestHead.Collector(HttpRequestHead.DEFAULT_LIMIT);
    /** The request whose body is being skipped, and how much of it is still to come. */
    private HttpRequestHead pending;
    private long bodyLeft;
    private int served;
    private boolean done;

    HttpResponder(NioConnection connection, TlsSession session, String tag, String peer, PrintStream log,
                  String clientCertificate) {
        this.connection = connection;
        this.session = session;
        this.tag = tag;
        this.peer = peer;
        this.log = log;
        this.clientCertificate = clientCertificate;
    }

    /** Decrypted bytes from the client: heads are collected, bodies skipped, complete requests answered. */
    void onData(ByteBuffer data) {
        while (data.hasRemaining() && !done) {
            if (pending != null) {
                int skip = (int) Math.min(bodyLeft, data.remaining());
                data.position(data.position() + skip);
                bodyLeft -= skip;
                if (bodyLeft > 0) {
                    return;
                }
                answer(pending);
                pending = null;
                continue;
            }
            try {
                HttpRequestHead request = collector.feed(data);
                if (request == null) {
                    return;
                }
                long length = request.contentLength();
                if (length > MAX_BODY) {
                    throw new HttpRequestHead.BadRequest(413, "request body larger than " + MAX_BODY + " bytes");
                }
                collector = new HttpRequestHead.Collector(HttpRequestHead.DEFAULT_LIMIT);
                pending = request;
                bodyLeft = length;
                if (length == 0) {
                    answer(request);
                    pending = null;
                }
            } catch (HttpRequestHead.BadRequest e) {
                connection.write(ByteBuffer.wrap(response(e.status, "text/plain; charset=utf-8", e.getMessage()
                        + "\n", false, false)));
                log.println(tag + " " + peer + ": " + e.status + " " + e.getMessage() + ", closing");
                close();
            }
        }
    }

    private void answer(HttpRequestHead request) {
        boolean keepAlive = request.keepAlive();
        String page = page(request, ++served);
        connection.write(ByteBuffer.wrap(response(200, "text/html; charset=utf-8", page, keepAlive,
                request.isHead())));
        log.println(tag + " " + request.requestLine() + " -> 200" + (keepAlive ? "" : ", closing"));
        if (!keepAlive) {
            close();
        }
    }

    private void close() {
        done = true;
        connection.close();
    }

    private String page(HttpRequestHead request, int n) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Parapet</title></head>\n<body>\n");
        b.append("<h1>Hello from Parapet</h1>\n<pre>\n");
        for (String line : Describe.session(session, clientCertificate)) {
            b.append(escape(line)).append('\n');
        }
        b.append("</pre>\n<p>Request ").append(n).append(" on connection ").append(escape(tag))
                .append(" from ").append(escape(peer)).append(": <code>").append(escape(request.requestLine()))
                .append("</code></p>\n</body></html>\n");
        return b.toString();
    }

    static byte[] response(int status, String contentType, String body, boolean keepAlive, boolean head) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Server: parapet\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
        byte[] h = headers.getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return h;
        }
        byte[] all = new byte[h.length + content.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        return all;
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 413: return "Content Too Large";
            case 431: return "Request Header Fields Too Large";
            case 501: return "Not Implemented";
            case 505: return "HTTP Version Not Supported";
            default: return "Error";
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
