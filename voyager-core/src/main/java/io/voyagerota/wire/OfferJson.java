package io.voyagerota.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.decision.Offer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes an {@link Offer} as the JSON object devices receive, whatever the transport (see the device API
 * documentation for each field).
 *
 * <p>It is written in two parts: the {@linkplain #writeHead head} opens the object and holds every field that says
 * what is offered, to whom and until when; the {@linkplain #writeTail tail} adds the {@code sequence}, which grows
 * with every offer, and closes the object. A transport that caches offers (an HTTP ETag) validates the head only.
 */
public final class OfferJson {
    private OfferJson() {
    }

    /** The whole offer as UTF-8 JSON bytes. */
    public static byte[] toBytes(WireJson json, Offer offer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = json.generator(out)) {
            writeHead(g, offer);
            writeTail(g, offer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Opens the object and writes every field but {@code sequence}. */
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

    public static void writeHead(JsonGenerator g, Offer offer) throws IOException {
        g.writeStartObject();
        g.writeStringField("version", offer.version().toString());
        g.writeStringField("kind", offer.kind() == Offer.Kind.ROLLBACK ? "rollback" : "upgrade");
        g.writeStringField("format", offer.artifactKind() == ArtifactKind.BUNDLE ? "bundle" : "app-image");
        g.writeStringField("url", offer.downloadUrl());
        g.writeNumberField("size", offer.size());
        g.writeStringField("sha256", offer.sha256());
        writeParts(g, offer.parts());
        if (offer.signature().isPresent()) {
            ReleaseSignature s = offer.signature().get();
            g.writeObjectFieldStart("signature");
            g.writeStringField("algorithm", s.algorithm());
            g.writeStringField("value", s.base64());
            g.writeEndObject();
        }
        g.writeBooleanField("required", offer.required());
        g.writeNumberField("secureVersion", offer.secureVersion());
        if (offer.minBatteryPercent().isPresent()) {
            g.writeNumberField("minBattery", offer.minBatteryPercent().getAsInt());
        }
        g.writeStringField("deviceId", offer.deviceId());
        g.writeStringField("model", offer.model());
        g.writeNumberField("expiresAt", offer.expiresAt().getEpochSecond());
    }

    /** Writes {@code sequence} and closes the object. */
    public static void writeTail(JsonGenerator g, Offer offer) throws IOException {
        g.writeNumberField("sequence", offer.sequence());
        g.writeEndObject();
    }
}
