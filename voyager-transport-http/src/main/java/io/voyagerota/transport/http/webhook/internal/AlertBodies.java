package io.voyagerota.transport.http.webhook.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.event.Alert;
import io.voyagerota.event.FailureBurst;
import io.voyagerota.event.OutboxDeliveryFailed;
import io.voyagerota.event.FirmwareUploaded;
import io.voyagerota.event.RolloutPaused;
import io.voyagerota.event.SuccessRateLow;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.transport.http.webhook.AlertRule;
import io.voyagerota.transport.http.webhook.WebhookFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Renders an event as a webhook body, once, when it is written to the outbox: every retry sends the same bytes. */
public final class AlertBodies {
    private static final JsonFactory JSON = new JsonFactory();

    private AlertBodies() {
    }

    public static String render(AlertRule rule, VoyagerEvent event, WebhookFormat format) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (format == WebhookFormat.SLACK) {
                g.writeStringField("text", "Voyager: " + summary(event));
            } else {
                g.writeStringField("type", rule.eventType());
                g.writeStringField("timestamp", event.at().toString());
                g.writeObjectFieldStart("data");
                g.writeStringField("summary", summary(event));
                data(g, event);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The object the event concerns, for the outbox event's aggregate id. */
    public static String aggregateId(VoyagerEvent event) {
        if (event instanceof FirmwareUploaded u) {
            return u.releaseId();
        } else if (event instanceof RolloutPaused p) {
            return p.rolloutId();
        } else if (event instanceof SuccessRateLow s) {
            return s.rolloutId();
        } else if (event instanceof FailureBurst b) {
            return b.rolloutId();
        } else if (event instanceof OutboxDeliveryFailed f) {
            return f.eventId();
        }
        return "";
    }

    static String summary(VoyagerEvent event) {
        if (event instanceof Alert alert) {
            return alert.summary();
        }
        if (event instanceof FirmwareUploaded u) {
            return "new firmware for product " + u.productId() + ": version " + u.version() + " uploaded to draft "
                    + u.releaseId() + " (" + u.size() + " bytes, validation " + (u.validationPassed() ? "passed"
                    : "FAILED") + ")";
        }
        return event.toString();
    }

    private static void data(JsonGenerator g, VoyagerEvent event) throws IOException {
        if (event instanceof FirmwareUploaded u) {
            g.writeStringField("releaseId", u.releaseId());
            g.writeStringField("productId", u.productId());
            g.writeStringField("version", u.version());
            g.writeNumberField("size", u.size());
            g.writeStringField("sha256", u.sha256());
            g.writeBooleanField("validationPassed", u.validationPassed());
        } else if (event instanceof RolloutPaused p) {
            g.writeStringField("rolloutId", p.rolloutId());
            g.writeStringField("releaseId", p.releaseId());
            g.writeStringField("reason", p.reason());
            g.writeBooleanField("automatic", p.automatic());
        } else if (event instanceof SuccessRateLow s) {
            g.writeStringField("rolloutId", s.rolloutId());
            g.writeStringField("releaseId", s.releaseId());
            g.writeNumberField("successRate", s.successRate());
            g.writeNumberField("threshold", s.threshold());
            g.writeNumberField("outcomes", s.outcomes());
        } else if (event instanceof FailureBurst b) {
            g.writeStringField("rolloutId", b.rolloutId());
            g.writeStringField("releaseId", b.releaseId());
            g.writeNumberField("failures", b.failures());
            g.writeNumberField("windowSeconds", b.window().toSeconds());
        } else if (event instanceof OutboxDeliveryFailed f) {
            g.writeStringField("eventId", f.eventId());
            g.writeStringField("eventType", f.type());
            g.writeNumberField("attempts", f.attempts());
            g.writeStringField("lastError", f.lastError());
        }
    }
}
