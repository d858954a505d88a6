package dev.parapet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpRequestHeadTest {
    private static HttpRequestHead read(String s) throws Exception {
        return HttpRequestHead.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), 16 * 1024);
    }

    private static int status(String s) {
        return assertThrows(HttpRequestHead.BadRequest.class, () -> read(s)).status;
    }

    @Test
    void simpleGet() throws Exception {
        HttpRequestHead h = read("GET /x?y=1 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
        assertEquals("GET", h.method());
        assertEquals("/x?y=1", h.target());
        assertEquals("HTTP/1.1", h.version());
        assertEquals("localhost", h.header("host"));
        assertTrue(h.keepAlive());
        assertEquals(0, h.contentLength());
    }

    @Test
    void keepAliveRules() throws Exception {
        assertFalse(read("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(read("GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n").keepAlive());
        assertFalse(read("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLines() throws Exception {
        HttpRequestHead h = read("\r\n\nHEAD / HTTP/1.0\nX-A: b\n\n");
        assertEquals("HEAD", h.method());
        assertTrue(h.isHead());
        assertEquals("b", h.header("x-a"));
    }

    @Test
    void stopsAtTheEndOfTheHeadAndLeavesTheRest() throws Exception {
        InputStream in = new ByteArrayInputStream(
                "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpRequestHead h = HttpRequestHead.read(in, 1024);
        assertEquals(3, h.contentLength());
        assertEquals("abc", new String(in.readNBytes(3), StandardCharsets.US_ASCII));
        assertEquals("GET", HttpRequestHead.read(in, 1024).method());
        assertNull(HttpRequestHead.read(in, 1024));
    }

    @Test
    void endOfStreamBeforeARequestIsNull() throws Exception {
        assertNull(read(""));
        assertNull(read("\r\n"));
    }

    @Test
    void endOfStreamInsideAHead() {
        assertThrows(EOFException.class, () -> read("GET / HTTP/1.1\r\nHost: x\r\n"));
    }

    @Test
    void bounded() {
        String big = "GET / HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n";
        assertEquals(431, status(big));
        // the bound holds even without a single line break
        assertEquals(431, status("GET /" + "a".repeat(20_000)));
    }

    @Test
    void garbageIsRefusedAtTheFirstBadByte() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        byte[] tlsRecord = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc};
        InputStream in = new ByteArrayInputStream(tlsRecord) {
            @Override
            public synchronized int read() {
                reads.incrementAndGet();
                return super.read();
            }
        };
        HttpRequestHead.BadRequest e = assertThrows(HttpRequestHead.BadRequest.class,
                () -> HttpRequestHead.read(in, 1024));
        assertEquals(400, e.status);
        assertEquals(1, reads.get());
    }

    @Test
    void malformedHeads() {
        assertEquals(400, status("GET /\r\n\r\n"));
        assertEquals(400, status("GET  / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1 extra\r\n\r\n"));
        assertEquals(400, status("GET / HTTX/1.1\r\n\r\n"));
        assertEquals(505, status("GET / HTTP/2.0\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nNoColon\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\n: empty name\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nBad Name: a\r\n\r\n"));
        assertEquals(400, status("GET /\u0001 HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("G\u00c9T / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("hello world\r\n\r\n"));
    }

    @Test
    void bodyLengthRules() throws Exception {
        assertEquals(5, read("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").contentLength());
        assertEquals(5, read("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n").contentLength());
        assertThrows(HttpRequestHead.BadRequest.class,
                () -> read("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n").contentLength());
        assertThrows(HttpRequestHead.BadRequest.class,
                () -> read("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").contentLength());
        assertEquals(501, assertThrows(HttpRequestHead.BadRequest.class,
                () -> read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").contentLength()).status);
    }

    @Test
    void responseFraming() {
        String r = new String(HttpResponder.response(200, "text/plain", "hé\n", true, false), StandardCharsets.UTF_8);
        assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
        assertTrue(r.contains("Content-Length: 4\r\n"), r);
        assertTrue(r.contains("Connection: keep-alive\r\n"), r);
        assertTrue(r.endsWith("\r\n\r\nhé\n"), r);
        String head = new String(HttpResponder.response(400, "text/plain", "x", false, true), StandardCharsets.UTF_8);
        assertTrue(head.startsWith("HTTP/1.1 400 Bad Request\r\n"), head);
        assertTrue(head.endsWith("Connection: close\r\n\r\n"), head);
        assertEquals("&lt;b&gt;&amp;&quot;", HttpResponder.escape("<b>&\""));
    }
}
