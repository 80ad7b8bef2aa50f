package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.Voyager;
import io.voyagerota.housekeeping.ArtifactPurge;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.housekeeping.HousekeepingReport;
import io.voyagerota.transport.http.VoyagerResponse;

import java.io.IOException;
import java.util.List;

/** Housekeeping: its settings and this node's latest run, and a run on demand. */
final class HousekeepingRoutes {
    private final Voyager voyager;

    HousekeepingRoutes(Voyager voyager) {
        this.voyager = voyager;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/housekeeping", this::status);
        router.add("POST", "/admin/housekeeping/run", call -> {
            HousekeepingReport report = voyager.housekeeping().run();
            return call.ok(g -> report(g, report));
        });
    }

    private VoyagerResponse status(AdminCall call) {
        HousekeepingConfig config = voyager.housekeeping().config();
        var last = voyager.housekeeping().lastReport();
        return call.ok(g -> {
            g.writeStartObject();
            g.writeBooleanField("enabled", config.enabled());
            g.writeStringField("interval", config.interval().toString());
            g.writeStringField("unreferencedGrace", config.unreferencedGrace().toString());
            g.writeStringField("deletedRetention", config.deletedRetention().toString());
            if (last.isPresent()) {
                g.writeFieldName("lastRun");
                report(g, last.get());
            }
            g.writeEndObject();
        });
    }

    private static void report(JsonGenerator g, HousekeepingReport r) throws IOException {
        g.writeStartObject();
        g.writeStringField("startedAt", r.startedAt().toString());
        g.writeStringField("finishedAt", r.finishedAt().toString());
        strings(g, "leftoversSwept", r.leftoversSwept());
        g.writeNumberField("artifactsListed", r.artifactsListed());
        g.writeArrayFieldStart("purges");
        for (ArtifactPurge p : r.purges()) {
            g.writeStartObject();
            g.writeStringField("key", p.key());
            g.writeStringField("reason", p.reason().wireName());
            g.writeStringField("eventId", p.eventId());
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "problems", r.problems());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
