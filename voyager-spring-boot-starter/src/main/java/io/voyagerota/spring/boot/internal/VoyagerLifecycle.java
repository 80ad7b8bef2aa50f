package io.voyagerota.spring.boot.internal;

import io.voyagerota.Voyager;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a Voyager's background work ({@link Voyager#start()}) while the application context runs: it starts after
 * every bean is ready (the MQTT transport among them, so that no fan-out is delivered before it is connected) and
 * stops before they are destroyed, writing the buffered sightings.
 */
public final class VoyagerLifecycle implements SmartLifecycle {
    private final Voyager voyager;
    private volatile boolean running;

    public VoyagerLifecycle(Voyager voyager) {
        this.voyager = voyager;
    }

    @Override
    public void start() {
        voyager.start();
        running = true;
    }

    @Override
    public void stop() {
        voyager.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
