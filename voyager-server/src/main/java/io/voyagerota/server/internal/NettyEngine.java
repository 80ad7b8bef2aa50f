package io.voyagerota.server.internal;

import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.netty.NettyHttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Netty: the native epoll transport where it loads, files sent with sendfile. */
final class NettyEngine implements HttpFront.Engine {
    @Override
    public HttpFront.Listener start(InetSocketAddress address,
                                    Map<String, Function<VoyagerRequest, VoyagerResponse>> mounts) throws IOException {
        NettyHttpServer.Builder builder = NettyHttpServer.builder().bind(address);
        mounts.forEach(builder::mount);
        NettyHttpServer server = builder.start();
        return new HttpFront.Listener() {
            @Override
            public InetSocketAddress address() {
                return server.address();
            }

            @Override
            public void stopAccepting(Duration grace) {
                server.stopAccepting();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
