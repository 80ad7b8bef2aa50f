package io.voyagerota.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voyagerota.InvalidInputException;
import io.voyagerota.micrometer.internal.MeterNames;
import io.voyagerota.transport.http.VoyagerHttpHandler;

import java.util.concurrent.TimeUnit;

/**
 * Binds the HTTP transport's download counters ({@link VoyagerHttpHandler#downloadStats()}): downloads by result,
 * bytes sent, downloads in progress and the time they take. A class of its own so that hosts without the HTTP
 * transport need not have it.
 */
public final class VoyagerHttpMetrics implements MeterBinder {
    private final VoyagerHttpHandler handler;

    public VoyagerHttpMetrics(VoyagerHttpHandler handler) {
        if (handler == null) {
            throw new InvalidInputException("VoyagerHttpMetrics needs the VoyagerHttpHandler whose downloads it reads");
        }
        this.handler = handler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(MeterNames.DOWNLOADS, handler, h -> h.downloadStats().completed())
                .description("artifact downloads, by result").tag("result", "completed").register(registry);
        FunctionCounter.builder(MeterNames.DOWNLOADS, handler, h -> h.downloadStats().failed())
                .description("artifact downloads, by result").tag("result", "failed").register(registry);
        FunctionCounter.builder(MeterNames.DOWNLOAD_BYTES, handler, h -> h.downloadStats().bytes())
                .description("artifact bytes sent").baseUnit(BaseUnits.BYTES).register(registry);
        Gauge.builder(MeterNames.DOWNLOADS_ACTIVE, handler, h -> h.downloadStats().active())
                .description("artifact downloads sending now").register(registry);
        FunctionTimer.builder(MeterNames.DOWNLOAD_DURATION, handler,
                        h -> h.downloadStats().completed() + h.downloadStats().failed(),
                        h -> h.downloadStats().totalTime().toNanos(), TimeUnit.NANOSECONDS)
                .description("how long artifact downloads take, completed or cut short").register(registry);
    }
}
