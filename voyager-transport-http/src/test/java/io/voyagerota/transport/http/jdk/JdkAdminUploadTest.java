package io.voyagerota.transport.http.jdk;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdminUploadKit;

class JdkAdminUploadTest extends AdminUploadKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JdkServed.start(handler);
    }
}
