package io.voyagerota.benchmarks.fanout;

/** CPU used between two moments: the whole machine, and each process that takes part (from /proc). */
final class CpuMeter {
    private final long brokerPid;
    private final long[] machine;
    private final double jvm;
    private final double postgres;
    private final double broker;
    private final long nanos = System.nanoTime();

    CpuMeter(long brokerPid) {
        this.brokerPid = brokerPid;
        this.machine = Procs.machineTicks();
        this.jvm = Procs.cpuSeconds(ProcessHandle.current().pid());
        this.postgres = Procs.cpuSecondsOf("postgres");
        this.broker = Procs.cpuSeconds(brokerPid);
    }

    /**
     * The cores busy since this meter was made: the machine, and the JVM (both nodes and the MQTT observer), the
     * PostgreSQL processes and mosquitto, each in cores (1.0 = one core all the time); "rest" is everything else
     * on the machine (wrk, and any other work that competed for the cores).
     */
    /** The cores the JVM (both nodes and the observer) used since this meter was made. */
    double jvmCores() {
        CpuMeter now = new CpuMeter(brokerPid);
        return (now.jvm - jvm) / ((now.nanos - nanos) / 1e9);
    }

    String since() {
        CpuMeter now = new CpuMeter(brokerPid);
        double seconds = (now.nanos - nanos) / 1e9;
        double busy = (double) (now.machine[0] - machine[0]) / Math.max(1, now.machine[1] - machine[1]);
        int cores = Runtime.getRuntime().availableProcessors();
        double j = (now.jvm - jvm) / seconds;
        double p = Math.max(0, now.postgres - postgres) / seconds; // less when a backend exited
        double b = (now.broker - broker) / seconds;
        return String.format("load average %s; machine %.0f%% busy of %d cores; in cores: JVM (nodes + observer)"
                        + " %.2f, PostgreSQL %.2f, mosquitto %.2f, rest %.2f", Procs.loadAverage(), 100 * busy, cores,
                j, p, b, Math.max(0, busy * cores - j - p - b));
    }
}
