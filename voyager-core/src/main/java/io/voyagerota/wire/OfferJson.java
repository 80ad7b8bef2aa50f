package io.voyagerota.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.decision.Offer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes an {@link Offer} as the JSON object devices receive, whatever the transport (see the device API
 * documentation for each field). The transport signs exactly these bytes with the offer key.
 */
public final class OfferJson {
    private OfferJson() {
    }

    /** The whole offer as UTF-8 JSON bytes. */
    public static byte[] toBytes(WireJson json, Offer offer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = json.generator(out)) {
            write(g, offer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** A bundle's parts as the {@code parts} array field; empty for an application image. */
    public static void writeParts(JsonGenerator g, List<ArtifactPart> parts) throws IOException {
        g.writeArrayFieldStart("parts");
        for (ArtifactPart part : parts) {
            g.writeStartObject();
            g.writeStringField("name", part.name());
            g.writeNumberField("offset", part.offset());
            g.writeNumberField("size", part.size());
            g.writeStringField("sha256", part.sha256());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Writes the offer as one object. */
    public static void write(JsonGenerator g, Offer offer) throws IOException {
        g.writeStartObject();
        g.writeStringField("version", offer.version().toString());
        g.writeStringField("kind", offer.kind() == Offer.Kind.ROLLBACK ? "rollback" : "upgrade");
        g.writeStringField("format", offer.artifactKind() == ArtifactKind.BUNDLE ? "bundle" : "app-image");
        g.writeStringField("url", offer.downloadUrl());
        g.writeNumberField("size", offer.size());
        g.writeStringField("sha256", offer.sha256());
        writeParts(g, offer.parts());
        g.writeStringField("manifest", offer.manifest().base64());
        if (offer.manifest().signature().isPresent()) {
            g.writeStringField("manifestSignature", offer.manifest().signature().get().base64());
        }
        g.writeBooleanField("required", offer.required());
        g.writeNumberField("secureVersion", offer.secureVersion());
        if (offer.minBatteryPercent().isPresent()) {
            g.writeNumberField("minBattery", offer.minBatteryPercent().getAsInt());
        }
        g.writeStringField("deviceId", offer.deviceId());
        g.writeStringField("model", offer.model());
        g.writeNumberField("expiresAt", offer.expiresAt().getEpochSecond());
        g.writeNumberField("sequence", offer.sequence());
        g.writeEndObject();
    }
}
