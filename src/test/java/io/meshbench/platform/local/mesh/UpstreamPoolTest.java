package io.meshbench.platform.local.mesh;

import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamPoolTest {
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final AtomicInteger connects = new AtomicInteger();
    private final UpstreamPool.Connector connector = l -> {
        connects.incrementAndGet();
        return l.newSucceededFuture(new EmbeddedChannel());
    };

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void opensAtMostTheLimitAndQueuesTheRestInOrder() throws Exception {
        UpstreamPool pool = new UpstreamPool(2, Duration.ofSeconds(10));
        Channel a = pool.acquire("d", connector, loop).get(1, TimeUnit.SECONDS);
        Channel b = pool.acquire("d", connector, loop).get(1, TimeUnit.SECONDS);
        Future<Channel> third = pool.acquire("d", connector, loop);
        Future<Channel> fourth = pool.acquire("d", connector, loop);
        assertEquals(2, connects.get());
        assertFalse(third.isDone(), "all connections busy: the third request waits");

        pool.release(b);
        assertSame(b, third.get(1, TimeUnit.SECONDS), "the first waiter gets the released connection");
        assertFalse(fourth.isDone());

        a.close();   // a closed connection frees its place: the next waiter gets a new one
        Channel fresh = fourth.get(1, TimeUnit.SECONDS);
        assertTrue(fresh != a && fresh != b);
        assertEquals(3, connects.get());
    }

    @Test
    void destinationsHaveTheirOwnLimit() throws Exception {
        UpstreamPool pool = new UpstreamPool(1, Duration.ofSeconds(10));
        pool.acquire("x", connector, loop).get(1, TimeUnit.SECONDS);
        assertTrue(pool.acquire("y", connector, loop).await(1, TimeUnit.SECONDS));
        assertEquals(2, connects.get());
    }

    @Test
    void idleConnectionsAreReusedBeforeNewOnesOpen() throws Exception {
        UpstreamPool pool = new UpstreamPool(4, Duration.ofSeconds(10));
        Channel a = pool.acquire("d", connector, loop).get(1, TimeUnit.SECONDS);
        pool.release(a);
        assertSame(a, pool.acquire("d", connector, loop).get(1, TimeUnit.SECONDS));
        assertEquals(1, connects.get());
    }

    @Test
    void aWaiterFailsWithOverflowAfterThePendingLimit() throws Exception {
        UpstreamPool pool = new UpstreamPool(1, Duration.ofMillis(100));
        pool.acquire("d", connector, loop).get(1, TimeUnit.SECONDS);
        Future<Channel> waiting = pool.acquire("d", connector, loop);
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        assertInstanceOf(UpstreamPool.Overflow.class, waiting.cause());
    }

    @Test
    void closingFailsWaitersAndClosesIdleConnections() throws Exception {
        UpstreamPool pool = new UpstreamPool(1, Duration.ofSeconds(10));
        Channel a = pool.acquire("d", connector, loop).get(1, TimeUnit.SECONDS);
        Future<Channel> waiting = pool.acquire("d", connector, loop);
        Channel other = pool.acquire("e", connector, loop).get(1, TimeUnit.SECONDS);
        pool.release(other);
        pool.closeAll();
        assertTrue(waiting.await(1, TimeUnit.SECONDS));
        assertFalse(waiting.isSuccess());
        assertFalse(other.isOpen(), "idle connections are closed");
        assertTrue(a.isOpen(), "a connection in use is its request's to finish");
        pool.release(a);
        assertFalse(a.isOpen(), "released after close: closed");
    }

    @Test
    void eachEventLoopHasItsOwnConnectionsAsEnvoysWorkersDo() throws Exception {
        DefaultEventLoopGroup two = new DefaultEventLoopGroup(2);
        try {
            EventLoop first = two.next();
            EventLoop second = two.next();
            UpstreamPool pool = new UpstreamPool(1, Duration.ofSeconds(10));
            Channel a = pool.acquire("d", connector, first).get(1, TimeUnit.SECONDS);
            pool.release(a);
            Channel b = pool.acquire("d", connector, second).get(1, TimeUnit.SECONDS);
            assertTrue(b != a, "the other loop opens its own connection rather than take the first loop's idle one");
            assertEquals(2, connects.get(), "and its limit of one is its own: the first loop's connection does not count");
            assertSame(a, pool.acquire("d", connector, first).get(1, TimeUnit.SECONDS), "the first loop reuses its own");

            Future<Channel> waiting = pool.acquire("d", connector, second);
            assertFalse(waiting.isDone(), "the second loop's only connection is busy: it waits, even with none idle elsewhere");
            pool.release(a);
            assertFalse(waiting.await(200, TimeUnit.MILLISECONDS), "a connection released on the first loop does not serve the second");
            pool.release(b);
            assertSame(b, waiting.get(1, TimeUnit.SECONDS));
        } finally {
            two.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
