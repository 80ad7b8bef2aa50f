package io.voyagerota.transport.http.jdk;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminHousekeepingKit;

class JdkAdminHousekeepingTest extends AdminHousekeepingKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JdkServed.start(handler);
    }
}
