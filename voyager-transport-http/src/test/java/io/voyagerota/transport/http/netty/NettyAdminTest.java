package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminKit;

class NettyAdminTest extends AdminKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return NettyServed.start(handler);
    }
}
