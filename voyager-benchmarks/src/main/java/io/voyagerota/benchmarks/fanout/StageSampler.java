package io.voyagerota.benchmarks.fanout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the fan-out workers' time goes: samples the stacks of the threads named {@code voyager-fanout-*} (both
 * nodes' workers run in this JVM) every few milliseconds and files each sample under the fan-out stage it shows,
 * the first of {@link #STAGES} whose frame is on the stack. A sample says what the thread was doing, running or
 * waiting: waiting for the token bucket or for the broker's acknowledgements shows as such, not as idle.
 */
final class StageSampler implements AutoCloseable {
    /** Stage name to a frame (class name prefix, optionally {@code #method}) that marks it; checked in order. */
    private static final Map<String, String> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("trigger rate limit (token bucket)", "io.voyagerota.transport.mqtt.internal.TokenBucket");
        STAGES.put("flush: waiting for the broker's acks", "io.voyagerota.transport.mqtt.internal.TriggerPublisher#flush");
        STAGES.put("MQTT client publish", "com.hivemq");
        STAGES.put("hint JSON", "io.voyagerota.transport.mqtt.internal.TriggerHint");
        // In fanout() but in none of the above: waiting for a slot of the 256 unacknowledged publishes.
        STAGES.put("publish window full (256 unacknowledged)",
                "io.voyagerota.transport.mqtt.internal.TriggerPublisher#fanout");
        STAGES.put("decide (UpdateDecider)", "io.voyagerota.decision");
        STAGES.put("directory refresh", "io.voyagerota.internal.DirectoryCache#refresh");
        STAGES.put("catalog snapshot refresh", "io.voyagerota.internal.SnapshotHolder");
        STAGES.put("split (TriggerSplit: device ids, chunk inserts)", "io.voyagerota.internal.TriggerSplit");
        STAGES.put("devices page (JDBC, 500 a query)", "io.voyagerota.jdbc");
        STAGES.put("chunk loop, other", "io.voyagerota.internal.TriggerFanout");
        STAGES.put("claim / complete / lease (outbox JDBC)", "io.voyagerota.outbox");
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, LongAdder> samples = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    StageSampler(long everyMillis) {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stage-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (!info.getThreadName().startsWith("voyager-fanout-")) {
                continue;
            }
            samples.computeIfAbsent(stage(info.getStackTrace()), k -> new LongAdder()).increment();
        }
    }

    private static String stage(StackTraceElement[] stack) {
        boolean inRelay = false;
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("io.voyagerota.outbox")) {
                inRelay = true;
            }
        }
        if (!inRelay) {
            return "idle (between relay polls)";
        }
        for (Map.Entry<String, String> s : STAGES.entrySet()) {
            String marker = s.getValue();
            int hash = marker.indexOf('#');
            String cls = hash < 0 ? marker : marker.substring(0, hash);
            String method = hash < 0 ? null : marker.substring(hash + 1);
            for (StackTraceElement f : stack) {
                if (f.getClassName().startsWith(cls) && (method == null || f.getMethodName().equals(method))) {
                    return s.getKey();
                }
            }
        }
        return "other: " + (stack.length == 0 ? "?" : stack[0].getClassName() + "." + stack[0].getMethodName());
    }

    /** Stops sampling and prints the share of samples per stage. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        long total = samples.values().stream().mapToLong(LongAdder::sum).sum();
        Map<Long, String> byCount = new TreeMap<>((a, b) -> Long.compare(b, a));
        samples.forEach((stage, n) -> byCount.merge(n.sum() * 1000 + byCount.size(), stage, (x, y) -> x));
        System.out.printf("  where the fan-out workers' time went (%,d stack samples of the voyager-fanout-*"
                + " threads):%n", total);
        byCount.forEach((key, stage) -> System.out.printf("    %5.1f%%  %s%n", 100.0 * (key / 1000) / total, stage));
    }
}
