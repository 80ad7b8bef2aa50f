package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.version.Version;
import io.voyagerota.version.VersionFormatException;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads a device report's JSON body into a {@link DeviceReport}. Shape errors (a missing field, a wrong type, an
 * unknown status) are 400s naming the field; a report that contradicts itself is refused by {@link DeviceReport}
 * with an {@code invalid-report} error, which becomes a 422.
 */
final class ReportRequest {
    private static final long MAX_COUNTER = Long.MAX_VALUE / 2;

    private ReportRequest() {
    }

    /**
     * @param deviceId the device of the path, already authenticated; a {@code deviceId} in the body must equal it
     * @param now      when the report arrived: a missing {@code reportedAt}, or one in the future (a device clock
     *                 that is off), is replaced by it
     */
    static DeviceReport read(Json json, byte[] body, int length, String deviceId, Instant now) {
        String reportId = null;
        String product = null;
        String from = null;
        String to = null;
        String running = null;
        String status = null;
        String errorCode = null;
        String errorMessage = null;
        String bodyDevice = null;
        Instant reportedAt = now;
        ReportMetrics metrics = ReportMetrics.none();
        try (JsonParser p = json.parser(body, length)) {
            Json.startObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "reportId" -> reportId = Json.string(p, name);
                    case "deviceId" -> bodyDevice = Json.string(p, name);
                    case "product" -> product = Json.string(p, name);
                    case "fromVersion" -> from = Json.string(p, name);
                    case "toVersion" -> to = Json.string(p, name);
                    case "runningVersion" -> running = Json.string(p, name);
                    case "status" -> status = Json.string(p, name);
                    case "errorCode" -> errorCode = Json.string(p, name);
                    case "errorMessage" -> errorMessage = Json.string(p, name);
                    case "metrics" -> metrics = metrics(p);
                    case "reportedAt" -> reportedAt = instant(p, now);
                    default -> p.skipChildren();
                }
            }
            Json.endOfInput(p);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw HttpProblem.of(400, "invalid-json", "the body could not be read: " + e.getMessage());
        }
        if (bodyDevice != null && !bodyDevice.equals(deviceId)) {
            throw HttpProblem.of(422, "invalid-report", "the body names device '" + CheckRequest.printable(bodyDevice)
                    + "' but the path names '" + deviceId + "'; a device reports only for itself");
        }
        return new DeviceReport(required("reportId", reportId, "a unique id per report, reused when retrying"),
                deviceId, required("product", product, "the product id, such as 'locker'"),
                version("fromVersion", from), version("toVersion", to), version("runningVersion", running),
                status(required("status", status, "one of " + statuses())), Optional.ofNullable(errorCode),
                Optional.ofNullable(errorMessage), metrics, reportedAt.isAfter(now) ? now : reportedAt);
    }

    private static ReportMetrics metrics(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return ReportMetrics.none();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw HttpProblem.badParameter("metrics", "JSON field 'metrics' must be an object such as"
                    + " {\"downloadMs\":15000,\"bytes\":1536000}");
        }
        long downloadMs = -1;
        long bytes = -1;
        long installMs = -1;
        long battery = -1;
        long rssi = 1; // 1 means absent: RSSI is never positive
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "downloadMs" -> downloadMs = Json.integer(p, "metrics.downloadMs", 0, MAX_COUNTER, -1);
                case "bytes" -> bytes = Json.integer(p, "metrics.bytes", 0, MAX_COUNTER, -1);
                case "installMs" -> installMs = Json.integer(p, "metrics.installMs", 0, MAX_COUNTER, -1);
                case "battery" -> battery = Json.integer(p, "metrics.battery", 0, 100, -1);
                case "rssi" -> rssi = Json.integer(p, "metrics.rssi", -200, 0, 1);
                default -> p.skipChildren();
            }
        }
        return new ReportMetrics(optional(downloadMs), optional(bytes), optional(installMs),
                battery < 0 ? OptionalInt.empty() : OptionalInt.of((int) battery),
                rssi > 0 ? OptionalInt.empty() : OptionalInt.of((int) rssi));
    }

    private static Instant instant(JsonParser p, Instant now) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return now;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(Json.integer(p, "reportedAt", 0, 253_402_300_799L, 0));
        }
        String text = Json.string(p, "reportedAt");
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw HttpProblem.badParameter("reportedAt", "JSON field 'reportedAt' is '" + CheckRequest.printable(text)
                    + "' but must be an ISO-8601 instant such as 2030-01-01T12:00:00Z, or Unix seconds, or left out");
        }
    }

    private static Version version(String field, String text) {
        String value = required(field, text, "a version such as 1.4.2");
        try {
            return Version.parseLenient(value);
        } catch (VersionFormatException e) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "': " + e.getMessage());
        }
    }

    private static ReportStatus status(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ReportStatus s : ReportStatus.values()) {
            if (s.name().equals(normal)) {
                return s;
            }
        }
        throw HttpProblem.badParameter("status", "JSON field 'status' is '" + CheckRequest.printable(text)
                + "' but must be one of " + statuses());
    }

    private static String statuses() {
        StringBuilder out = new StringBuilder();
        for (ReportStatus s : ReportStatus.values()) {
            out.append(out.length() == 0 ? "" : ", ").append(s.name());
        }
        return out.toString();
    }

    private static String required(String field, String value, String what) {
        if (value == null || value.isBlank()) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is " + (value == null ? "missing"
                    : "empty") + ": send " + what);
        }
        return value;
    }

    private static OptionalLong optional(long value) {
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
