package io.voyagerota.transport.http.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.RequestThreads;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Netty HTTP/1.1 server for {@link VoyagerHttpHandler}s and other handlers of the same request and response
 * types, for hosts that want more requests per second than the JDK's server gives, and artifacts sent from file
 * with {@code sendfile}:
 *
 * <pre>{@code
 * try (NettyHttpServer server = NettyHttpServer.builder()
 *         .bind(new InetSocketAddress(8080))
 *         .mount(handler)                          // at its base path
 *         .mount("/console", console::handle)
 *         .start()) {
 *     …
 * }
 * }</pre>
 *
 * <p>It uses the epoll transport where Netty's native library loads and NIO elsewhere. Handlers run on
 * {@linkplain Builder#workers workers}, request bodies stream to them with backpressure (reading stops while a
 * bounded amount waits), and a body written to a slow client blocks its worker rather than filling the heap. Bodies
 * that {@link io.voyagerota.transport.http.ResponseBody#openFile() come from a file} leave through
 * {@code sendfile}; others of at most 16 KiB leave in one write with their headers. Requests on a connection are
 * answered one at a time, in order; request lines over 8 KiB get 414 and headers over 16 KiB 431, and the
 * connection ends. Connections on which nothing moves for the {@linkplain Builder#idleTimeout idle timeout} are
 * closed.
 */
public final class NettyHttpServer implements AutoCloseable {
    static final int MAX_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final EventLoopGroup loops;
    private final Channel listener;
    private final ChannelGroup connections;
    private final @Nullable ExecutorService ownedWorkers; // null when the host gave its own
    private final boolean nativeTransport;

    private NettyHttpServer(EventLoopGroup loops, Channel listener, ChannelGroup connections,
                            @Nullable ExecutorService ownedWorkers, boolean nativeTransport) {
        this.loops = loops;
        this.listener = listener;
        this.connections = connections;
        this.ownedWorkers = ownedWorkers;
        this.nativeTransport = nativeTransport;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound port, useful when bound to port 0. */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Whether the epoll transport is in use (rather than NIO). */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /**
     * Stops accepting connections, leaving those open to finish what they are doing: the first step of a graceful
     * shutdown, whose host waits for its requests in progress and then calls {@link #close}.
     */
    public void stopAccepting() {
        listener.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Stops at once: the listener and every connection close (downloads in progress are cut off; devices resume
     * with Range), then the default workers and the event loops stop, each waited for a few seconds at most.
     */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        // Workers first: one still writing to a closed connection needs the event loop to hear that it failed.
        if (ownedWorkers != null) {
            ownedWorkers.shutdownNow();
            try {
                ownedWorkers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.shutdownGracefully(0, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)
                .awaitUninterruptibly(CLOSE_WAIT_SECONDS + 1, TimeUnit.SECONDS);
    }

    /** Configures a {@link NettyHttpServer}; everything but one mount has a default. */
    public static final class Builder {
        private InetSocketAddress address = new InetSocketAddress(8080);
        private final Map<String, Function<VoyagerRequest, VoyagerResponse>> mounts = new LinkedHashMap<>();
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private @Nullable Executor workers; // null: RequestThreads' default, owned by the server
        private Duration idleTimeout = Duration.ofMinutes(2);
        private Predicate<VoyagerRequest> inline = request -> false;
        private boolean forceNio;

        private Builder() {
        }

        /** Where to listen; port 0 picks a free one ({@link #port()} tells which). Default: port 8080. */
        public Builder bind(InetSocketAddress value) {
            this.address = notNull(value, "address");
            return this;
        }

        /**
         * Serves {@code handler}, which must never throw (one that does gets a logged 500), for every request whose
         * raw path starts with {@code contextPath}; of several, the longest such path wins, and {@code /} catches all.
         */
        public Builder mount(String contextPath, Function<VoyagerRequest, VoyagerResponse> handler) {
            if (contextPath == null || !contextPath.startsWith("/") || handler == null) {
                throw new IllegalArgumentException("a mount needs a context path starting with '/' and a handler");
            }
            if (mounts.putIfAbsent(contextPath, handler) != null) {
                throw new IllegalArgumentException("a handler is already mounted at " + contextPath
                        + "; mount each context path once");
            }
            return this;
        }

        /** Serves {@code handler} at its {@linkplain io.voyagerota.transport.http.HttpConfig#basePath() base path}. */
        public Builder mount(VoyagerHttpHandler handler) {
            String base = notNull(handler, "handler").config().basePath();
            return mount(base.isEmpty() ? "/" : base, handler::handle);
        }

        /** Event loop threads, which accept, read and write; default: one per available processor. */
        public Builder ioThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, not " + value);
            }
            this.ioThreads = value;
            return this;
        }

        /**
         * Where handlers run (the server does not shut it down); default: a virtual thread per request on JDK 24 and
         * later, else a fixed pool, as {@code JdkHttpServerAdapter.newDefaultExecutor()} — stopped by {@link #close}.
         * Size a pool for the downloads you expect at once: a streamed (non-file) download holds its worker.
         */
        public Builder workers(Executor value) {
            this.workers = notNull(value, "workers");
            return this;
        }

        /**
         * Requests this accepts are answered on the event loop itself, without a hop to a worker: only for handlers
         * that never block (no storage, no database, no lock held by others), such as one answering from memory.
         * A request with a body is never answered inline. Default: none.
         */
        public Builder inline(Predicate<VoyagerRequest> value) {
            this.inline = notNull(value, "inline");
            return this;
        }

        /**
         * How long a connection may see neither a byte in nor a byte out before it is closed, unless an answer to it
         * is being computed: kept-alive connections nobody uses, and clients that stop halfway through a head or a
         * body. Default: 2 minutes.
         */
        public Builder idleTimeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be a positive duration, not " + value);
            }
            this.idleTimeout = value;
            return this;
        }

        /** Uses NIO even where epoll is available, to compare them; default: epoll where it loads. */
        public Builder forceNio(boolean value) {
            this.forceNio = value;
            return this;
        }

        /** Binds and starts serving. */
        public NettyHttpServer start() throws IOException {
            if (mounts.isEmpty()) {
                throw new IllegalStateException("mount at least one handler before starting the server");
            }
            boolean epoll = !forceNio && Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class
                    : NioServerSocketChannel.class;
            EventLoopGroup loops = new MultiThreadIoEventLoopGroup(ioThreads,
                    new DefaultThreadFactory("voyager-netty", true), io);
            ExecutorService owned = workers == null ? RequestThreads.newDefault("voyager-netty-worker-") : null;
            Routes routes = new Routes(mounts, workers == null ? owned : workers, inline);
            ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            long idle = idleTimeout.toMillis();
            ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(128 * 1024, 512 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS),
                                    new HttpServerCodec(new HttpDecoderConfig()
                                            .setMaxInitialLineLength(MAX_LINE_BYTES)
                                            .setMaxHeaderSize(MAX_HEADER_BYTES)
                                            .setMaxChunkSize(64 * 1024)),
                                    new HttpServerExpectContinueHandler(),
                                    new Connection(routes));
                        }
                    });
            try {
                Channel listener = bootstrap.bind(address).sync().channel();
                return new NettyHttpServer(loops, listener, connections, owned, epoll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(loops, owned);
                throw new InterruptedIOException("interrupted while binding " + address);
            } catch (Exception e) { // Netty rethrows the bind's IOException without declaring it
                stop(loops, owned);
                String why = "cannot listen on " + address + ": " + e.getMessage();
                // NIO says BindException; epoll a NativeIoException with the errno. Hosts (voyager serve) tell a
                // port in use from other failures by the type, as with the JDK's servers.
                if (e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                    BindException bind = new BindException(why);
                    bind.initCause(e);
                    throw bind;
                }
                throw new IOException(why, e);
            }
        }

        private static void stop(EventLoopGroup loops, @Nullable ExecutorService owned) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (owned != null) {
                owned.shutdownNow();
            }
        }

        private static <T> T notNull(T value, String field) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not be null");
            }
            return value;
        }
    }
}
