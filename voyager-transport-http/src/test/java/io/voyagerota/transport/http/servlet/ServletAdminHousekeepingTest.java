package io.voyagerota.transport.http.servlet;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminHousekeepingKit;

class ServletAdminHousekeepingTest extends AdminHousekeepingKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JettyServed.start(handler, "/");
    }
}
