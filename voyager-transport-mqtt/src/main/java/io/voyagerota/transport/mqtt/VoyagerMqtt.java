package io.voyagerota.transport.mqtt;

import io.voyagerota.Voyager;
import io.voyagerota.transport.mqtt.internal.Counters;
import io.voyagerota.transport.mqtt.internal.Inbox;
import io.voyagerota.transport.mqtt.internal.Link;
import io.voyagerota.transport.mqtt.internal.TokenBucket;
import io.voyagerota.transport.mqtt.internal.Topics;
import io.voyagerota.transport.mqtt.internal.TriggerPublisher;
import io.voyagerota.wire.WireJson;
import io.voyagerota.wire.WireLimits;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The MQTT transport of one server node: it subscribes (as a member of the shared group) to the devices' status
 * reports and state messages, and publishes their triggers. See the MQTT documentation for topics and payloads.
 *
 * <pre>{@code
 * VoyagerMqtt mqtt = VoyagerMqtt.builder(voyager, MqttConfig.of("tcp://localhost:1883"))
 *         .notifier(notifier)                  // the MqttDeviceNotifier given to Voyager.builder()
 *         .deviceTags(fleetDirectory::tagsOf)  // optional: by default the device directory's tags
 *         .build();
 * mqtt.start();
 * }</pre>
 */
public final class VoyagerMqtt implements AutoCloseable {
    private final Voyager voyager;
    private final MqttConfig config;
    private final Optional<MqttDeviceNotifier> notifier;
    private final Function<String, Set<String>> tags;
    private final InstantSource clock;
    private final Counters counters = new Counters();
    private Link link;
    private ExecutorService inbox;

    private VoyagerMqtt(Builder b) {
        this.voyager = b.voyager;
        this.config = b.config;
        this.notifier = Optional.ofNullable(b.notifier);
        this.tags = b.tags;
        this.clock = b.clock;
    }

    public static Builder builder(Voyager voyager, MqttConfig config) {
        return new Builder(voyager, config);
    }

    /**
     * Connects, subscribes to the devices' messages and binds the notifier. Reconnects by itself when the connection
     * drops later.
     *
     * @throws MqttTransportException when the broker cannot be reached or refuses within the connect timeout
     */
    public synchronized void start() {
        if (link != null) {
            return;
        }
        Link opened = Link.open(config);
        Topics topics = new Topics(config.topic());
        WireJson json = new WireJson(new WireLimits(8, 2048, config.maxPayloadBytes()));
        TriggerPublisher triggers = new TriggerPublisher(opened, topics, TokenBucket.of(config.triggersPerSecond()),
                counters);
        // One thread keeps each device's messages in order; what the client hands over after close() is dropped.
        ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "voyager-mqtt-inbox");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        Inbox handler = new Inbox(voyager, topics, json, config.maxPayloadBytes(), tags, clock, triggers, counters,
                config.logContext());
        try {
            await(opened.connect(), "connect to");
            await(opened.subscribe(topics.sharedFilter(config.sharedGroup(), Topics.Kind.STATUS), handler, executor),
                    "subscribe to status reports at");
            await(opened.subscribe(topics.sharedFilter(config.sharedGroup(), Topics.Kind.STATE), handler, executor),
                    "subscribe to device state at");
        } catch (MqttTransportException e) {
            opened.disconnect(); // also stops reconnecting
            executor.shutdownNow();
            throw e;
        }
        link = opened;
        inbox = executor;
        notifier.ifPresent(n -> n.bind(triggers));
    }

    /** Unbinds the notifier, lets the messages that arrived be handled, and disconnects. */
    @Override
    public synchronized void close() {
        if (link == null) {
            return;
        }
        notifier.ifPresent(n -> n.bind(null));
        try {
            link.disconnect().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // already gone: nothing more to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inbox.shutdown();
        try {
            inbox.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link = null;
        inbox = null;
    }

    /** What this node has received, handled, dropped and published so far. */
    public MqttStats stats() {
        return counters.snapshot();
    }

    public MqttConfig config() {
        return config;
    }

    private void await(CompletableFuture<Void> step, String what) {
        try {
            step.get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MqttTransportException("could not " + what + " the MQTT broker " + config.server() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new MqttTransportException("could not " + what + " the MQTT broker " + config.server()
                    + " within " + config.connectTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttTransportException("interrupted while waiting to " + what + " " + config.server(), e);
        }
    }

    /** Wires a {@link VoyagerMqtt}. */
    public static final class Builder {
        private final Voyager voyager;
        private final MqttConfig config;
        private MqttDeviceNotifier notifier;
        private Function<String, Set<String>> tags;
        private InstantSource clock = InstantSource.system();

        private Builder(Voyager voyager, MqttConfig config) {
            this.voyager = Objects.requireNonNull(voyager, "voyager");
            this.config = Objects.requireNonNull(config, "config");
            this.tags = voyager.devices()::tags;
        }

        /** The notifier given to {@code Voyager.builder().notifier(…)}: it publishes through this transport. */
        public Builder notifier(MqttDeviceNotifier value) {
            this.notifier = value;
            return this;
        }

        /**
         * Where a device's tags (such as {@code tester}) come from when its state message is checked: the server's
         * own records, never the message. By default the device directory's tags ({@code Devices.tags}), which
         * the HTTP check and the outbox's trigger fan-out read too, so the three agree on who is a tester or in a
         * tag cohort.
         */
        public Builder deviceTags(Function<String, Set<String>> value) {
            this.tags = Objects.requireNonNull(value, "deviceTags");
            return this;
        }

        /** The clock that dates reports without a time of their own. */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public VoyagerMqtt build() {
            return new VoyagerMqtt(this);
        }
    }
}
