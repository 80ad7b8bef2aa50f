package io.voyagerota.jdbc;

import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutTarget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The JSON forms of the catalog's nested values. Field names are part of the stored format: change them only with
 * a migration. Instants and durations are ISO-8601 text, so they round-trip exactly; sets are written sorted so
 * that equal values are stored as equal text.
 */
final class CatalogJson {
    private CatalogJson() {
    }

    static String models(List<HardwareModel> models) {
        return Json.write(g -> {
            g.writeStartArray();
            for (HardwareModel m : models) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeStringField("chip", m.chip().name());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static List<HardwareModel> models(Object tree) {
        List<HardwareModel> out = new ArrayList<>();
        for (Object item : Json.array(tree)) {
            Map<String, Object> m = Json.object(item);
            out.add(new HardwareModel(Json.string(m, "name"), Chip.valueOf(Json.string(m, "chip"))));
        }
        return out;
    }

    static String strings(List<String> values) {
        return Json.write(g -> Json.writeStrings(g, values));
    }

    static String parts(List<ArtifactPart> parts) {
        return Json.write(g -> {
            g.writeStartArray();
            for (ArtifactPart p : parts) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeNumberField("offset", p.offset());
                g.writeNumberField("size", p.size());
                g.writeStringField("sha256", p.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static List<ArtifactPart> parts(Object tree) {
        List<ArtifactPart> out = new ArrayList<>();
        for (Object item : Json.array(tree)) {
            Map<String, Object> p = Json.object(item);
            out.add(new ArtifactPart(Json.string(p, "name"), Json.number(p, "offset"), Json.number(p, "size"),
                    Json.string(p, "sha256")));
        }
        return out;
    }

    static String signature(ReleaseSignature signature) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("algorithm", signature.algorithm());
            g.writeStringField("base64", signature.base64());
            g.writeEndObject();
        });
    }

    static ReleaseSignature signature(Object tree) {
        Map<String, Object> s = Json.object(tree);
        return new ReleaseSignature(Json.string(s, "algorithm"), Json.string(s, "base64"));
    }

    static String validation(ValidationReport report) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", report.status().name());
            g.writeArrayFieldStart("steps");
            for (ValidationReport.Step step : report.steps()) {
                g.writeStartObject();
                g.writeStringField("name", step.name());
                g.writeBooleanField("passed", step.passed());
                g.writeStringField("message", step.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (report.at().isPresent()) {
                g.writeStringField("at", report.at().get().toString());
            }
            g.writeEndObject();
        });
    }

    static ValidationReport validation(Object tree) {
        Map<String, Object> r = Json.object(tree);
        List<ValidationReport.Step> steps = new ArrayList<>();
        for (Object item : Json.array(r.get("steps"))) {
            Map<String, Object> s = Json.object(item);
            steps.add(new ValidationReport.Step(Json.string(s, "name"), Json.bool(s, "passed"),
                    Json.string(s, "message")));
        }
        Optional<Instant> at = r.containsKey("at") ? Optional.of(Instant.parse(Json.string(r, "at")))
                : Optional.empty();
        return new ValidationReport(ValidationReport.Status.valueOf(Json.string(r, "status")), steps, at);
    }

    static String target(RolloutTarget target) {
        return Json.write(g -> {
            g.writeStartObject();
            if (target instanceof RolloutTarget.All) {
                g.writeStringField("kind", "all");
            } else if (target instanceof RolloutTarget.Percentage p) {
                g.writeStringField("kind", "percentage");
                g.writeNumberField("basisPoints", p.basisPoints());
            } else if (target instanceof RolloutTarget.Tags t) {
                g.writeStringField("kind", "tags");
                g.writeFieldName("tags");
                Json.writeStrings(g, new TreeSet<>(t.tags()));
            } else {
                g.writeStringField("kind", "devices");
                g.writeFieldName("deviceIds");
                Json.writeStrings(g, new TreeSet<>(((RolloutTarget.Devices) target).deviceIds()));
            }
            g.writeEndObject();
        });
    }

    static RolloutTarget target(Object tree) {
        Map<String, Object> t = Json.object(tree);
        String kind = Json.string(t, "kind");
        return switch (kind) {
            case "all" -> new RolloutTarget.All();
            case "percentage" -> new RolloutTarget.Percentage(Math.toIntExact(Json.number(t, "basisPoints")));
            case "tags" -> new RolloutTarget.Tags(new TreeSet<>(Json.strings(t.get("tags"))));
            case "devices" -> new RolloutTarget.Devices(new TreeSet<>(Json.strings(t.get("deviceIds"))));
            default -> throw new IllegalStateException("unknown rollout target kind '" + kind + "'");
        };
    }

    static String plan(RolloutPlan plan) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("stages");
            for (RolloutPlan.Stage stage : plan.stages()) {
                g.writeStartObject();
                g.writeNumberField("basisPoints", stage.basisPoints());
                g.writeStringField("soak", stage.soak().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("advanceAtSuccessRate", plan.advanceAtSuccessRate());
            g.writeEndObject();
        });
    }

    static RolloutPlan plan(Object tree) {
        Map<String, Object> p = Json.object(tree);
        List<RolloutPlan.Stage> stages = new ArrayList<>();
        for (Object item : Json.array(p.get("stages"))) {
            Map<String, Object> s = Json.object(item);
            stages.add(new RolloutPlan.Stage(Math.toIntExact(Json.number(s, "basisPoints")),
                    Duration.parse(Json.string(s, "soak"))));
        }
        return new RolloutPlan(stages, Json.decimal(p, "advanceAtSuccessRate"));
    }

    static String guard(RolloutGuard guard) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("pauseAtFailureRate", guard.pauseAtFailureRate());
            g.writeNumberField("minSample", guard.minSample());
            g.writeNumberField("alertBelowSuccessRate", guard.alertBelowSuccessRate());
            g.writeNumberField("burstFailures", guard.burstFailures());
            g.writeStringField("burstWindow", guard.burstWindow().toString());
            g.writeNumberField("windowDevices", guard.windowDevices());
            g.writeStringField("window", guard.window().toString());
            g.writeEndObject();
        });
    }

    static RolloutGuard guard(Object tree) {
        Map<String, Object> g = Json.object(tree);
        RolloutGuard read = new RolloutGuard(Json.decimal(g, "pauseAtFailureRate"),
                Math.toIntExact(Json.number(g, "minSample")), Json.decimal(g, "alertBelowSuccessRate"),
                Math.toIntExact(Json.number(g, "burstFailures")), Duration.parse(Json.string(g, "burstWindow")));
        // Guards stored before the pause windows existed have the default windows.
        if (g.containsKey("windowDevices")) {
            read = read.withWindows(Math.toIntExact(Json.number(g, "windowDevices")),
                    Duration.parse(Json.string(g, "window")));
        }
        return read;
    }
}
