package io.meshbench.platform.local.mesh;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Opens one mTLS connection and reports whether the handshake succeeded, and whether the peer then closed. */
final class TlsProbe {

    private TlsProbe() {
    }

    /** Null if the handshake succeeded, else the failure. */
    static Throwable handshake(MeshTls tls, InetSocketAddress to, String expectedPeer, boolean http2) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslHandler[] ssl = new SslHandler[1];
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            ssl[0] = tls.clientHandler(to, expectedPeer, http2);
                            c.pipeline().addLast(ssl[0]);
                        }
                    }).connect(to).sync().channel();
            Future<Channel> done = ssl[0].handshakeFuture().await(10, TimeUnit.SECONDS) ? ssl[0].handshakeFuture() : null;
            if (done == null) return new IllegalStateException("handshake timed out");
            if (!done.isSuccess()) return done.cause();
            // TLS 1.3: the server checks the client certificate after the client considers itself done;
            // a rejected client learns it when the server closes the connection.
            boolean closed = ch.closeFuture().await(500, TimeUnit.MILLISECONDS);
            ch.close();
            return closed ? new IllegalStateException("server closed the connection after the handshake") : null;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
    }
}
