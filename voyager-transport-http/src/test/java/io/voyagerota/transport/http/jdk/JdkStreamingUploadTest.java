package io.voyagerota.transport.http.jdk;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.StreamingUploadKit;

class JdkStreamingUploadTest extends StreamingUploadKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JdkServed.start(handler);
    }
}
