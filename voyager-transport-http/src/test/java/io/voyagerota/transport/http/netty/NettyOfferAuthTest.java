package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.OfferAuthKit;

class NettyOfferAuthTest extends OfferAuthKit {
    @Override
    protected Served serve(VoyagerHttpHandler handler) throws Exception {
        return NettyServed.start(handler);
    }
}
