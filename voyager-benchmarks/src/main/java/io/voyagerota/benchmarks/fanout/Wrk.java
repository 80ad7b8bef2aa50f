package io.voyagerota.benchmarks.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} with one of the module's Lua scripts and reads its figures. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in");
    private static final Pattern SUMMARY = Pattern.compile("p50 .*");

    /** What one run measured. */
    record Result(String what, double perSecond, long requests, String summary) {
        boolean clean() {
            return summary.endsWith("errors 0 (non-2xx/3xx 0)");
        }

        @Override
        public String toString() {
            return String.format("%s: %,.0f requests/s (%,d in the run; %s)", what, perSecond, requests, summary);
        }
    }

    private final Path scripts;
    private final int threads;
    private final int connections;

    Wrk(Path scripts, int threads, int connections) {
        this.scripts = scripts;
        this.threads = threads;
        this.connections = connections;
    }

    /** Starts a run of {@code seconds} against {@code url}; the future completes when wrk exits. */
    CompletableFuture<Result> start(String what, String script, String url, int seconds, Map<String, String> env)
            throws IOException {
        Path lua = scripts.resolve(script);
        if (!Files.isReadable(lua)) {
            throw new IOException(lua + " is missing: run from the repository root or set -Dscripts=");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds
                + "s", "-s", lua.toString(), url)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        return CompletableFuture.supplyAsync(() -> {
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                return parse(what, out);
            } catch (IOException e) {
                throw new IllegalStateException("wrk failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    private static Result parse(String what, String out) {
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        Matcher summary = SUMMARY.matcher(out);
        if (!rate.find() || !total.find()) {
            throw new IllegalStateException("wrk printed no figures:\n" + out);
        }
        return new Result(what, Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)),
                summary.find() ? summary.group() : "no summary");
    }
}
