package io.voyagerota.transport.http.netty;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Problems;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's requests, one at a time: reading is off unless this handler asks, and it asks only for the body
 * of the request being answered (while its queue has room) or, once that answer is out, for the next request.
 * Pipelined requests that arrived early wait in {@link #pending}, which holds at most what one read brought in.
 * All state is touched on the channel's event loop only.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(NettyHttpServer.class);

    private final Routes routes;
    private final Object writability = new Object();
    private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ResponseWriter writer;
    private @Nullable NettyRequest current; // being answered, until its answer is out and its body consumed
    private boolean answered;
    private boolean inputClosed;
    private boolean bodyWanted = true;
    private boolean processing;

    Connection(Routes routes) {
        this.routes = routes;
    }

    /** Notified when the channel's writability changes or it closes; {@link ChannelOutput} waits on it. */
    Object writability() {
        return writability;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.writer = new ResponseWriter(this, ctx.channel(), routes.workers());
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject http) {
            pending.add(http);
            process();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // Nothing moved for the idle timeout: a kept-alive connection nobody uses, a head or a body that
            // stopped halfway. An answer being computed or sent is left alone.
            if (current == null || !current.stream().arrived()) {
                LOG.debug("closing idle connection from {}", ctx.channel().remoteAddress());
                ctx.close();
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            // The client sent all it will (the decoder has already passed on what it had): answer what is in
            // hand, then close.
            inputClosed = true;
            if (!processing) {
                process();
            }
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        synchronized (writability) {
            writability.notifyAll();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.stream().fail(new IOException("the client closed the connection"));
        }
        HttpObject msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        synchronized (writability) {
            writability.notifyAll();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Called on the event loop when the last write of an answer has completed. */
    void answered(ChannelFuture written, boolean close) {
        if (!written.isSuccess() || close) {
            written.channel().close();
            return;
        }
        answered = true;
        if (current != null && !current.stream().arrived()) {
            current.stream().discard(); // the rest of the body is dropped as it comes in, before the next request
            bodyWanted = true; // reading had stopped if the unread body filled its queue: the rest must come in
        }
        if (!processing) {
            process();
        }
    }

    private void process() {
        processing = true;
        try {
            while (true) {
                settle();
                HttpObject msg = pending.peek();
                if (msg == null) {
                    break;
                }
                if (current == null) {
                    pending.poll();
                    if (msg instanceof HttpRequest head) {
                        begin(head);
                    } else {
                        ReferenceCountUtil.release(msg);
                    }
                } else if (msg instanceof HttpContent content && !current.stream().arrived()) {
                    pending.poll();
                    feed(current.stream(), content);
                } else {
                    break; // the next request waits until this one is answered
                }
            }
        } finally {
            processing = false;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        if (inputClosed && current != null && !current.stream().arrived()) {
            // The decoder passes nothing on for a request body cut short by the client's end of input.
            current.stream().fail(new IOException("the client ended its input before the request body was complete"));
        }
        if (current == null && inputClosed) {
            ctx.close();
        } else if (!inputClosed && (current == null || !current.stream().arrived() && bodyWanted)) {
            ctx.read();
        }
    }

    /** Ends the current exchange once its answer is out and its body has come in. */
    private void settle() {
        if (current != null && answered && current.stream().arrived()) {
            current.stream().discard(); // frees what the handler left unread
            current = null;
        }
    }

    private void begin(HttpRequest head) {
        answered = false;
        bodyWanted = true;
        DecoderResult decoded = head.decoderResult();
        if (decoded.isFailure()) {
            refuse(head, decoded.cause());
            return;
        }
        boolean hasBody = HttpUtil.isContentLengthSet(head) ? HttpUtil.getContentLength(head, 0L) > 0
                : HttpUtil.isTransferEncodingChunked(head);
        NettyRequest request = new NettyRequest(head, new RequestBody(() -> ctx.executor().execute(this::resume)));
        current = request;
        boolean keepAlive = HttpUtil.isKeepAlive(head) && !inputClosed;
        if (!hasBody && routes.inline(request)) {
            answer(request, keepAlive);
            return;
        }
        try {
            routes.workers().execute(() -> answer(request, keepAlive));
        } catch (RejectedExecutionException e) {
            writer.send(request, Problems.response(HttpProblem.of(503, "unavailable", "the server is shutting down"
                    + " or overloaded; try again shortly"), request.path()), false);
        }
    }

    private void feed(RequestBody body, HttpContent content) {
        DecoderResult decoded = content.decoderResult();
        if (decoded.isFailure()) {
            content.release();
            body.fail(new IOException("the request body is malformed or was cut short"));
            return;
        }
        bodyWanted = body.offer(content.content()); // the body now owns the buffer
        if (content instanceof LastHttpContent) {
            body.end();
        }
    }

    /** The handler's thread has read the body's queue down: read on. */
    private void resume() {
        bodyWanted = true;
        if (current != null && !current.stream().arrived() && pending.isEmpty() && !inputClosed
                && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    private void answer(NettyRequest request, boolean keepAlive) {
        VoyagerResponse answer;
        try {
            answer = routes.handle(request);
        } catch (RuntimeException e) {
            LOG.warn("{} {}: the handler failed; answering 500", request.method(), request.path(), e);
            answer = Problems.response(HttpProblem.of(500, "internal-error", "the server failed to answer this"
                    + " request; the failure is in its log"), request.path());
        }
        try {
            writer.send(request, answer, keepAlive);
        } catch (RuntimeException e) {
            LOG.warn("{} {}: the answer could not be sent", request.method(), request.path(), e);
            ctx.close();
        }
    }

    /** A request the codec could not read: a short problem, then the connection ends. */
    private void refuse(HttpRequest head, Throwable cause) {
        NettyRequest request = new NettyRequest(head, RequestBody.empty());
        current = request;
        HttpProblem problem;
        if (cause instanceof TooLongHttpHeaderException) {
            problem = HttpProblem.of(431, "header-too-large", "the request's headers are longer than the "
                    + NettyHttpServer.MAX_HEADER_BYTES / 1024 + " KiB this server reads; send fewer or shorter ones");
        } else if (cause instanceof TooLongHttpLineException) {
            problem = HttpProblem.of(414, "uri-too-long", "the request line is longer than the "
                    + NettyHttpServer.MAX_LINE_BYTES / 1024 + " KiB this server reads; shorten the path and query");
        } else {
            problem = HttpProblem.of(400, "invalid-request", "the request is not well-formed HTTP/1.1;"
                    + " check its request line and headers");
        }
        String path = request.path().startsWith("/") && request.path().length() <= 256 ? request.path() : "/";
        writer.send(request, Problems.response(problem, path), false);
    }
}
