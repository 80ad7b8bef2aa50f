package io.voyagerota.transport.http.servlet;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.OfferAuthKit;

class ServletOfferAuthTest extends OfferAuthKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return JettyServed.start(handler, "/");
    }
}
