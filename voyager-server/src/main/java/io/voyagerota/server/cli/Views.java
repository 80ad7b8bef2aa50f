package io.voyagerota.server.cli;

import io.voyagerota.server.internal.Durations;
import io.voyagerota.server.internal.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The admin API's answers for people: a table per list, one line per field for a single object. */
final class Views {
    private Views() {
    }

    static void products(PrintWriter out, JsonNode answer) {
        Table t = new Table("PRODUCT", "NAME", "MODELS");
        for (JsonNode p : answer.get("products").items()) {
            t.row(p.get("id").text(""), p.get("name").text(""), models(p));
        }
        t.print(out, "no products yet: create one with `voyager product create`");
    }

    static void product(PrintWriter out, JsonNode p) {
        field(out, "product", p.get("id").text(""));
        field(out, "name", p.get("name").text(""));
        field(out, "models", models(p));
        p.get("maxArtifactBytes").asLong().ifPresent(n -> field(out, "max artifact", ProgressBar.human(n)));
        field(out, "release key", p.get("releaseKeyPem").isPresent() ? "set: releases must be signed" : "none");
    }

    static void releases(PrintWriter out, JsonNode answer) {
        Table t = new Table("VERSION", "STATE", "SIZE", "VALIDATION", "RELEASE ID");
        for (JsonNode r : answer.get("releases").items()) {
            t.row(r.get("version").text(""), state(r), r.get("artifact").get("size").asLong()
                    .map(ProgressBar::human).orElse("-"), r.get("validation").get("status").text("-"),
                    r.get("id").text(""));
        }
        t.print(out, "no releases yet: upload one with `voyager release upload`");
    }

    static void release(PrintWriter out, JsonNode r) {
        field(out, "release", r.get("id").text(""));
        field(out, "product", r.get("productId").text(""));
        field(out, "version", r.get("version").text(""));
        field(out, "state", state(r));
        r.get("revocationReason").text().ifPresent(v -> field(out, "revoked for", v));
        field(out, "models", join(r.get("models")));
        field(out, "required", r.get("required").asBoolean() ? "yes" : "no");
        r.get("minBatteryPercent").text().ifPresent(v -> field(out, "min battery", v + "%"));
        r.get("requiresAtLeast").text().ifPresent(v -> field(out, "requires", "at least " + v + " first"));
        r.get("secureVersion").text().ifPresent(v -> field(out, "secure ver", v));
        JsonNode a = r.get("artifact");
        if (a.isPresent()) {
            field(out, "artifact", a.get("kind").text("") + ", " + a.get("size").asLong().map(ProgressBar::human)
                    .orElse("?") + ", sha256 " + a.get("sha256").text(""));
            for (JsonNode part : a.get("parts").items()) {
                field(out, "  part", part.get("name").text("") + " at " + part.get("offset").text("") + ", "
                        + part.get("size").asLong().map(ProgressBar::human).orElse("?") + ", sha256 "
                        + part.get("sha256").text(""));
            }
        } else {
            field(out, "artifact", "none yet: `voyager release upload`");
        }
        JsonNode s = r.get("signature");
        field(out, "signature", s.isPresent() ? s.get("algorithm").text("") : "none");
        validation(out, r.get("validation"));
        field(out, "created", r.get("createdAt").text(""));
        field(out, "updated", r.get("updatedAt").text(""));
        r.get("changelog").text().filter(c -> !c.isBlank()).ifPresent(c -> {
            out.println("changelog");
            c.lines().forEach(line -> out.println("  " + line));
        });
    }

    static void validation(PrintWriter out, JsonNode v) {
        field(out, "validation", v.get("status").text("not run"));
        for (JsonNode step : v.get("steps").items()) {
            out.printf("  %s %-22s %s%n", step.get("passed").asBoolean() ? "ok  " : "FAIL", step.get("name").text(""),
                    step.get("message").text(""));
        }
    }

    static void promoted(PrintWriter out, JsonNode answer) {
        release(out, answer.get("release"));
        out.println();
        rollout(out, answer.get("rollout"));
    }

    static void rollouts(PrintWriter out, JsonNode answer) {
        Table t = new Table("ROLLOUT", "RELEASE", "TARGET", "STAGE", "STATE");
        for (JsonNode r : answer.get("rollouts").items()) {
            t.row(r.get("id").text(""), r.get("releaseId").text(""), target(r.get("target")), stage(r),
                    r.get("state").text(""));
        }
        t.print(out, "no rollouts: promote a release with `voyager release promote`");
    }

    static void rollout(PrintWriter out, JsonNode r) {
        field(out, "rollout", r.get("id").text(""));
        field(out, "release", r.get("releaseId").text(""));
        field(out, "product", r.get("productId").text(""));
        field(out, "target", target(r.get("target")));
        JsonNode plan = r.get("plan");
        if (plan.isPresent()) {
            field(out, "plan", plan.get("stages").items().stream()
                    .map(s -> s.get("percent").text("?") + "% for " + soak(s.get("soak").text("?")))
                    .collect(Collectors.joining(" → ")) + plan.get("advanceAtSuccessRate").asDouble()
                    .map(rate -> String.format(Locale.ROOT, ", advancing at %.0f%% success", rate * 100)).orElse(""));
        }
        field(out, "stage", stage(r));
        field(out, "state", r.get("state").text("") + r.get("pauseReason").text().map(p -> ": " + p).orElse(""));
        r.get("startAt").text().ifPresent(v -> field(out, "starts", v));
        JsonNode guard = r.get("guard");
        if (guard.isPresent()) {
            field(out, "pauses", String.format(Locale.ROOT, "at %.0f%% failed of the latest %s devices or %s (from %s"
                            + " devices)", guard.get("pauseAtFailureRate").asDouble().orElse(0.0) * 100,
                    guard.get("windowDevices").text("?"), soak(guard.get("window").text("?")),
                    guard.get("minSample").text("?")));
        }
        field(out, "created", r.get("createdAt").text(""));
        field(out, "updated", r.get("updatedAt").text(""));
    }

    static void stats(PrintWriter out, JsonNode s) {
        field(out, "rollout", s.get("rolloutId").text(""));
        field(out, "version", s.get("version").text(""));
        field(out, "eligible", s.get("eligible").text("0") + " devices");
        field(out, "updated", s.get("updated").text("0") + " devices");
        field(out, "successes", s.get("successes").text("0"));
        field(out, "failures", s.get("failures").text("0"));
        field(out, "success", s.get("successRate").asDouble()
                .map(rate -> String.format(Locale.ROOT, "%.1f%%", rate * 100)).orElse("-"));
        for (Map.Entry<String, JsonNode> e : s.get("failuresByReason").fields().entrySet()) {
            field(out, "  failed", e.getValue().text("?") + " × " + e.getKey());
        }
    }

    static void fleetStats(PrintWriter out, JsonNode s) {
        field(out, "product", s.get("productId").text(""));
        field(out, "range", s.get("from").text("") + " to " + s.get("to").text(""));
        field(out, "devices", s.get("devices").text("0"));
        field(out, "updates", s.get("succeeded").text("0") + " succeeded, " + s.get("failed").text("0")
                + " failed, " + s.get("rolledBack").text("0") + " rolled back");
        field(out, "success", s.get("successRate").asDouble()
                .map(rate -> String.format(Locale.ROOT, "%.1f%%", rate * 100)).orElse("-"));
        JsonNode d = s.get("downloads");
        field(out, "downloads", d.get("samples").text("0") + " measured, average " + String.format(Locale.ROOT,
                "%.0f ms, p95 %s ms; speed average %.1f KB/s, p95 %.1f KB/s", d.get("averageMs").asDouble()
                        .orElse(0.0), d.get("p95Ms").text("0"), d.get("averageBytesPerSecond").asDouble().orElse(0.0)
                        / 1024, d.get("p95BytesPerSecond").asDouble().orElse(0.0) / 1024));
        for (Map.Entry<String, JsonNode> e : s.get("failuresByCode").fields().entrySet()) {
            field(out, "  failed", e.getValue().text("?") + " × " + e.getKey());
        }
        out.println();
        Table versions = new Table("VERSION", "DEVICES");
        for (JsonNode v : s.get("versions").items()) {
            versions.row(v.get("version").text(""), v.get("devices").text("0"));
        }
        versions.print(out, "no devices");
        out.println();
        Table days = new Table("DAY", "SUCCEEDED", "FAILED", "ROLLED BACK");
        for (JsonNode v : s.get("days").items()) {
            days.row(v.get("day").text(""), v.get("succeeded").text("0"), v.get("failed").text("0"),
                    v.get("rolledBack").text("0"));
        }
        days.print(out, "no days");
        out.println();
        Table rollouts = new Table("ROLLOUT", "DEVICES", "BY STATUS");
        for (JsonNode r : s.get("rollouts").items()) {
            List<String> steps = r.get("byStatus").fields().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().text("?")).toList();
            rollouts.row(r.get("rolloutId").text(""), r.get("devices").text("0"), String.join(", ", steps));
        }
        rollouts.print(out, "no rollout reports in the range");
    }

    static void devices(PrintWriter out, JsonNode answer) {
        Table t = new Table("DEVICE", "MODEL", "VERSION", "STATUS", "LAST SEEN", "TAGS");
        for (JsonNode d : answer.get("devices").items()) {
            t.row(d.get("deviceId").text(""), d.get("model").text("-"), d.get("currentVersion").text("-"),
                    d.get("lastStatus").text("-"), d.get("lastSeen").text("-"), join(d.get("tags")));
        }
        t.print(out, "no devices have checked in yet");
        answer.get("next").text().ifPresent(n -> out.println("more: --after " + n));
    }

    static void device(PrintWriter out, JsonNode d) {
        field(out, "device", d.get("deviceId").text(""));
        field(out, "product", d.get("productId").text(""));
        d.get("model").text().ifPresent(v -> field(out, "model", v));
        field(out, "version", d.get("currentVersion").text("-"));
        d.get("lastStatus").text().ifPresent(v -> field(out, "last status", v));
        d.get("lastError").text().ifPresent(v -> field(out, "last error", v));
        field(out, "last seen", d.get("lastSeen").text("-"));
        field(out, "updates", d.get("updatesSucceeded").text("0") + " succeeded, "
                + d.get("updatesFailed").text("0") + " failed");
        field(out, "tags", join(d.get("tags")));
    }

    static void history(PrintWriter out, JsonNode answer) {
        Table t = new Table("REPORTED", "STATUS", "FROM", "TO", "RUNNING", "COUNTED", "ERROR");
        for (JsonNode r : answer.get("reports").items()) {
            String error = r.get("errorCode").text("") + r.get("errorMessage").text().map(m -> " " + m).orElse("");
            // whether the report moved a rollout's figures, and if not why (docs/concepts.md, "Rollouts")
            String counted = r.get("counted").asBoolean() ? "yes"
                    : "no: " + r.get("notCountedReason").text("unknown");
            t.row(r.get("reportedAt").text("-"), r.get("status").text("-"), r.get("fromVersion").text("-"),
                    r.get("toVersion").text("-"), r.get("runningVersion").text("-"), counted,
                    error.isBlank() ? "-" : error);
        }
        t.print(out, "no reports from this device yet");
    }

    static void tags(PrintWriter out, JsonNode answer) {
        field(out, "device", answer.get("deviceId").text(""));
        field(out, "tags", join(answer.get("tags")));
    }

    static void outboxEvents(PrintWriter out, JsonNode answer) {
        Table t = new Table("EVENT", "TYPE", "CONCERNS", "ATTEMPTS", "CREATED", "LAST ERROR");
        for (JsonNode e : answer.get("events").items()) {
            t.row(e.get("id").text(""), e.get("type").text("-"), e.get("aggregateId").text("").isEmpty() ? "-"
                    : e.get("aggregateId").text(""), e.get("attempts").text("0"), e.get("createdAt").text("-"),
                    e.get("lastError").text("-"));
        }
        t.print(out, "no " + answer.get("state").text("") + " outbox events");
        answer.get("next").text().ifPresent(n -> out.println("more: --after " + n));
        List<String> counts = new ArrayList<>();
        answer.get("counts").fields().forEach((state, n) -> counts.add(state + " " + n.text("0")));
        out.println("counts: " + String.join(", ", counts));
    }

    static void outboxEvent(PrintWriter out, JsonNode e) {
        field(out, "event", e.get("id").text(""));
        field(out, "type", e.get("type").text(""));
        field(out, "state", e.get("state").text(""));
        field(out, "attempts", e.get("attempts").text("0"));
        field(out, "next attempt", e.get("nextAttemptAt").text("-"));
        e.get("lastError").text().ifPresent(v -> field(out, "last error", v));
    }

    static void field(PrintWriter out, String name, String value) {
        out.printf("%-12s %s%n", name, value);
    }

    private static String models(JsonNode product) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : product.get("models").items()) {
            names.add(m.get("name").text().orElse(m.text("")) + m.get("chip").text().map(c -> " (" + c + ")")
                    .orElse(""));
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    /** {@code PT30M} as {@code 30m}, as the command line takes it. */
    private static String soak(String iso) {
        try {
            return Durations.format(Duration.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String state(JsonNode release) {
        return release.get("state").text("?") + (release.get("deleted").asBoolean() ? " (deleted)" : "");
    }

    private static String stage(JsonNode rollout) {
        int stages = rollout.get("plan").get("stages").items().size();
        String stage = rollout.get("stage").asLong().map(s -> Long.toString(s + 1)).orElse("-");
        return stages == 0 ? "-" : stage + " of " + stages;
    }

    static String target(JsonNode t) {
        return switch (t.get("type").text("all")) {
            case "percent" -> t.get("percent").text("?") + "% of devices";
            case "tags" -> "devices tagged " + join(t.get("tags"));
            case "devices" -> t.get("devices").items().size() + " listed device(s)";
            default -> "every device";
        };
    }

    private static String join(JsonNode array) {
        List<String> values = array.items().stream().map(v -> v.text("")).toList();
        return values.isEmpty() ? "-" : String.join(", ", values);
    }

    /** Columns as wide as their widest cell. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final int columns;

        Table(String... header) {
            rows.add(header);
            columns = header.length;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out, String whenEmpty) {
            if (rows.size() == 1) {
                out.println(whenEmpty);
                return;
            }
            int[] width = new int[columns];
            for (String[] row : rows) {
                for (int i = 0; i < columns; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    line.append(i == columns - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
