package io.meshbench.platform.local.mesh;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Idle upstream connections (or HBONE streams) of one proxy, per destination: a request takes an
 * idle one if there is one, else the connector opens a new one; after the response it goes back.
 */
public final class UpstreamPool {

    /** Opens a new upstream channel whose pipeline ends in an {@link UpstreamExchange}. */
    @FunctionalInterface
    public interface Connector {
        Future<Channel> connect(EventLoop loop);
    }

    private final Map<String, Deque<Channel>> idle = new ConcurrentHashMap<>();

    public Future<Channel> acquire(String key, Connector connector, EventLoop loop) {
        Deque<Channel> queue = idle.get(key);
        if (queue != null) {
            for (Channel c = queue.pollLast(); c != null; c = queue.pollLast()) {
                if (c.isActive()) return loop.newSucceededFuture(c);
            }
        }
        return connector.connect(loop);
    }

    public void release(String key, Channel channel) {
        if (channel.isActive()) idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).offerLast(channel);
        else channel.close();
    }

    public void closeAll() {
        idle.values().forEach(q -> q.forEach(Channel::close));
        idle.clear();
    }
}
