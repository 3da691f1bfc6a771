package io.meshbench.platform.local.mesh;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Upstream connections (or HBONE streams) of one proxy, per destination, with a circuit breaker as
 * Envoy's cluster has one: at most {@link #MAX_CONNECTIONS} open per destination; a request that
 * finds them all busy waits in a FIFO for the next one released (Envoy's pending requests), and
 * fails with {@link Overflow} (Envoy's flag UO) if none comes within {@link #PENDING_LIMIT}.
 *
 * <p>Why a limit: without one, a cold deployment met by its full rate opened a connection (and an
 * mTLS handshake) per waiting request; the handshakes slowed every call, more requests waited,
 * more connections opened — a 259-pod sidecar deployment went from 4,000 to 20,000 open files
 * (the process's limit) in 5 s of warm-up traffic and failed 97% of its requests. Envoy's default
 * limit (1,024 per cluster) is far above what one emulated proxy ever needs at the rates this
 * machine carries (steady-state concurrency per destination well below 1), so the limit only binds
 * in such a storm, where it makes requests queue as they would behind an Envoy circuit breaker
 * instead of multiplying connections.
 *
 * <p>Connections are pooled per event loop, as Envoy pools them per worker thread: a request only
 * gets a connection of the loop it arrived on. Why: with one pool shared by a sidecar's two loops,
 * a request on one loop took the other's idle connection about half the time, and each such
 * request crossed threads twice (the write handed to the connection's loop, the response handed
 * back), each a wake-up of a sleeping thread. The limit applies per destination and loop.
 */
public final class UpstreamPool {

    /** Open connections per destination and event loop; see the class comment for why this many. */
    public static final int MAX_CONNECTIONS = 8;
    /** How long a request waits for a busy destination's connection: the proxies' upstream timeout. */
    public static final Duration PENDING_LIMIT = UpstreamExchange.RESPONSE_TIMEOUT;

    /** Opens a new upstream channel whose pipeline ends in an {@link UpstreamExchange}. */
    @FunctionalInterface
    public interface Connector {
        Future<Channel> connect(EventLoop loop);
    }

    /** A request waited {@link #PENDING_LIMIT} for a connection to a destination whose connections were all busy. */
    public static final class Overflow extends Exception {
        Overflow(String key, int max, Duration waited) {
            super("upstream overflow: all " + max + " connections to " + key + " busy for " + waited.toSeconds() + " s");
        }
    }

    private record Waiter(Promise<Channel> promise, Connector connector, EventLoop loop) {
    }

    /** A destination as one event loop sees it: its connections are that loop's. */
    private record Key(String destination, EventLoop loop) {
    }

    /** Which pool a connection belongs to, set when it opens (its release finds the pool by it). */
    private static final AttributeKey<Destination> POOL = AttributeKey.valueOf("meshbench.upstreamPool");

    /** One destination's connections on one event loop; guarded by itself. */
    private static final class Destination {
        int open;
        final Deque<Channel> idle = new ArrayDeque<>();
        final Deque<Waiter> waiting = new ArrayDeque<>();
    }

    private final int maxConnections;
    private final Duration pendingLimit;
    private final Map<Key, Destination> destinations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public UpstreamPool() {
        this(MAX_CONNECTIONS, PENDING_LIMIT);
    }

    UpstreamPool(int maxConnections, Duration pendingLimit) {
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be ≥ 1, got " + maxConnections);
        this.maxConnections = maxConnections;
        this.pendingLimit = pendingLimit;
    }

    /**
     * An idle connection of {@code loop} to {@code key}, a new one (opened on {@code loop}) while
     * fewer than the limit are open, else the next one of {@code loop}'s released.
     */
    public Future<Channel> acquire(String key, Connector connector, EventLoop loop) {
        Destination d = destinations.computeIfAbsent(new Key(key, loop), k -> new Destination());
        synchronized (d) {
            if (closed) return loop.newFailedFuture(new IllegalStateException("the proxy is closing"));
            for (Channel c = d.idle.pollLast(); c != null; c = d.idle.pollLast()) {
                if (c.isActive()) return loop.newSucceededFuture(c);
            }
            if (d.open >= maxConnections) {
                Waiter w = new Waiter(loop.newPromise(), connector, loop);
                d.waiting.addLast(w);
                loop.schedule(() -> {
                    boolean expired;
                    synchronized (d) {
                        expired = d.waiting.remove(w);
                    }
                    if (expired) w.promise().tryFailure(new Overflow(key, maxConnections, pendingLimit));
                }, pendingLimit.toMillis(), TimeUnit.MILLISECONDS);
                return w.promise();
            }
            d.open++;
        }
        Promise<Channel> opened = loop.newPromise();
        open(key, d, connector, loop, opened);
        return opened;
    }

    /** Opens a connection counted in {@code d.open} (already incremented) and completes {@code into} with it. */
    private void open(String key, Destination d, Connector connector, EventLoop loop, Promise<Channel> into) {
        Future<Channel> connecting;
        try {
            connecting = connector.connect(loop);
        } catch (RuntimeException e) {
            gone(key, d);
            into.tryFailure(e);
            return;
        }
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                gone(key, d);
                into.tryFailure(done.cause());
                return;
            }
            Channel c = connecting.getNow();
            c.attr(POOL).set(d);
            c.closeFuture().addListener(x -> {
                synchronized (d) {
                    d.idle.remove(c);
                }
                gone(key, d);
            });
            if (!into.trySuccess(c)) release(c);   // its waiter gave up meanwhile: pass it on
        });
    }

    /** A connection of {@code d} closed or failed to open: its place goes to the first waiter, if any. */
    private void gone(String key, Destination d) {
        Waiter next;
        synchronized (d) {
            d.open--;
            next = closed ? null : d.waiting.pollFirst();
            if (next != null) d.open++;
        }
        if (next != null) open(key, d, next.connector(), next.loop(), next.promise());
    }

    /** Returns a connection after a response: to its pool's first waiter, else to its idle ones. */
    public void release(Channel channel) {
        Destination d = channel.attr(POOL).get();
        if (d == null || !channel.isActive() || closed) {
            channel.close();
            return;
        }
        for (int i = 0; i < 1_000; i++) {   // bounded: each pass removes one waiter
            Waiter next;
            synchronized (d) {
                next = d.waiting.pollFirst();
                if (next == null) {
                    d.idle.offerLast(channel);
                    return;
                }
            }
            if (next.promise().trySuccess(channel)) return;
        }
        channel.close();
    }

    /** Closes the idle connections and fails every waiting request; connections in use close with their proxy. */
    public void closeAll() {
        closed = true;
        List<Channel> idle = new ArrayList<>();
        List<Waiter> waiting = new ArrayList<>();
        for (Destination d : destinations.values()) {
            synchronized (d) {
                idle.addAll(d.idle);
                d.idle.clear();
                waiting.addAll(d.waiting);
                d.waiting.clear();
            }
        }
        idle.forEach(Channel::close);
        waiting.forEach(w -> w.promise().tryFailure(new IllegalStateException("the proxy is closing")));
    }
}
