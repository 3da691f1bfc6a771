package io.meshbench.workload;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Chooses the Netty transport: native epoll on Linux when its library loads (timers precise to
 * microseconds, so a scripted sleep is not rounded up to the next millisecond), NIO elsewhere.
 * Channels must match their group's transport, so code that bootstraps channels on a shared group
 * asks this class for the channel types.
 */
public final class Transport {
    private Transport() {
    }

    public static boolean epoll() {
        return Epoll.isAvailable();
    }

    public static IoHandlerFactory ioHandlerFactory() {
        return epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    private static boolean isEpoll(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && epoll() && io.isIoType(EpollIoHandler.class);
    }

    public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "epoll" or "nio", for the results' environment. */
    public static String name() {
        return epoll() ? "epoll" : "nio";
    }
}
