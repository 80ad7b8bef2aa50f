package io.voyagerota.transport.http.jdk;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminStatsKit;

class JdkAdminStatsTest extends AdminStatsKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JdkServed.start(handler);
    }
}
