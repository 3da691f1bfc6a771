package io.meshbench.platform.local.mesh;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upstream that never answers fails the request after the proxy's timeout, on a virtual clock. */
class UpstreamTimeoutTest {

    @Test
    void anUpstreamThatNeverAnswersFailsTheRequestAndClosesTheConnection() {
        EmbeddedChannel upstream = new EmbeddedChannel(new UpstreamExchange());
        Future<FullHttpResponse> answer = UpstreamExchange.send(upstream,
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        upstream.runPendingTasks();
        ReferenceCountUtil.release(upstream.readOutbound());   // the request went out
        upstream.advanceTimeBy(UpstreamExchange.RESPONSE_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        upstream.runScheduledPendingTasks();
        assertFalse(answer.isDone(), "still waiting just before the timeout");

        upstream.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        upstream.runScheduledPendingTasks();
        assertTrue(answer.isDone());
        assertInstanceOf(UpstreamExchange.TimedOut.class, answer.cause());
        assertFalse(upstream.isOpen(), "the silent connection is closed, not pooled again");
    }

    @Test
    void anAnswerInTimeCancelsTheTimeout() {
        EmbeddedChannel upstream = new EmbeddedChannel(new UpstreamExchange());
        Future<FullHttpResponse> answer = UpstreamExchange.send(upstream,
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        upstream.runPendingTasks();
        ReferenceCountUtil.release(upstream.readOutbound());
        upstream.writeInbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertTrue(answer.isSuccess());
        ReferenceCountUtil.release(answer.getNow());
        upstream.advanceTimeBy(UpstreamExchange.RESPONSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        upstream.runScheduledPendingTasks();
        assertTrue(upstream.isOpen(), "a connection that answered stays open for reuse");
        upstream.finishAndReleaseAll();
    }
}
