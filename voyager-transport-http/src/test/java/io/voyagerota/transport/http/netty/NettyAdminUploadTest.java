package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminUploadKit;

class NettyAdminUploadTest extends AdminUploadKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return NettyServed.start(handler);
    }
}
