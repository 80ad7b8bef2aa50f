package io.voyagerota.transport.http.jdk;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdapterKit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/** The JDK adapter, started on a free loopback port. */
final class JdkServed implements AdapterKit.Served {
    private final JdkHttpServerAdapter.Running running;

    private JdkServed(JdkHttpServerAdapter.Running running) {
        this.running = running;
    }

    static AdapterKit.Served start(VoyagerHttpHandler handler) throws IOException {
        return new JdkServed(JdkHttpServerAdapter.start(handler,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    @Override
    public URI origin() {
        return URI.create("http://127.0.0.1:" + running.port());
    }

    @Override
    public void close() {
        running.close();
    }
}
