package io.voyagerota.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The rough cost floor of any per-device lookup, to put {@link CheckBenchmark} in proportion: one
 * {@code HashMap.get} of a device id in a map of the same 1,000,000 ids. The looked-up keys are distinct String
 * objects equal to the map's keys (as an id parsed from a request would be), taken in the same wrapping order as
 * the checks, so the map's entries are reached at random as a real per-device lookup reaches them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ReferenceBenchmark {
    private Map<String, Object> devices;
    private String[] keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        String[] ids = Workload.deviceIds();
        devices = new HashMap<>();
        for (String id : ids) {
            devices.put(id, new Object());
        }
        keys = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = new String(ids[i]);
        }
        if (devices.size() != Workload.DEVICES) {
            throw new IllegalStateException("device ids are not distinct: " + devices.size());
        }
    }

    @Benchmark
    public Object hashMapLookup() {
        String key = keys[next];
        if (++next == keys.length) {
            next = 0;
        }
        return devices.get(key);
    }
}
