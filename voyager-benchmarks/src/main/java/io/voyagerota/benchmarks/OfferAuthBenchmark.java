package io.voyagerota.benchmarks;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.signing.OfferProof;
import io.voyagerota.signing.OfferSigner;
import io.voyagerota.signing.SignedOffer;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.wire.OfferJson;
import io.voyagerota.wire.WireJson;
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

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What offer authentication costs per offered check (docs/security.md, "Why the offer is signed once and proven per
 * check"): a check that ends in an offer, written as JSON, with and without the offer key's signature and the
 * nonce proof, over the {@link Workload} catalog. {@code devices} distinct devices are cycled, each polling again
 * within its link window as a device does while it downloads, retries or is asked again by a trigger; each has
 * checked once before the measurement (the first offer of a device in a window costs one signature, printed at
 * setup).
 *
 * <ul>
 *   <li>{@link #unsigned}: decision and JSON, what a check cost before offers were signed;</li>
 *   <li>{@link #signed}: plus the signature (from the per-device cache when {@code cacheSlots} > 0) and the proof;</li>
 *   <li>{@link #signedEveryTime}: plus a fresh ECDSA signature for every offer, the design the cache avoids.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class OfferAuthBenchmark {
    /** Distinct devices cycled, as the wrk check run does. */
    @Param({"10000"})
    public int devices;

    /** Slots of the signature cache; see {@link OfferSigner#DEFAULT_CACHE_SLOTS}. */
    @Param({"65536"})
    public int cacheSlots;

    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    private Voyager voyager;
    private DeviceCheck[] checks;
    private OfferProof.Key[] proofKeys;
    private OfferSigner cached;
    private OfferSigner uncached;
    private final WireJson json = WireJson.defaults();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Instant now = Instant.now();
        SigningKey key = SigningKey.generate();
        voyager = Voyager.builder().registry(new InMemoryRegistry()).artifactStorage(new InMemoryArtifactStorage())
                .config(VoyagerConfig.defaults().withTesterTag(Workload.TESTER_TAG)).offerKey(key)
                .clock(InstantSource.fixed(now)).build(); // one link window throughout, as the polls within one
        Workload.Catalog catalog = Workload.build(voyager, now);
        List<DeviceCheck> offered = new ArrayList<>();
        for (DeviceCheck c : Workload.checks(Workload.deviceIds(), catalog, now)) {
            if (voyager.check(c) instanceof Offer) {
                offered.add(c);
                if (offered.size() == devices) {
                    break;
                }
            }
        }
        checks = offered.toArray(DeviceCheck[]::new);
        proofKeys = new OfferProof.Key[checks.length];
        for (int i = 0; i < checks.length; i++) {
            proofKeys[i] = OfferProof.Key.fromSecret("secret-of-" + checks[i].deviceId());
        }
        cached = new OfferSigner(key, cacheSlots);
        uncached = new OfferSigner(key, 0);
        // Every device has checked once in this link window already: what follows are its polls again.
        long signing = System.nanoTime();
        for (DeviceCheck c : checks) {
            byte[] body = OfferJson.toBytes(json, (Offer) voyager.check(c));
            cached.sign(c.deviceId(), body, body.length);
        }
        System.out.printf("%nthe first offer of each device signed in %.1f µs on average%n",
                (System.nanoTime() - signing) / 1e3 / checks.length);
        System.out.printf("%n%,d devices with an offer, cycled; signature cache of %,d slots%n", checks.length,
                cacheSlots);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        voyager.close();
    }

    private int nextIndex() {
        int i = next;
        if (++next == checks.length) {
            next = 0;
        }
        return i;
    }

    @Benchmark
    public byte[] unsigned() {
        return OfferJson.toBytes(json, (Offer) voyager.check(checks[nextIndex()]));
    }

    @Benchmark
    public String signed() {
        return authenticated(cached);
    }

    @Benchmark
    public String signedEveryTime() {
        return authenticated(uncached);
    }

    private String authenticated(OfferSigner signer) {
        int i = nextIndex();
        Offer offer = (Offer) voyager.check(checks[i]);
        byte[] body = OfferJson.toBytes(json, offer);
        SignedOffer signed = signer.sign(offer.deviceId(), body, body.length);
        return signed.proofBase64(proofKeys[i], NONCE);
    }
}
