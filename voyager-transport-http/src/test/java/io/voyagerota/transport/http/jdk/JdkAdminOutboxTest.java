package io.voyagerota.transport.http.jdk;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminOutboxKit;

class JdkAdminOutboxTest extends AdminOutboxKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JdkServed.start(handler);
    }
}
