package io.meshbench.workload;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keep-alive HTTP/1.1 connections to one destination (one {@link Route#poolKey()}), at most
 * {@code maxConnections} of them. When all are busy a call waits in a FIFO queue for the next
 * one released. A new connection gets the route's preamble written before it is handed out, so
 * the preamble always precedes the first HTTP bytes.
 *
 * <p>Why not Netty's {@code FixedChannelPool}: it would keep calls timed from issue (OutboundClient
 * takes the time before {@link #acquire}, whatever pool it asks), and its handler could write the
 * preamble. But it runs every acquire and release on one event loop of its own, so a call made on any
 * other of the workloads' loops would hop threads twice — a task hand-off and wake-up that would be
 * added to every measured call, cost of the harness rather than of the mesh. This pool takes a short
 * lock on the caller's own thread instead.
 */
final class ConnectionPool {
    private final Bootstrap bootstrap;
    private final Route route;
    private final int maxConnections;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Channel>> waiters = new ArrayDeque<>();
    private final List<Channel> all = new ArrayList<>();
    private int open;
    private boolean closed;

    ConnectionPool(Bootstrap bootstrap, Route route, int maxConnections) {
        this.bootstrap = bootstrap;
        this.route = route;
        this.maxConnections = maxConnections;
    }

    /** Completes with a connection for exclusive use; give it back with {@link #release}. */
    CompletableFuture<Channel> acquire() {
        CompletableFuture<Channel> wanted = new CompletableFuture<>();
        boolean connect = false;
        synchronized (this) {
            if (closed) {
                wanted.completeExceptionally(new IllegalStateException("connection pool closed"));
                return wanted;
            }
            Channel ch;
            while ((ch = idle.pollFirst()) != null) {
                if (ch.isActive()) {
                    wanted.complete(ch);
                    return wanted;
                }
                forget(ch);
            }
            if (open < maxConnections) {
                open++;
                connect = true;
            } else {
                waiters.addLast(wanted);
            }
        }
        if (connect) connect(wanted);
        return wanted;
    }

    /**
     * Churn probe: a connection opened for one call only, outside the pool's limit and never
     * pooled — its caller closes it after the call. Opened exactly as a pooled one (same route, same
     * preamble), so it goes through the data plane as any new connection would.
     */
    CompletableFuture<Channel> acquireNew() {
        CompletableFuture<Channel> wanted = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                wanted.completeExceptionally(new IllegalStateException("connection pool closed"));
                return wanted;
            }
        }
        ChannelFuture f = bootstrap.connect(route.connectTo());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                wanted.completeExceptionally(done.cause());
                return;
            }
            writePreamble(f.channel());
            if (!wanted.complete(f.channel())) f.channel().close();   // its caller gave up meanwhile
        });
        return wanted;
    }

    /** Returns a connection; a broken or non-reusable one is closed and its slot freed. */
    void release(Channel ch, boolean reusable) {
        while (true) {
            CompletableFuture<Channel> waiter = null;
            CompletableFuture<Channel> connectFor = null;
            synchronized (this) {
                if (reusable && ch.isActive() && !closed) {
                    waiter = waiters.pollFirst();
                    if (waiter == null) {
                        idle.addFirst(ch);             // most recently used first: keeps the set small
                        return;
                    }
                } else {
                    forget(ch);
                    connectFor = claimSlotForWaiter();
                }
            }
            // Waiters are completed outside the lock: their continuation sends the next request.
            if (waiter != null) {
                if (waiter.complete(ch)) return;
                continue;                              // that waiter gave up (timed out): next one
            }
            ch.close();
            if (connectFor != null) connect(connectFor);
            return;
        }
    }

    private void connect(CompletableFuture<Channel> wanted) {
        ChannelFuture f = bootstrap.connect(route.connectTo());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                connectFailed();
                wanted.completeExceptionally(done.cause());
                return;
            }
            Channel ch = f.channel();
            synchronized (this) {
                all.add(ch);
            }
            ch.closeFuture().addListener(c -> onClosed(ch));
            writePreamble(ch);
            if (!wanted.complete(ch)) release(ch, true);   // its caller gave up meanwhile
        });
    }

    private void writePreamble(Channel ch) {
        if (route.preamble() != null && route.preamble().length > 0) {
            // Below the HTTP codec (which refuses raw bytes before a request): straight to the socket.
            ch.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(route.preamble()));
        }
    }

    private void connectFailed() {
        CompletableFuture<Channel> next;
        synchronized (this) {
            open--;
            next = claimSlotForWaiter();
        }
        if (next != null) connect(next);
    }

    private void onClosed(Channel ch) {
        CompletableFuture<Channel> next;
        synchronized (this) {
            idle.remove(ch);
            forget(ch);
            next = claimSlotForWaiter();
        }
        if (next != null) connect(next);
    }

    /**
     * With the lock held: a connected channel stops counting against the limit. Each channel is
     * counted off once, by whichever comes first: its close or its release as broken.
     */
    private void forget(Channel ch) {
        if (all.remove(ch)) open--;
    }

    /** With the lock held: when a slot is free and someone waits, reserves the slot for them. */
    private CompletableFuture<Channel> claimSlotForWaiter() {
        if (closed || open >= maxConnections) return null;
        CompletableFuture<Channel> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.isDone()) {
                open++;
                return w;
            }
        }
        return null;
    }

    void close() {
        List<Channel> toClose;
        List<CompletableFuture<Channel>> toFail;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            toFail = new ArrayList<>(waiters);
            waiters.clear();
            idle.clear();
        }
        toFail.forEach(w -> w.completeExceptionally(new IllegalStateException("connection pool closed")));
        toClose.forEach(Channel::close);
    }
}
