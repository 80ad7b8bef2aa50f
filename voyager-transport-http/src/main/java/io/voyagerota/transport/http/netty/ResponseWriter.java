package io.voyagerota.transport.http.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.voyagerota.transport.http.FileSlice;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Sends one answer on a connection: a small body in the same write as its headers, a file-backed body with
 * {@code sendfile} ({@link DefaultFileRegion}), any other body streamed through {@link ChannelOutput}. Always with
 * {@code Content-Length}, never chunked.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(NettyHttpServer.class);
    /** Bodies up to this size are copied into one buffer and leave with their headers in a single write. */
    private static final int SMALL = 16 * 1024;

    private final Connection connection;
    private final Channel channel;
    private final Executor workers;

    ResponseWriter(Connection connection, Channel channel, Executor workers) {
        this.connection = connection;
        this.channel = channel;
        this.workers = workers;
    }

    /** Sends {@code answer} to {@code request}; from the event loop or a worker. */
    void send(NettyRequest request, VoyagerResponse answer, boolean keepAlive) {
        int status = answer.status();
        RequestBody requestBody = request.stream();
        // A refusal that leaves part of the body on the wire ends the connection: the client would otherwise read
        // this answer while still sending, and the rest of its body would be taken for the next request.
        boolean close = !keepAlive || requestBody.failed() || status >= 400 && !requestBody.arrived();
        HttpHeaders headers = new DefaultHttpHeaders();
        for (VoyagerResponse.Header h : answer.headers()) {
            headers.add(h.name(), h.value());
        }
        ResponseBody body = answer.body();
        boolean bodiless = status < 200 || status == 204 || status == 304;
        if (!bodiless) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        }
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.head().protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        HttpResponseStatus line = HttpResponseStatus.valueOf(status);
        if (bodiless || request.method().equals("HEAD") || body.length() == 0) {
            whole(line, headers, Unpooled.EMPTY_BUFFER, close);
            return;
        }
        Optional<FileSlice> file;
        try {
            file = body.openFile();
        } catch (IOException | RuntimeException e) {
            abort(request, e);
            return;
        }
        if (file.isPresent()) {
            sendFile(line, headers, file.get(), close);
        } else if (body.length() <= SMALL) {
            ByteBuf bytes = channel.alloc().buffer((int) body.length());
            try {
                body.writeTo(new ByteBufOutputStream(bytes));
                if (bytes.readableBytes() != body.length()) {
                    throw new IOException("the body wrote " + bytes.readableBytes() + " bytes of the "
                            + body.length() + " it announced");
                }
            } catch (IOException | RuntimeException e) {
                bytes.release();
                abort(request, e);
                return;
            }
            whole(line, headers, bytes, close);
        } else if (channel.eventLoop().inEventLoop()) {
            // Streaming blocks while the client is slow: never on the event loop, whatever ran the handler.
            workers.execute(() -> stream(request, line, headers, body, close));
        } else {
            stream(request, line, headers, body, close);
        }
    }

    private void whole(HttpResponseStatus line, HttpHeaders headers, ByteBuf content, boolean close) {
        channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, line, content, headers,
                EmptyHttpHeaders.INSTANCE)).addListener(f -> connection.answered((ChannelFuture) f, close));
    }

    private void sendFile(HttpResponseStatus line, HttpHeaders headers, FileSlice slice, boolean close) {
        channel.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, line, headers));
        DefaultFileRegion region = new DefaultFileRegion(slice.channel(), slice.position(), slice.length());
        // The write's future completes once the region has gone out or failed, the connection's closing included.
        channel.write(region).addListener(f -> {
            try {
                slice.finish(f.isSuccess() ? slice.length() : region.transferred());
            } catch (IOException e) {
                LOG.debug("closing an artifact file failed: {}", e.toString());
            }
        });
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                .addListener(f -> connection.answered((ChannelFuture) f, close));
    }

    private void stream(NettyRequest request, HttpResponseStatus line, HttpHeaders headers, ResponseBody body,
                        boolean close) {
        channel.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, line, headers));
        ChannelOutput out = new ChannelOutput(channel, connection.writability());
        try {
            body.writeTo(out);
            if (out.written() != body.length()) {
                throw new IOException("the body wrote " + out.written() + " bytes of the " + body.length()
                        + " it announced");
            }
        } catch (IOException | RuntimeException e) {
            abort(request, e);
            return;
        }
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                .addListener(f -> connection.answered((ChannelFuture) f, close));
    }

    /** Usually the device went away mid-download; it resumes with Range. Closing tells it the body is short. */
    private void abort(NettyRequest request, Exception e) {
        LOG.debug("{} {}: response not completed: {}", request.method(), request.path(), e.toString());
        channel.close();
    }
}
