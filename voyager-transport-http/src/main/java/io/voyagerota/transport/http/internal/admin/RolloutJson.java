package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutProgress;
import io.voyagerota.rollout.RolloutTarget;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** Rollouts, their targets and plans, and their progress as the admin API writes them (docs/admin-api.md). */
final class RolloutJson {
    private RolloutJson() {
    }

    static void rollout(JsonGenerator g, Rollout r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("releaseId", r.releaseId());
        g.writeStringField("productId", r.productId());
        g.writeFieldName("target");
        target(g, r.target());
        if (r.plan().isPresent()) {
            RolloutPlan plan = r.plan().get();
            g.writeObjectFieldStart("plan");
            g.writeArrayFieldStart("stages");
            for (RolloutPlan.Stage s : plan.stages()) {
                g.writeStartObject();
                percent(g, s.basisPoints());
                g.writeStringField("soak", s.soak().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("advanceAtSuccessRate", plan.advanceAtSuccessRate());
            g.writeEndObject();
        }
        g.writeNumberField("stage", r.stage());
        g.writeStringField("stageStartedAt", r.stageStartedAt().toString());
        g.writeStringField("state", r.state().name().toLowerCase(Locale.ROOT));
        if (r.pauseReason().isPresent()) {
            g.writeStringField("pauseReason", r.pauseReason().get());
        }
        if (r.startAt().isPresent()) {
            g.writeStringField("startAt", r.startAt().get().toString());
        }
        g.writeFieldName("guard");
        GuardBody.write(g, r.guard());
        g.writeStringField("createdAt", r.createdAt().toString());
        g.writeStringField("updatedAt", r.updatedAt().toString());
        g.writeNumberField("revision", r.revision());
        g.writeEndObject();
    }

    static void target(JsonGenerator g, RolloutTarget t) throws IOException {
        g.writeStartObject();
        if (t instanceof RolloutTarget.Percentage p) {
            g.writeStringField("type", "percent");
            percent(g, p.basisPoints());
        } else if (t instanceof RolloutTarget.Tags tags) {
            g.writeStringField("type", "tags");
            CatalogJson.strings(g, "tags", tags.tags().stream().sorted().toList());
        } else if (t instanceof RolloutTarget.Devices d) {
            g.writeStringField("type", "devices");
            CatalogJson.strings(g, "devices", d.deviceIds().stream().sorted().toList());
        } else {
            g.writeStringField("type", "all");
        }
        g.writeEndObject();
    }

    /** {@code "percent"} from basis points, as written: 10, 12.5, 0.01. */
    private static void percent(JsonGenerator g, int basisPoints) throws IOException {
        g.writeFieldName("percent");
        g.writeNumber(BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString());
    }

    static void progress(JsonGenerator g, RolloutProgress p) throws IOException {
        g.writeStartObject();
        g.writeStringField("rolloutId", p.rolloutId());
        g.writeStringField("releaseId", p.releaseId());
        g.writeStringField("version", p.version().toString());
        g.writeNumberField("eligible", p.eligible());
        g.writeNumberField("updated", p.updated());
        g.writeStringField("devicesCountedAt", p.devicesCountedAt().toString());
        g.writeNumberField("successes", p.successes());
        g.writeNumberField("failures", p.failures());
        g.writeNumberField("successRate", p.successRate());
        g.writeObjectFieldStart("failuresByReason");
        for (Map.Entry<String, Long> e : p.failuresByReason().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
