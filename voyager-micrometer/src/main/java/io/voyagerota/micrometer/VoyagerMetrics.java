package io.voyagerota.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerCounters;
import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.Offer;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.micrometer.internal.FleetSample;
import io.voyagerota.micrometer.internal.MeterNames;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.RolloutState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Binds a {@link Voyager}'s meters to a Micrometer registry: checks by outcome, offers by kind, reports by status
 * and error code (this node's counters, {@link VoyagerCounters}), and, sampled from the registry every
 * {@code sampleInterval} on a thread of its own, the outbox's backlog and the rollouts of releases in production
 * with their success rates. No meter is tagged with a device id. Close it to stop the sampling.
 *
 * <pre>{@code
 * VoyagerMetrics metrics = new VoyagerMetrics(voyager);
 * metrics.bindTo(meterRegistry);
 * }</pre>
 */
public final class VoyagerMetrics implements MeterBinder, AutoCloseable {
    /** How often the registry is sampled unless told otherwise. */
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(VoyagerMetrics.class);

    private final Voyager voyager;
    private final Duration sampleInterval;
    private final List<Bound> bound = new CopyOnWriteArrayList<>();
    private volatile FleetSample sample = FleetSample.EMPTY;
    private ScheduledExecutorService sampler;

    public VoyagerMetrics(Voyager voyager) {
        this(voyager, DEFAULT_SAMPLE_INTERVAL);
    }

    /** @param sampleInterval how often the outbox and rollouts are read from the registry; at least 100 ms */
    public VoyagerMetrics(Voyager voyager, Duration sampleInterval) {
        if (voyager == null || sampleInterval == null || sampleInterval.toMillis() < 100) {
            throw new InvalidInputException("VoyagerMetrics needs a Voyager and a sample interval of at least 100 ms,"
                    + " not " + sampleInterval);
        }
        this.voyager = voyager;
        this.sampleInterval = sampleInterval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        VoyagerCounters c = voyager.counters();
        for (NoUpdate.Reason reason : NoUpdate.Reason.values()) {
            counter(registry, MeterNames.CHECKS, "checks answered, by outcome", Tags.of("outcome", reason.code()),
                    c, v -> v.noUpdates(reason));
        }
        counter(registry, MeterNames.CHECKS, "checks answered, by outcome", Tags.of("outcome", "offer"),
                c, v -> v.offers(Offer.Kind.UPGRADE) + v.offers(Offer.Kind.ROLLBACK));
        for (Offer.Kind kind : Offer.Kind.values()) {
            counter(registry, MeterNames.OFFERS, "offers made, by kind", Tags.of("kind", MeterNames.tag(kind)),
                    c, v -> v.offers(kind));
        }
        for (ReportStatus status : ReportStatus.values()) {
            counter(registry, MeterNames.REPORTS, "device reports recorded, by status",
                    Tags.of("status", MeterNames.tag(status)), c, v -> v.reports(status));
        }
        counter(registry, MeterNames.REPORTS_DUPLICATE, "device reports that repeated one recorded before",
                Tags.empty(), c, VoyagerCounters::duplicateReports);
        counter(registry, MeterNames.SIGHTINGS_DROPPED, "device sightings dropped because the buffer was full",
                Tags.empty(), voyager, Voyager::sightingsDropped);
        for (OutboxState state : OutboxState.values()) {
            Gauge.builder(MeterNames.OUTBOX_EVENTS, this, m -> m.sample.outbox().getOrDefault(state, 0L))
                    .description("outbox events, by state").tags("state", MeterNames.tag(state)).register(registry);
        }
        TimeGauge.builder(MeterNames.OUTBOX_OLDEST_PENDING_AGE, this, TimeUnit.MILLISECONDS,
                        m -> m.sample.oldestPendingAge().toMillis())
                .description("how long the oldest pending outbox event has waited").register(registry);
        for (RolloutState state : RolloutState.values()) {
            Gauge.builder(MeterNames.ROLLOUTS, this, m -> m.sample.rolloutStates().getOrDefault(state, 0L))
                    .description("rollouts of releases in production, by state")
                    .tags("state", MeterNames.tag(state)).register(registry);
        }
        Bound b = new Bound(registry,
                MultiGauge.builder(MeterNames.ROLLOUT_SUCCESS_RATE)
                        .description("share of a rollout's outcomes that are successes (0 to 1)").register(registry),
                MultiGauge.builder(MeterNames.ROLLOUT_OUTCOMES)
                        .description("a rollout's device outcomes, by result").register(registry),
                ConcurrentHashMap.newKeySet());
        bound.add(b);
        startSampling();
        publish(b, sample);
    }

    /** Reads the registry now and updates the sampled meters; the sampling thread calls it every interval. */
    public synchronized void refresh() {
        try {
            sample = FleetSample.read(voyager);
        } catch (RuntimeException e) { // keep the last sample: a database hiccup must not break the scrape
            LOG.warn("could not sample Voyager's outbox and rollouts for metrics: {}", e.toString());
            return;
        }
        bound.forEach(b -> publish(b, sample));
    }

    private synchronized void publish(Bound b, FleetSample s) {
        b.successRate().register(s.rollouts().stream()
                .map(r -> MultiGauge.Row.of(rolloutTags(r), r.stats().successRate())).toList(), true);
        b.outcomes().register(s.rollouts().stream().flatMap(r -> Stream.of(
                MultiGauge.Row.of(rolloutTags(r).and("result", "success"), r.stats().successes()),
                MultiGauge.Row.of(rolloutTags(r).and("result", "failure"), r.stats().failures()))).toList(), true);
        VoyagerCounters c = voyager.counters();
        for (String code : c.reportErrors().keySet()) {
            if (b.errorCodes().add(code)) {
                counter(b.registry(), MeterNames.REPORT_ERRORS, "failed and rolled-back reports, by error code",
                        Tags.of("code", code), c, v -> v.reportErrors().getOrDefault(code, 0L));
            }
        }
    }

    private static Tags rolloutTags(FleetSample.RolloutSample r) {
        return Tags.of("product", r.product(), "version", r.version());
    }

    private synchronized void startSampling() {
        if (sampler != null) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "voyager-metrics");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(this::refresh, 0, sampleInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the sampling; the meters stay registered with their last values. */
    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    /**
     * A counter read from {@code state}, which must outlive the meter: Micrometer holds it weakly, so a lambda
     * of its own would be collected and read as zero.
     */
    private static <T> void counter(MeterRegistry registry, String name, String description, Tags tags, T state,
                                    ToLongFunction<T> value) {
        FunctionCounter.builder(name, state, v -> value.applyAsLong(v)).description(description).tags(tags)
                .register(registry);
    }

    private record Bound(MeterRegistry registry, MultiGauge successRate, MultiGauge outcomes, Set<String> errorCodes) {
    }

}
