package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.DownloadKit;

/** The download kit on the NIO transport, which hosts without Netty's native library use. */
class NettyNioDownloadTest extends DownloadKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return NettyServed.start(handler, true);
    }
}
