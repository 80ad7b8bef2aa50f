package io.voyagerota.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Choice;
import io.voyagerota.decision.OfferMinter;
import io.voyagerota.decision.UpdateDecider;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.micrometer.VoyagerMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Update decisions per second on one core (brief §7: at least 1,000,000 with 50 products × 200 releases and
 * 1,000,000 distinct device ids, no database on the decision path). The catalog and the fleet are described in
 * {@link Workload}; each invocation takes the next pre-built check, wrapping around, so every device id is cycled.
 *
 * <ul>
 *   <li>{@link #decide}: {@link UpdateDecider#decide} on the snapshot, the pure decision (fixed clock);</li>
 *   <li>{@link #decideAndMint}: the decision, then {@link OfferMinter#answer}: a selection minted into an offer
 *       with the link cached for its window;</li>
 *   <li>{@link #check}: {@link Voyager#check}, the facade a transport calls: clock, decision and the buffered
 *       device sighting (a buffer the size of the fleet, drained by {@link Voyager#tick()} between iterations);
 *       with {@code -p metrics=off,on}, also with the Micrometer binder bound (see {@link #metrics});</li>
 *   <li>{@link #upToDate}: {@code decide} for devices already on the newest release they may have, the cheapest
 *       common case.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class CheckBenchmark {
    /**
     * The sighting buffer of the {@link Voyager} that {@link #check} calls: by default one entry per device of the
     * fleet, so no sighting is dropped between two ticks. {@code -p sightingBuffer=0} turns buffering off and so
     * shows what the sightings cost.
     */
    @Param({"1000000"})
    public int sightingBuffer;

    /**
     * {@code off}: no meters. {@code on}: {@link VoyagerMetrics} bound to a {@link SimpleMeterRegistry}, sampling
     * the registry every second (15 times its default, so the sampler's share shows) and every meter read once per
     * iteration as a scrape would. The counters the meters read are kept by the facade either way, so
     * {@code check -p metrics=off,on} shows what binding costs (bound: within 5%).
     */
    @Param({"off"})
    public String metrics;

    private Voyager voyager;
    private VoyagerMetrics binder;
    private SimpleMeterRegistry meters;
    private UpdateDecider decider;
    private OfferMinter minter;
    private CatalogSnapshot snapshot;
    private Instant now;
    private DeviceCheck[] checks;
    private DeviceCheck[] upToDateChecks;
    private int next;
    private int nextUpToDate;

    @Setup(Level.Trial)
    public void setUp() {
        long started = System.nanoTime();
        now = Instant.now();
        voyager = Voyager.builder()
                .registry(new InMemoryRegistry())
                .artifactStorage(new InMemoryArtifactStorage())
                .config(VoyagerConfig.defaults().withTesterTag(Workload.TESTER_TAG).withSightingBuffer(sightingBuffer))
                .build();
        bindMetrics();
        Workload.Catalog catalog = Workload.build(voyager, now);
        snapshot = voyager.snapshot();
        decider = new UpdateDecider(Workload.TESTER_TAG);
        minter = new OfferMinter(new HmacDownloadLinks("https://ota.example.com/v1",
                "benchmark-download-link-secret-of-32+bytes".getBytes(StandardCharsets.US_ASCII)),
                Duration.ofMinutes(5), Duration.ofMinutes(1));
        checks = Workload.checks(Workload.deviceIds(), catalog, now);

        List<DeviceCheck> upToDate = new ArrayList<>();
        Map<String, Integer> mix = Workload.mix(checks, c -> minter.answer(decider.decide(snapshot, c, now), now), upToDate);
        // Fresh copies, laid out in memory in the order they are taken, like the main array.
        upToDateChecks = upToDate.stream().map(Workload::copy).toArray(DeviceCheck[]::new);
        System.out.printf("%ncatalog: %d products x %d releases, snapshot generation %d; %,d device checks "
                        + "(%,d up to date); setup took %.1f s%n", Workload.PRODUCTS, Workload.RELEASES,
                snapshot.generation(), checks.length, upToDateChecks.length, (System.nanoTime() - started) / 1e9);
        System.out.print(Workload.describe("outcome mix over the " + String.format("%,d", checks.length)
                + " checks (decide, cycled by 'decide' and 'check'):", mix, checks.length));
    }

    private void bindMetrics() {
        if (metrics.equals("on")) {
            meters = new SimpleMeterRegistry();
            binder = new VoyagerMetrics(voyager, Duration.ofSeconds(1));
            binder.bindTo(meters);
        } else if (!metrics.equals("off")) {
            throw new IllegalArgumentException("-p metrics takes off or on, not " + metrics);
        }
    }

    /**
     * For {@link #check} only: writes the sightings it buffered to the fleet registry outside the measured time, as
     * the background tick would, then collects the garbage that flush leaves (up to 1,000,000 replaced device
     * records in the in-memory fleet) so that its collection does not land in the next measured iteration. The
     * garbage the checks make themselves, and the sightings they keep alive until the next flush, are still
     * collected within the measured time, as they would be in production.
     */
    @Setup(Level.Iteration)
    public void drainSightings(BenchmarkParams params) {
        if (meters != null) {
            meters.getMetersAsString(); // every meter read, as a scrape would
        }
        if (params.getBenchmark().endsWith(".check")) {
            voyager.tick();
            System.gc();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (binder != null) {
            binder.close();
        }
        voyager.close();
    }

    @Benchmark
    public Choice decide() {
        DeviceCheck c = checks[next];
        if (++next == checks.length) {
            next = 0;
        }
        return decider.decide(snapshot, c, now);
    }

    @Benchmark
    public UpdateDecision decideAndMint() {
        DeviceCheck c = checks[next];
        if (++next == checks.length) {
            next = 0;
        }
        return minter.answer(decider.decide(snapshot, c, now), now);
    }

    @Benchmark
    public UpdateDecision check() {
        DeviceCheck c = checks[next];
        if (++next == checks.length) {
            next = 0;
        }
        return voyager.check(c);
    }

    @Benchmark
    public Choice upToDate() {
        DeviceCheck c = upToDateChecks[nextUpToDate];
        if (++nextUpToDate == upToDateChecks.length) {
            nextUpToDate = 0;
        }
        return decider.decide(snapshot, c, now);
    }
}
