package io.voyagerota.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.InvalidReportException;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Reads a device report's JSON into a {@link DeviceReport}, whatever the transport. Shape errors (a missing field, a
 * wrong type, an unknown status) are {@link WireFormatException}s naming the field; a report that contradicts itself
 * or names another device is an {@link InvalidReportException}.
 */
public final class ReportJson {
    private static final long MAX_COUNTER = Long.MAX_VALUE / 2;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final String STATUSES = Arrays.stream(ReportStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private ReportJson() {
    }

    /**
     * @param deviceId the device the transport knows the report comes from (an authenticated HTTP path, an MQTT
     *                 topic the broker confines the device to); a {@code deviceId} in the body must equal it
     * @param now      when the report arrived: a missing {@code reportedAt}, or one in the future (a device clock
     *                 that is off), is replaced by it
     */
    public static DeviceReport read(WireJson json, byte[] body, int offset, int length, String deviceId,
                                    Instant now) {
        Fields f = new Fields();
        f.reportedAt = now;
        try (JsonParser p = json.parser(body, offset, length)) {
            WireJson.startObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "reportId" -> f.reportId = WireJson.string(p, name);
                    case "deviceId" -> f.device = WireJson.string(p, name);
                    case "product" -> f.product = WireJson.string(p, name);
                    case "fromVersion" -> f.from = WireJson.string(p, name);
                    case "toVersion" -> f.to = WireJson.string(p, name);
                    case "runningVersion" -> f.running = WireJson.string(p, name);
                    case "status" -> f.status = WireJson.string(p, name);
                    case "errorCode" -> f.errorCode = WireJson.string(p, name);
                    case "errorMessage" -> f.errorMessage = WireJson.string(p, name);
                    case "metrics" -> f.metrics = metrics(p);
                    case "reportedAt" -> f.reportedAt = instant(p, now);
                    default -> p.skipChildren();
                }
            }
            WireJson.endOfInput(p);
        } catch (IOException e) {
            throw WireJson.unreadable(e);
        }
        if (f.device.isPresent() && !f.device.get().equals(deviceId)) {
            throw new InvalidReportException(Checks.printable(f.reportId.orElse("(no id)")), "it names device '"
                    + Checks.printable(f.device.get()) + "' but came from device '" + deviceId
                    + "'; a device reports only for itself");
        }
        String reportId = WireJson.required("reportId", f.reportId, "a unique id per report, reused when retrying");
        String product = WireJson.required("product", f.product, "the product id, such as 'locker'");
        Version from = WireJson.version("fromVersion", f.from);
        Version to = WireJson.version("toVersion", f.to);
        Version running = WireJson.version("runningVersion", f.running);
        ReportStatus status = status(WireJson.required("status", f.status, "one of " + STATUSES));
        return new DeviceReport(reportId, deviceId, product, from, to, running, status, f.errorCode,
                f.errorMessage, f.metrics, f.reportedAt.isAfter(now) ? now : f.reportedAt);
    }

    /** What the body said, field by field, before it is checked as a whole. */
    private static final class Fields {
        Optional<String> reportId = Optional.empty();
        Optional<String> device = Optional.empty();
        Optional<String> product = Optional.empty();
        Optional<String> from = Optional.empty();
        Optional<String> to = Optional.empty();
        Optional<String> running = Optional.empty();
        Optional<String> status = Optional.empty();
        Optional<String> errorCode = Optional.empty();
        Optional<String> errorMessage = Optional.empty();
        ReportMetrics metrics = ReportMetrics.none();
        Instant reportedAt;
    }

    private static ReportMetrics metrics(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return ReportMetrics.none();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw WireFormatException.field("metrics", "JSON field 'metrics' must be an object such as"
                    + " {\"downloadMs\":15000,\"bytes\":1536000}");
        }
        OptionalLong downloadMs = OptionalLong.empty();
        OptionalLong bytes = OptionalLong.empty();
        OptionalLong installMs = OptionalLong.empty();
        OptionalLong battery = OptionalLong.empty();
        OptionalLong rssi = OptionalLong.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "downloadMs" -> downloadMs = WireJson.integer(p, "metrics.downloadMs", 0, MAX_COUNTER);
                case "bytes" -> bytes = WireJson.integer(p, "metrics.bytes", 0, MAX_COUNTER);
                case "installMs" -> installMs = WireJson.integer(p, "metrics.installMs", 0, MAX_COUNTER);
                case "battery" -> battery = WireJson.integer(p, "metrics.battery", 0, 100);
                case "rssi" -> rssi = WireJson.integer(p, "metrics.rssi", -200, 0);
                default -> p.skipChildren();
            }
        }
        return new ReportMetrics(downloadMs, bytes, installMs, small(battery), small(rssi));
    }

    private static OptionalInt small(OptionalLong value) {
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    private static Instant instant(JsonParser p, Instant now) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return now;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(WireJson.integer(p, "reportedAt", 0, MAX_EPOCH_SECOND).orElse(0));
        }
        String text = WireJson.string(p, "reportedAt").orElseThrow();
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw WireFormatException.field("reportedAt", "JSON field 'reportedAt' is '" + Checks.printable(text)
                    + "' but must be an ISO-8601 instant such as 2030-01-01T12:00:00Z, or Unix seconds, or left out");
        }
    }

    private static ReportStatus status(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ReportStatus s : ReportStatus.values()) {
            if (s.name().equals(normal)) {
                return s;
            }
        }
        throw WireFormatException.field("status", "JSON field 'status' is '" + Checks.printable(text)
                + "' but must be one of " + STATUSES);
    }
}
