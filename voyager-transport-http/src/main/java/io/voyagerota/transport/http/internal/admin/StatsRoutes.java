package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.Voyager;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.FleetStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.stats.VersionCount;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/** {@code /admin/products/{productId}/stats}: a product's fleet statistics over a range of UTC days. */
final class StatsRoutes {
    /** The days a range covers when {@code from} is not given. */
    static final int DEFAULT_DAYS = 30;
    private static final Set<String> QUERY = Set.of("from", "to");

    private final Voyager voyager;

    StatsRoutes(Voyager voyager) {
        this.voyager = voyager;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/products/{productId}/stats", this::stats);
    }

    private VoyagerResponse stats(AdminCall call) {
        String productId = call.param("productId");
        LocalDate to = day(call, "to");
        LocalDate from = day(call, "from");
        LocalDate last = to != null ? to : voyager.products().today();
        StatsRange range = from != null ? new StatsRange(from, last) : StatsRange.endingOn(last, DEFAULT_DAYS);
        FleetStats stats = voyager.products().stats(productId, range);
        return call.ok(g -> write(g, stats));
    }

    private static LocalDate day(AdminCall call, String name) {
        String text = call.query(name, QUERY);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badParameter(name, "query parameter '" + name + "' is '" + WireJson.printable(text)
                    + "' but must be a UTC day such as 2030-01-31");
        }
    }

    static void write(JsonGenerator g, FleetStats s) throws IOException {
        g.writeStartObject();
        g.writeStringField("productId", s.productId());
        g.writeStringField("from", s.range().first().toString());
        g.writeStringField("to", s.range().last().toString());
        g.writeNumberField("devices", s.devices());
        g.writeArrayFieldStart("versions");
        for (VersionCount v : s.versions()) {
            g.writeStartObject();
            g.writeStringField("version", v.version());
            g.writeNumberField("devices", v.devices());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("succeeded", s.succeeded());
        g.writeNumberField("failed", s.failed());
        g.writeNumberField("rolledBack", s.rolledBack());
        g.writeNumberField("successRate", s.successRate());
        g.writeArrayFieldStart("days");
        for (DailyUpdates d : s.days()) {
            g.writeStartObject();
            g.writeStringField("day", d.day().toString());
            g.writeNumberField("succeeded", d.succeeded());
            g.writeNumberField("failed", d.failed());
            g.writeNumberField("rolledBack", d.rolledBack());
            g.writeEndObject();
        }
        g.writeEndArray();
        DownloadStats dl = s.downloads();
        g.writeObjectFieldStart("downloads");
        g.writeNumberField("samples", dl.samples());
        g.writeNumberField("averageMs", dl.averageMillis());
        g.writeNumberField("p95Ms", dl.p95Millis());
        g.writeNumberField("averageBytesPerSecond", dl.averageBytesPerSecond());
        g.writeNumberField("p95BytesPerSecond", dl.p95BytesPerSecond());
        g.writeEndObject();
        g.writeObjectFieldStart("failuresByCode");
        for (Map.Entry<String, Long> e : s.failuresByCode().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("rollouts");
        for (RolloutStages r : s.rollouts()) {
            g.writeStartObject();
            g.writeStringField("rolloutId", r.rolloutId());
            g.writeNumberField("devices", r.total());
            g.writeObjectFieldStart("byStatus");
            for (Map.Entry<ReportStatus, Long> e : r.devices().entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
