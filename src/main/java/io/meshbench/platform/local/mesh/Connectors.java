package io.meshbench.platform.local.mesh;

import io.meshbench.workload.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The plumbing every proxy of the plane shares: listeners and TCP connections on its own loops. */
final class Connectors {
    /**
     * Every channel opened here (listeners, the connections they accept, outgoing connections), per
     * event-loop group. Shutting a Netty 4.2 group down does not close the sockets registered on
     * it: accepted connections stayed open and unread, keep-alive clients kept them pooled, and the
     * next deployment on the same address got its requests sent into them (they hung until the
     * client's timeout). So the group's owner closes them all first ({@link #closeAll}).
     */
    private static final Map<EventLoopGroup, ChannelGroup> OPEN = new ConcurrentHashMap<>();

    private Connectors() {
    }

    /** The channels opened on {@code group} so far (closed ones leave it by themselves). */
    static ChannelGroup openOn(EventLoopGroup group) {
        return OPEN.computeIfAbsent(group, g -> new DefaultChannelGroup("open-on-" + g, GlobalEventExecutor.INSTANCE));
    }

    /** A listener's handler that counts every connection it accepts into {@link #openOn}. */
    static ChannelHandler tracking(EventLoopGroup group) {
        ChannelGroup open = openOn(group);
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object accepted) {
                if (accepted instanceof Channel child) open.add(child);
                ctx.fireChannelRead(accepted);
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        };
    }

    /** Closes every channel opened on {@code group}, waiting up to 5 s; call before shutting the group down. */
    static void closeAll(EventLoopGroup group) {
        ChannelGroup open = OPEN.remove(group);
        if (open == null) return;
        // A channel whose registration failed (e.g. the process was out of file descriptors) has no
        // event loop, and closing it through the group throws: such channels are closed directly.
        java.util.List<ChannelFuture> closing = new java.util.ArrayList<>();
        for (Channel c : open) {
            if (c.isRegistered()) closing.add(c.close());
            else c.unsafe().closeForcibly();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (ChannelFuture f : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left))) break;
        }
    }

    static Channel listen(EventLoopGroup group, ByteBufAllocator alloc, InetSocketAddress address,
                          ChannelHandler childInit) throws InterruptedException {
        ChannelFuture bound = new ServerBootstrap().group(group).channel(Transport.serverChannel(group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .handler(tracking(group))
                .childHandler(childInit)
                .bind(address).await();
        if (!bound.isSuccess()) throw cannotListen(address, bound.cause());
        openOn(group).add(bound.channel());
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
        openOn(loop.parent()).add(cf.channel());
        Promise<Channel> p = loop.newPromise();
        cf.addListener(f -> {
            if (f.isSuccess()) p.trySuccess(cf.channel());
            else p.tryFailure(f.cause());
        });
        return p;
    }
}
