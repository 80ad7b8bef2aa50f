package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdapterKit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/** The Netty server, started on a free loopback port with the handler at its base path. */
final class NettyServed implements AdapterKit.Served {
    private final NettyHttpServer server;

    private NettyServed(NettyHttpServer server) {
        this.server = server;
    }

    static AdapterKit.Served start(VoyagerHttpHandler handler) throws IOException {
        return start(handler, false);
    }

    /** @param forceNio whether to use NIO where epoll is available, so that both transports are tested */
    static AdapterKit.Served start(VoyagerHttpHandler handler, boolean forceNio) throws IOException {
        return new NettyServed(NettyHttpServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .mount(handler).ioThreads(2).forceNio(forceNio).start());
    }

    @Override
    public URI origin() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        server.close();
    }
}
