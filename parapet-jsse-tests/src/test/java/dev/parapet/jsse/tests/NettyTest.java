package dev.parapet.jsse.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * Netty 4.2 over the provider's {@code SSLEngine}, client and server. Netty's own {@code SslContext} cannot be made
 * from a JSSE provider, so: an HTTP/1.1 exchange through {@code JdkSslContext} (which wraps the provider's
 * {@code SSLContext}, with ALPN) and {@code HttpServerCodec}/{@code HttpClientCodec}; and a large transfer through a
 * bare {@code new SslHandler(ctx.createSSLEngine(..))} on both sides, with back-pressure: the server writes only
 * while its channel is writable, the client has autoRead off and does not read until the server has been held up
 * once, then reads in chunks (pausing now and then). The SHA-256 of what arrives must be that of what was sent.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NettyTest {
    private static final int CHUNK = 32 * 1024;
    private static final int CHUNKS = 1600;
    private static final long TOTAL = (long) CHUNK * CHUNKS; // 50 MiB

    private final Pki pki = new Pki();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel listen(ChannelInitializer<SocketChannel> init) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(init)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static void identifyServer(SSLEngine engine) {
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
    }

    // ---- HTTP/1.1 exchange via JdkSslContext (ALPN http/1.1)

    @SuppressWarnings("deprecation")
    private static JdkSslContext nettyContext(SSLContext ctx, boolean client) {
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1);
        return new JdkSslContext(ctx, client, null, IdentityCipherSuiteFilter.INSTANCE, alpn, ClientAuth.NONE, null,
                false);
    }

    @ProviderTest
    void httpExchange(String provider) throws Exception {
        JdkSslContext serverTls = nettyContext(pki.serverContext(provider, KeyType.ECDSA_P256), false);
        JdkSslContext clientTls = nettyContext(pki.clientContext(provider), true);
        CompletableFuture<String> serverSawAlpn = new CompletableFuture<>();

        Channel server = listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                SslHandler tls = serverTls.newHandler(ch.alloc());
                tls.handshakeFuture().addListener(f -> serverSawAlpn.complete(tls.applicationProtocol()));
                ch.pipeline().addLast(tls, new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                String body = "netty " + tls.engine().getSession().getProtocol() + " "
                                        + req.method() + " " + req.uri() + " "
                                        + req.content().toString(StandardCharsets.UTF_8);
                                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                        HttpResponseStatus.OK, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                                HttpUtil.setContentLength(resp, resp.content().readableBytes());
                                ctx.writeAndFlush(resp);
                            }
                        });
            }
        });
        try {
            int port = port(server);
            CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
            SslHandler[] clientHandler = new SslHandler[1];
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = clientTls.newHandler(ch.alloc(), Pki.HOST, port);
                            identifyServer(tls.engine());
                            clientHandler[0] = tls;
                            ch.pipeline().addLast(tls, new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                            response.complete(r.retainedDuplicate());
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            response.completeExceptionally(cause);
                                            ctx.close();
                                        }
                                    });
                        }
                    }).connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            try {
                SslHandler tls = clientHandler[0];
                assertTrue(tls.handshakeFuture().await(15, TimeUnit.SECONDS), "no handshake within 15 s");
                assertTrue(tls.handshakeFuture().isSuccess(), () -> "handshake failed: " + tls.handshakeFuture()
                        .cause());
                assertEquals("TLSv1.3", tls.engine().getSession().getProtocol());
                assertEquals(ApplicationProtocolNames.HTTP_1_1, tls.applicationProtocol());
                assertEquals(ApplicationProtocolNames.HTTP_1_1, serverSawAlpn.get(5, TimeUnit.SECONDS));

                DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                        "/echo", Unpooled.copiedBuffer("hello netty", StandardCharsets.UTF_8));
                req.headers().set(HttpHeaderNames.HOST, Pki.HOST + ":" + port);
                HttpUtil.setContentLength(req, req.content().readableBytes());
                client.writeAndFlush(req);
                FullHttpResponse r = response.get(15, TimeUnit.SECONDS);
                try {
                    assertEquals(HttpResponseStatus.OK, r.status());
                    assertEquals("netty TLSv1.3 POST /echo hello netty", r.content().toString(StandardCharsets.UTF_8));
                } finally {
                    r.release();
                }
            } finally {
                client.close().sync();
            }
        } finally {
            server.close().sync();
        }
    }

    // ---- 50 MiB with back-pressure over bare SslHandlers

    /** Chunk {@code i} of the stream: a fixed pseudo-random block with {@code i} in its first 8 bytes. */
    private static final byte[] BLOCK = new byte[CHUNK];

    static {
        new SplittableRandom(5).nextBytes(BLOCK);
    }

    private static void chunk(int i, Consumer<byte[]> sink) {
        byte[] c = BLOCK.clone();
        for (int k = 0; k < 8; k++) {
            c[k] = (byte) (i >>> (8 * (7 - k)));
        }
        sink.accept(c);
    }

    /** The server side: streams CHUNKS chunks, writing only while the channel is writable. */
    private static final class Streamer extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> blocked = new CompletableFuture<>();
        final CompletableFuture<Void> sent = new CompletableFuture<>();
        final AtomicInteger unwritable = new AtomicInteger();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong maxInFlight = new AtomicLong();
        private int next;

        void start(Channel ch) {
            ch.eventLoop().execute(() -> pump(ch));
        }

        private void pump(Channel ch) {
            while (ch.isWritable() && next < CHUNKS) {
                int i = next++;
                chunk(i, bytes -> {
                    long now = inFlight.addAndGet(bytes.length);
                    maxInFlight.accumulateAndGet(now, Math::max);
                    ch.write(Unpooled.wrappedBuffer(bytes)).addListener((ChannelFutureListener) f -> {
                        inFlight.addAndGet(-bytes.length);
                        if (!f.isSuccess()) {
                            sent.completeExceptionally(f.cause());
                        } else if (i == CHUNKS - 1) {
                            sent.complete(null);
                        }
                    });
                });
            }
            ch.flush();
            if (!ch.isWritable() && next < CHUNKS) {
                blocked.complete(null);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump(ctx.channel());
            } else {
                unwritable.incrementAndGet();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            sent.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** The client side: autoRead off; reads only when told to, a chunk at a time, and digests what arrives. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final MessageDigest sha256 = sha256();
        long received;
        long reads;
        private final CompletableFuture<Void> startReading;

        Sink(CompletableFuture<Void> startReading) {
            this.startReading = startReading;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // SslHandler reads by itself until the handshake is done; application reads wait for the server to
            // have been held up by this client not reading (or 10 s).
            startReading.orTimeout(10, TimeUnit.SECONDS)
                    .whenComplete((v, e) -> ctx.executor().execute(ctx::read));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                sha256.update(bytes);
                received += bytes.length;
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            reads++;
            if (received >= TOTAL) {
                if (!done.isDone()) {
                    done.complete(sha256.digest());
                }
                return;
            }
            if (!startReading.isDone()) {
                return; // a read of the handshake's own: no application reads yet
            }
            if (reads % 64 == 0) {
                ctx.executor().schedule(() -> {
                    ctx.read();
                }, 2, TimeUnit.MILLISECONDS);
            } else {
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new AssertionError("connection closed after " + received + " of " + TOTAL
                    + " bytes"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @ProviderTest
    void largeTransferWithBackPressure(String provider) throws Exception {
        MessageDigest expected = sha256();
        for (int i = 0; i < CHUNKS; i++) {
            chunk(i, expected::update);
        }
        byte[] expectedDigest = expected.digest();

        SSLContext serverCtx = pki.serverContext(provider, KeyType.ECDSA_P256);
        SSLContext clientCtx = pki.clientContext(provider);
        Streamer streamer = new Streamer();
        CompletableFuture<String> serverProtocol = new CompletableFuture<>();
        Channel server = listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                SSLEngine engine = serverCtx.createSSLEngine();
                engine.setUseClientMode(false);
                SslHandler tls = new SslHandler(engine);
                tls.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        serverProtocol.complete(engine.getSession().getProtocol());
                        streamer.start(ch);
                    } else {
                        serverProtocol.completeExceptionally(f.cause());
                    }
                });
                ch.pipeline().addLast(tls, streamer);
            }
        });
        try {
            int port = port(server);
            Sink sink = new Sink(streamer.blocked);
            SslHandler[] clientTls = new SslHandler[1];
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SSLEngine engine = clientCtx.createSSLEngine(Pki.HOST, port);
                            engine.setUseClientMode(true);
                            identifyServer(engine);
                            clientTls[0] = new SslHandler(engine);
                            ch.pipeline().addLast(clientTls[0], sink);
                        }
                    }).connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            try {
                assertEquals("TLSv1.3", serverProtocol.get(15, TimeUnit.SECONDS));
                byte[] digest = sink.done.get(60, TimeUnit.SECONDS);
                assertEquals(TOTAL, sink.received);
                assertArrayEquals(expectedDigest, digest, "SHA-256 of the 50 MiB received");
                streamer.sent.get(5, TimeUnit.SECONDS);
                assertEquals("TLSv1.3", clientTls[0].engine().getSession().getProtocol());
                // back-pressure: the server was held up, and never had more than ~1 MiB queued in Netty
                assertTrue(streamer.blocked.isDone(), "the server's channel never became unwritable");
                assertTrue(streamer.unwritable.get() >= 1, "no writability change seen by the server");
                assertTrue(streamer.maxInFlight.get() <= (1 << 20),
                        "the server queued " + streamer.maxInFlight.get() + " bytes");
            } finally {
                client.close().sync();
            }
        } finally {
            server.close().sync();
        }
    }
}
