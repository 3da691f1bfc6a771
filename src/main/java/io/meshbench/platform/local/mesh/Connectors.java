package io.meshbench.platform.local.mesh;

import io.meshbench.workload.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;

/** The plumbing every proxy of the plane shares: listeners and TCP connections on its own loops. */
final class Connectors {

    private Connectors() {
    }

    static Channel listen(EventLoopGroup group, ByteBufAllocator alloc, InetSocketAddress address,
                          ChannelHandler childInit) throws InterruptedException {
        ChannelFuture bound = new ServerBootstrap().group(group).channel(Transport.serverChannel(group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(childInit)
                .bind(address).await();
        if (!bound.isSuccess()) throw cannotListen(address, bound.cause());
        return bound.channel();
    }

    /** Names the address, and the usual cause on a shared machine, when a bind fails. */
    static IllegalStateException cannotListen(InetSocketAddress address, Throwable cause) {
        return new IllegalStateException("cannot listen on " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + ": " + cause.getMessage() + " (is another meshbench run on this machine using the same loopback "
                + "addresses? runs and test JVMs need distinct address blocks)", cause);
    }

    /** A TCP connection to {@code remote} on {@code loop}, from {@code local} (a pod IP) if given. */
    static Future<Channel> connect(EventLoop loop, ByteBufAllocator alloc, InetSocketAddress local,
                                   InetSocketAddress remote, ChannelHandler init, boolean autoRead) {
        Bootstrap b = new Bootstrap().group(loop).channel(Transport.socketChannel(loop))
                .option(ChannelOption.ALLOCATOR, alloc)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, autoRead)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(init);
        ChannelFuture cf = local == null ? b.connect(remote) : b.connect(remote, local);
        Promise<Channel> p = loop.newPromise();
        cf.addListener(f -> {
            if (f.isSuccess()) p.trySuccess(cf.channel());
            else p.tryFailure(f.cause());
        });
        return p;
    }
}
