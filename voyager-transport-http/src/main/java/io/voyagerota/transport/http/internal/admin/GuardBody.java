package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.voyagerota.InvalidInputException;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.transport.http.internal.HttpProblem;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A rollout's guard in a promotion body: any of its fields, the others taken from the server's default guard
 * (docs/admin-api.md, "Rollouts").
 */
final class GuardBody implements Fields.Reader {
    private static final long MAX_COUNT = 1_000_000;
    static final String FIELDS = "pauseAtFailureRate, minSample, windowDevices, window, alertBelowSuccessRate,"
            + " burstFailures, burstWindow";

    private final String path;
    private BigDecimal pauseAtFailureRate;
    private OptionalLong minSample = OptionalLong.empty();
    private OptionalLong windowDevices = OptionalLong.empty();
    private Duration window;
    private BigDecimal alertBelowSuccessRate;
    private OptionalLong burstFailures = OptionalLong.empty();
    private Duration burstWindow;

    private GuardBody(String path) {
        this.path = path;
    }

    static GuardBody read(JsonParser p, String path) throws IOException {
        GuardBody body = new GuardBody(path);
        Fields.object(p, path, FIELDS, body);
        return body;
    }

    @Override
    public boolean read(String field, JsonParser p) throws IOException {
        String at = path + "." + field;
        switch (field) {
            case "pauseAtFailureRate" -> pauseAtFailureRate = Fields.number(p, at, BigDecimal.ZERO, BigDecimal.ONE);
            case "minSample" -> minSample = Fields.integer(p, at, 1, MAX_COUNT);
            case "windowDevices" -> windowDevices = Fields.integer(p, at, 1, MAX_COUNT);
            case "window" -> window = RolloutBodies.duration(at, Fields.text(p, at, 64));
            case "alertBelowSuccessRate" -> alertBelowSuccessRate = Fields.number(p, at, BigDecimal.ZERO,
                    BigDecimal.ONE);
            case "burstFailures" -> burstFailures = Fields.integer(p, at, 1, MAX_COUNT);
            case "burstWindow" -> burstWindow = RolloutBodies.duration(at, Fields.text(p, at, 64));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The guard: what the body sets, the rest from {@code defaults}; 400 naming the guard when they disagree. */
    RolloutGuard toGuard(RolloutGuard defaults) {
        int sample = (int) minSample.orElse(defaults.minSample());
        // A larger sample on its own widens the default device window with it, as the server's settings do.
        int devices = (int) windowDevices.orElse(Math.max(defaults.windowDevices(), sample));
        try {
            return new RolloutGuard(
                    pauseAtFailureRate != null ? pauseAtFailureRate.doubleValue() : defaults.pauseAtFailureRate(),
                    sample,
                    alertBelowSuccessRate != null ? alertBelowSuccessRate.doubleValue()
                            : defaults.alertBelowSuccessRate(),
                    (int) burstFailures.orElse(defaults.burstFailures()),
                    burstWindow != null ? burstWindow : defaults.burstWindow(),
                    devices,
                    window != null ? window : defaults.window());
        } catch (InvalidInputException e) {
            throw HttpProblem.badParameter(path, "JSON field '" + path + "': " + e.getMessage());
        }
    }

    /** Writes a guard as the API shows it. */
    static void write(JsonGenerator g, RolloutGuard guard) throws IOException {
        g.writeStartObject();
        g.writeNumberField("pauseAtFailureRate", guard.pauseAtFailureRate());
        g.writeNumberField("minSample", guard.minSample());
        g.writeNumberField("windowDevices", guard.windowDevices());
        g.writeStringField("window", guard.window().toString());
        g.writeNumberField("alertBelowSuccessRate", guard.alertBelowSuccessRate());
        g.writeNumberField("burstFailures", guard.burstFailures());
        g.writeStringField("burstWindow", guard.burstWindow().toString());
        g.writeEndObject();
    }
}
