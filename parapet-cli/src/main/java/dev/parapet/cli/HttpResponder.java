package dev.parapet.cli;

import dev.parapet.tls.TlsSession;
import dev.parapet.tls.io.TlsSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Serves HTTP/1.x on one TLS connection: each request gets a small page about the TLS session. Keeps the connection
 * for HTTP/1.1 unless {@code Connection: close}, and for HTTP/1.0 only with {@code Connection: keep-alive}; returns
 * when the connection should close (the caller sends close_notify).
 */
final class HttpResponder {
    static final long MAX_BODY = 1 << 20;

    private final TlsSocket socket;
    private final TlsSession session;
    private final String tag;
    private final String peer;
    private final PrintStream log;
    /** The page's "client certificate" row, or null when the server does not ask for one. */
    private final String clientCertificate;

    HttpResponder(TlsSocket socket, TlsSession session, String tag, String peer, PrintStream log) {
        this(socket, session, tag, peer, log, null);
    }

    HttpResponder(TlsSocket socket, TlsSession session, String tag, String peer, PrintStream log,
                  String clientCertificate) {
        this.socket = socket;
        this.session = session;
        this.tag = tag;
        this.peer = peer;
        this.log = log;
        this.clientCertificate = clientCertificate;
    }

    void run() throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        for (int n = 1; ; n++) {
            HttpRequestHead request;
            long bodyLength;
            try {
                request = HttpRequestHead.read(in, HttpRequestHead.DEFAULT_LIMIT);
                if (request == null) {
                    return; // the client closed (close_notify) between requests
                }
                bodyLength = request.contentLength();
                if (bodyLength > MAX_BODY) {
                    throw new HttpRequestHead.BadRequest(413, "request body larger than " + MAX_BODY + " bytes");
                }
            } catch (HttpRequestHead.BadRequest e) {
                out.write(response(e.status, "text/plain; charset=utf-8", e.getMessage() + "\n", false, false));
                out.flush();
                log.println(tag + " " + peer + ": " + e.status + " " + e.getMessage() + ", closing");
                return;
            }
            in.skipNBytes(bodyLength);
            boolean keepAlive = request.keepAlive();
            String page = page(request, n);
            out.write(response(200, "text/html; charset=utf-8", page, keepAlive, request.isHead()));
            out.flush();
            log.println(tag + " " + request.requestLine() + " -> 200" + (keepAlive ? "" : ", closing"));
            if (!keepAlive) {
                return;
            }
        }
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
