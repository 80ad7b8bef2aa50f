package io.voyagerota.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.InvalidInputException;
import io.voyagerota.server.internal.Durations;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code voyager release promote}: to production, with a rollout. */
@Command(name = "promote", description = {"Promote a staged release to production with a rollout: every device"
        + " (the default), a share, tags or a list, or a staged plan such as --plan 1,10,50,100 --soak 1h that"
        + " advances while the success rate holds and pauses itself when failures spike."})
final class ReleasePromoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    ReleaseRef release;

    @ArgGroup(exclusive = true)
    TargetOptions target;

    @Option(names = "--plan", split = ",", paramLabel = "PERCENT",
            description = "Stages as growing percentages, such as 1,10,50,100.")
    List<Integer> plan;

    @Option(names = "--soak", paramLabel = "DURATION", defaultValue = "1h",
            description = "How long each stage is watched before the next (default ${DEFAULT-VALUE}).")
    String soak;

    @Option(names = "--advance-at", paramLabel = "PERCENT",
            description = "The success rate a stage needs to advance, such as 95 (default: the server's).")
    Double advanceAt;

    @Option(names = "--start-at", paramLabel = "TIME", description = "When to start, such as 2026-11-23T10:00:00Z.")
    String startAt;

    @Option(names = "--pause-at", paramLabel = "PERCENT",
            description = "Pause by itself once this share of a recent window's devices failed, such as 20"
                    + " (default: the server's rollouts.pause-at-failure-rate).")
    Double pauseAt;

    @Option(names = "--min-sample", paramLabel = "DEVICES",
            description = "Devices a window (and a plan's stage) needs before its rate counts (default: the server's).")
    Integer minSample;

    @Option(names = "--window-devices", paramLabel = "DEVICES",
            description = "The pause rule's device window: the latest this many devices (default: the server's).")
    Integer windowDevices;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "The pause rule's time window, such as 1h (default: the server's).")
    String window;

    @Override
    public Integer call() {
        if (plan != null && target != null) {
            throw new ParameterException(spec.commandLine(), "--plan sets the shares itself; drop --all, --percent,"
                    + " --tags or --devices");
        }
        if (plan == null && advanceAt != null) {
            throw new ParameterException(spec.commandLine(), "--advance-at needs a --plan");
        }
        if (advanceAt != null && !(advanceAt >= 0 && advanceAt <= 100)) {
            throw new ParameterException(spec.commandLine(), "--advance-at must be a percentage from 0 to 100");
        }
        Duration soakTime = duration("--soak", soak);
        Optional<Instant> start = Optional.ofNullable(startAt).map(this::instant);
        if (pauseAt != null && !(pauseAt > 0 && pauseAt <= 100)) {
            throw new ParameterException(spec.commandLine(), "--pause-at must be a percentage above 0, at most 100");
        }
        Optional<Duration> windowTime = Optional.ofNullable(window).map(w -> duration("--window", w));
        boolean guarded = pauseAt != null || minSample != null || windowDevices != null || window != null;
        String body = JsonNode.object(g -> {
            if (target != null) {
                target.write(g);
            }
            if (plan != null) {
                writePlan(g, plan, soakTime, advanceAt);
            }
            if (start.isPresent()) {
                g.writeStringField("startAt", start.get().toString());
            }
            if (guarded) { // what is left out the server fills in from its defaults
                g.writeObjectFieldStart("guard");
                if (pauseAt != null) {
                    g.writeNumberField("pauseAtFailureRate", pauseAt / 100.0);
                }
                if (minSample != null) {
                    g.writeNumberField("minSample", minSample);
                }
                if (windowDevices != null) {
                    g.writeNumberField("windowDevices", windowDevices);
                }
                if (windowTime.isPresent()) {
                    g.writeStringField("window", windowTime.get().toString());
                }
                g.writeEndObject();
            }
        });
        String path = ReleaseCommand.path(release.resolve(client.client(), false)) + "/promote";
        return client.print(client.client().send("POST", path, Optional.of(body)), Views::promoted);
    }

    private Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
        }
    }

    private Instant instant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--start-at \"" + text + "\" must be an RFC 3339 UTC"
                    + " time such as 2026-11-23T10:00:00Z");
        }
    }

    /** The {@code plan} field: every stage with the same soak time; {@code advanceAt} a percentage, or null. */
    static void writePlan(JsonGenerator g, List<Integer> percents, Duration soak, Double advanceAt) throws IOException {
        g.writeObjectFieldStart("plan");
        g.writeArrayFieldStart("stages");
        for (int percent : percents) {
            g.writeStartObject();
            g.writeNumberField("percent", percent);
            g.writeStringField("soak", soak.toString());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (advanceAt != null) {
            g.writeNumberField("advanceAtSuccessRate", advanceAt / 100.0);
        }
        g.writeEndObject();
    }
}
