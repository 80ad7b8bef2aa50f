package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.ReportMetrics;

import java.io.IOException;
import java.util.Set;

/** Devices and their reports as the admin API writes them (docs/admin-api.md). */
final class DeviceJson {
    private DeviceJson() {
    }

    static void device(JsonGenerator g, DeviceState d, Set<String> tags) throws IOException {
        g.writeStartObject();
        g.writeStringField("deviceId", d.deviceId());
        g.writeStringField("productId", d.productId());
        if (d.model().isPresent()) {
            g.writeStringField("model", d.model().get());
        }
        g.writeStringField("currentVersion", d.currentVersion().toString());
        if (d.lastStatus().isPresent()) {
            g.writeStringField("lastStatus", d.lastStatus().get().name());
        }
        if (d.lastError().isPresent()) {
            g.writeStringField("lastError", d.lastError().get());
        }
        g.writeStringField("lastSeen", d.lastSeen().toString());
        g.writeNumberField("updatesSucceeded", d.updatesSucceeded());
        g.writeNumberField("updatesFailed", d.updatesFailed());
        CatalogJson.strings(g, "tags", tags.stream().sorted().toList());
        g.writeEndObject();
    }

    static void report(JsonGenerator g, DeviceReport r) throws IOException {
        g.writeStartObject();
        reportFields(g, r);
        g.writeEndObject();
    }

    /** A report of a device's history, with whether it counted toward a rollout and, if not, why. */
    static void recorded(JsonGenerator g, RecordedReport r) throws IOException {
        g.writeStartObject();
        reportFields(g, r.report());
        g.writeBooleanField("counted", r.counted());
        if (r.rolloutId().isPresent()) {
            g.writeStringField("rolloutId", r.rolloutId().get());
        }
        if (r.notCountedReason().isPresent()) {
            g.writeStringField("notCountedReason", r.notCountedReason().get());
        }
        g.writeEndObject();
    }

    private static void reportFields(JsonGenerator g, DeviceReport r) throws IOException {
        g.writeStringField("reportId", r.reportId());
        g.writeStringField("deviceId", r.deviceId());
        g.writeStringField("productId", r.productId());
        g.writeStringField("fromVersion", r.fromVersion().toString());
        g.writeStringField("toVersion", r.toVersion().toString());
        g.writeStringField("runningVersion", r.runningVersion().toString());
        g.writeStringField("status", r.status().name());
        if (r.errorCode().isPresent()) {
            g.writeStringField("errorCode", r.errorCode().get());
        }
        if (r.errorMessage().isPresent()) {
            g.writeStringField("errorMessage", r.errorMessage().get());
        }
        ReportMetrics m = r.metrics();
        g.writeObjectFieldStart("metrics");
        if (m.downloadMillis().isPresent()) {
            g.writeNumberField("downloadMs", m.downloadMillis().getAsLong());
        }
        if (m.bytesDownloaded().isPresent()) {
            g.writeNumberField("bytes", m.bytesDownloaded().getAsLong());
        }
        if (m.installMillis().isPresent()) {
            g.writeNumberField("installMs", m.installMillis().getAsLong());
        }
        if (m.batteryPercent().isPresent()) {
            g.writeNumberField("battery", m.batteryPercent().getAsInt());
        }
        if (m.rssi().isPresent()) {
            g.writeNumberField("rssi", m.rssi().getAsInt());
        }
        g.writeEndObject();
        g.writeStringField("reportedAt", r.reportedAt().toString());
    }
}
