package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Reads rollout specs, targets and plans from admin request bodies (docs/admin-api.md, "Rollouts"). */
final class RolloutBodies {
    static final String SPEC_FIELDS = "target, plan, startAt, guard";
    private static final String TARGET_FIELDS = "type, and percent, tags or devices as the type needs";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private RolloutBodies() {
    }

    /**
     * The body of a promotion: a target or a staged plan (every device when neither), a scheduled start, and the
     * guard that pauses it.
     */
    static final class Spec implements Fields.Reader {
        private RolloutTarget target;
        private RolloutPlan plan;
        private Instant startAt;
        private GuardBody guard;

        @Override
        public boolean read(String field, JsonParser p) throws IOException {
            switch (field) {
                case "target" -> target = Fields.absent(p) ? null : target(p, field);
                case "plan" -> plan = Fields.absent(p) ? null : plan(p, field, 0.95);
                case "startAt" -> startAt = Fields.instant(p, field);
                case "guard" -> guard = Fields.absent(p) ? null : GuardBody.read(p, field);
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** The spec; a guard the body gives takes what it leaves out from {@code defaultGuard}. */
        RolloutSpec toSpec(RolloutGuard defaultGuard) {
            if (target != null && plan != null) {
                throw HttpProblem.badParameter("plan", "send either 'target' (a fixed audience) or 'plan' (stages"
                        + " that widen by themselves), not both");
            }
            return new RolloutSpec(plan == null ? Optional.of(target == null ? RolloutTarget.all() : target)
                    : Optional.empty(), Optional.ofNullable(plan), Optional.ofNullable(startAt),
                    Optional.ofNullable(guard).map(g -> g.toGuard(defaultGuard)));
        }
    }

    /**
     * A target: {@code {"type":"all"}}, {@code {"type":"percent","percent":12.5}}, {@code {"type":"tags","tags":[…]}}
     * or {@code {"type":"devices","devices":[…]}}.
     */
    static RolloutTarget target(JsonParser p, String path) throws IOException {
        TargetBody body = new TargetBody(path);
        Fields.object(p, path, TARGET_FIELDS, body);
        return body.toTarget();
    }

    /** The fields of a target, checked against its type once all are read (the type need not come first). */
    private static final class TargetBody implements Fields.Reader {
        private final String path;
        private String type;
        private BigDecimal percent;
        private List<String> tags;
        private List<String> devices;

        TargetBody(String path) {
            this.path = path;
        }

        @Override
        public boolean read(String field, JsonParser p) throws IOException {
            switch (field) {
                case "type" -> type = Fields.text(p, path + ".type", 64);
                case "percent" -> percent = Fields.number(p, path + ".percent", BigDecimal.ZERO, HUNDRED);
                case "tags" -> tags = Fields.strings(p, path + ".tags", 64);
                case "devices" -> devices = Fields.strings(p, path + ".devices", 128);
                default -> {
                    return false;
                }
            }
            return true;
        }

        RolloutTarget toTarget() {
            String kind = Fields.required(path + ".type", type, "one of all, percent, tags, devices");
            switch (kind) {
                case "all" -> {
                    only(kind, percent == null && tags == null && devices == null);
                    return RolloutTarget.all();
                }
                case "percent" -> {
                    only(kind, tags == null && devices == null);
                    return new RolloutTarget.Percentage(basisPoints(path + ".percent", Fields.required(path
                            + ".percent", percent, "a percentage such as 10 or 12.5")));
                }
                case "tags" -> {
                    only(kind, percent == null && devices == null);
                    // As the device directory stores them: lower case, so that they match.
                    return new RolloutTarget.Tags(DirectoryEntry.tags(nonEmpty(path + ".tags", tags,
                            "tags such as [\"tester\"]")));
                }
                case "devices" -> {
                    only(kind, percent == null && tags == null);
                    List<String> ids = nonEmpty(path + ".devices", devices, "device ids such as [\"d1\"]");
                    for (int i = 0; i < ids.size(); i++) {
                        if (!DeviceReport.isValidDeviceId(ids.get(i))) {
                            throw HttpProblem.badParameter(path + ".devices[" + i + "]", "device id '"
                                    + WireJson.printable(ids.get(i)) + "' is not valid: use 1 to 128 characters"
                                    + " of letters, digits, '.', '_', ':' or '-'");
                        }
                    }
                    return new RolloutTarget.Devices(new HashSet<>(ids));
                }
                default -> throw HttpProblem.badParameter(path + ".type", "JSON field '" + path + ".type' is '"
                        + WireJson.printable(kind) + "' but must be one of all, percent, tags, devices");
            }
        }

        private void only(String kind, boolean clean) {
            if (!clean) {
                throw HttpProblem.badParameter(path, "a target of type '" + kind + "' takes " + switch (kind) {
                    case "percent" -> "only 'percent'";
                    case "tags" -> "only 'tags'";
                    case "devices" -> "only 'devices'";
                    default -> "no other field";
                } + " besides 'type'");
            }
        }
    }

    /** A plan; a left-out {@code advanceAtSuccessRate} is {@code defaultRate}. */
    static RolloutPlan plan(JsonParser p, String path, double defaultRate) throws IOException {
        List<RolloutPlan.Stage> stages = new ArrayList<>();
        BigDecimal[] rate = new BigDecimal[1];
        boolean[] sawStages = new boolean[1];
        Fields.object(p, path, "stages, advanceAtSuccessRate", (field, q) -> {
            switch (field) {
                case "stages" -> {
                    sawStages[0] = true;
                    stages(q, path + ".stages", stages);
                }
                case "advanceAtSuccessRate" -> rate[0] = Fields.number(q, path + "." + field, BigDecimal.ZERO,
                        BigDecimal.ONE);
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (!sawStages[0] || stages.isEmpty()) {
            throw HttpProblem.badParameter(path + ".stages", "JSON field '" + path + ".stages' is missing or empty:"
                    + " send the stages, such as [{\"percent\":1,\"soak\":\"PT1H\"},{\"percent\":100,\"soak\":\"PT0S\"}]");
        }
        return new RolloutPlan(stages, rate[0] == null ? defaultRate : rate[0].doubleValue());
    }

    private static void stages(JsonParser p, String path, List<RolloutPlan.Stage> into) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw HttpProblem.badParameter(path, "JSON field '" + path + "' must be an array of stages, not "
                    + WireJson.describe(p.currentToken()));
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String stage = path + "[" + into.size() + "]";
            BigDecimal[] percent = new BigDecimal[1];
            String[] soak = new String[1];
            Fields.object(p, stage, "percent, soak", (field, q) -> {
                switch (field) {
                    case "percent" -> percent[0] = Fields.number(q, stage + ".percent", BigDecimal.ZERO, HUNDRED);
                    case "soak" -> soak[0] = Fields.text(q, stage + ".soak", 64);
                    default -> {
                        return false;
                    }
                }
                return true;
            });
            int bp = basisPoints(stage + ".percent", Fields.required(stage + ".percent", percent[0],
                    "the share of the fleet, such as 10"));
            if (bp == 0) {
                throw HttpProblem.badParameter(stage + ".percent", "a stage must admit more than 0%");
            }
            into.add(new RolloutPlan.Stage(bp, duration(stage + ".soak", Fields.required(stage + ".soak", soak[0],
                    "how long to watch the stage before the next, such as PT1H"))));
        }
    }

    static Duration duration(String field, String text) {
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // refused below, with the expected form
        }
        throw HttpProblem.badParameter(field, "JSON field '" + field + "' is '" + WireJson.printable(text)
                + "' but must be an ISO 8601 duration of zero or more, such as PT1H or P1D");
    }

    /** A percentage with at most two decimals, in basis points (12.5 is 1250). */
    private static int basisPoints(String field, BigDecimal percent) {
        BigDecimal bp = percent.movePointRight(2).stripTrailingZeros();
        if (bp.scale() > 0) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is " + percent.toPlainString()
                    + " but may have at most two decimals, such as 12.5 or 0.25");
        }
        return bp.intValueExact();
    }

    private static List<String> nonEmpty(String field, List<String> values, String what) {
        if (values == null || values.isEmpty()) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is missing or empty: send " + what);
        }
        return values;
    }
}
