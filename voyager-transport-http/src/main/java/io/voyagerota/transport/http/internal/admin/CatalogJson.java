package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.wire.OfferJson;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Products and releases as the admin API writes them (docs/admin-api.md). */
final class CatalogJson {
    private CatalogJson() {
    }

    static void product(JsonGenerator g, Product p) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        g.writeStringField("name", p.name());
        g.writeArrayFieldStart("models");
        for (HardwareModel m : p.models()) {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeStringField("chip", m.chip().wireName());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("maxArtifactBytes", p.maxArtifactBytes());
        if (p.releaseKeyPem().isPresent()) {
            g.writeStringField("releaseKeyPem", p.releaseKeyPem().get());
        }
        g.writeEndObject();
    }

    static void release(JsonGenerator g, Release r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("productId", r.productId());
        g.writeStringField("version", r.version().toString());
        g.writeStringField("state", r.state().name().toLowerCase(Locale.ROOT));
        g.writeBooleanField("deleted", r.deleted());
        strings(g, "models", r.compatibleModels());
        g.writeStringField("changelog", r.changelog());
        g.writeBooleanField("required", r.required());
        if (r.minBatteryPercent().isPresent()) {
            g.writeNumberField("minBatteryPercent", r.minBatteryPercent().getAsInt());
        }
        if (r.requiresAtLeast().isPresent()) {
            g.writeStringField("requiresAtLeast", r.requiresAtLeast().get().toString());
        }
        g.writeNumberField("secureVersion", r.secureVersion());
        if (r.revocationReason().isPresent()) {
            g.writeStringField("revocationReason", r.revocationReason().get());
        }
        if (r.artifact().isPresent()) {
            Artifact a = r.artifact().get();
            g.writeObjectFieldStart("artifact");
            g.writeStringField("kind", a.kind() == ArtifactKind.BUNDLE ? "bundle" : "app-image");
            g.writeStringField("key", a.key());
            g.writeNumberField("size", a.size());
            g.writeStringField("sha256", a.sha256());
            OfferJson.writeParts(g, a.parts());
            g.writeEndObject();
        }
        validation(g, r.validation());
        if (r.signature().isPresent()) {
            g.writeObjectFieldStart("signature");
            g.writeStringField("algorithm", r.signature().get().algorithm());
            g.writeStringField("value", r.signature().get().base64());
            g.writeEndObject();
        }
        g.writeStringField("createdAt", r.createdAt().toString());
        g.writeStringField("updatedAt", r.updatedAt().toString());
        g.writeNumberField("revision", r.revision());
        g.writeEndObject();
    }

    private static void validation(JsonGenerator g, ValidationReport v) throws IOException {
        g.writeObjectFieldStart("validation");
        g.writeStringField("status", v.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        g.writeArrayFieldStart("steps");
        for (ValidationReport.Step s : v.steps()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeBooleanField("passed", s.passed());
            g.writeStringField("message", s.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (v.at().isPresent()) {
            g.writeStringField("at", v.at().get().toString());
        }
        g.writeEndObject();
    }

    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
