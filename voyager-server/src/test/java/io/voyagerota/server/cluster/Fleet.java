package io.voyagerota.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs simulated devices: those that poll check every poll interval; those subscribed over MQTT check only when a
 * trigger arrives (and shortly again while the trigger's offer is newer than what the cluster answered them, as a
 * node may be a refresh behind the one that sent it), so a trigger that never arrives leaves them behind.
 */
final class Fleet implements AutoCloseable {
    private static final Duration RETRY = Duration.ofMillis(250);
    private static final int RETRIES = 40;

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(12, r -> {
        Thread t = new Thread(r, "simulated-devices");
        t.setDaemon(true);
        return t;
    });
    private final List<SimulatedDevice> devices;

    Fleet(List<SimulatedDevice> devices) {
        this.devices = List.copyOf(devices);
    }

    List<SimulatedDevice> devices() {
        return devices;
    }

    /** One check from every device, so that the cluster knows them all; returns when they are done. */
    void checkInOnce() throws InterruptedException {
        List<Callable<Void>> steps = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            steps.add(() -> {
                d.step();
                return null;
            });
        }
        executor.invokeAll(steps);
    }

    /** Subscribes the device to its triggers; it checks on each one. */
    void push(SimulatedDevice device, int brokerPort) {
        device.subscribe(brokerPort, () -> executor.execute(() -> react(device, 0)));
    }

    /** The device checks every {@code interval}, from a random moment within the first one. */
    void poll(SimulatedDevice device, Duration interval) {
        executor.scheduleWithFixedDelay(device::step, ThreadLocalRandom.current().nextLong(interval.toMillis()),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void react(SimulatedDevice device, int attempt) {
        device.step();
        if (device.triggerPending() && attempt < RETRIES) {
            executor.schedule(() -> react(device, attempt + 1), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        devices.forEach(SimulatedDevice::disconnect);
    }
}
