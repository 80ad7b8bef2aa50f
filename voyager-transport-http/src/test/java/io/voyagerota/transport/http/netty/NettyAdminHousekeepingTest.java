package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminHousekeepingKit;

class NettyAdminHousekeepingTest extends AdminHousekeepingKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return NettyServed.start(handler);
    }
}
