package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.decision.Offer;
import io.voyagerota.transport.http.ResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes an offer as JSON into one small per-request buffer, and derives its ETag on the way.
 *
 * <p>The ETag is a weak validator over every byte of the offer except its {@code sequence}, which is written last:
 * version, kind, link, size, hashes, signature, flags, device, model and expiry. Within one download-link window
 * the link and expiry are the same for every check, so a device polling again with {@code If-None-Match} gets 304
 * for the offer it already holds; a new release, a changed offer or the next link window changes the tag. It is
 * weak because the bodies it stands for differ in their sequence.
 */
public final class OfferJson {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OfferJson() {
    }

    /** An offer's body and ETag. */
    record Written(ResponseBody body, String etag) {
    }

    static Written write(Json json, Offer offer) {
        ByteSink sink = new ByteSink(1024);
        long hash;
        try (JsonGenerator g = json.generator(sink)) {
            g.writeStartObject();
            g.writeStringField("version", offer.version().toString());
            g.writeStringField("kind", offer.kind() == Offer.Kind.ROLLBACK ? "rollback" : "upgrade");
            g.writeStringField("format", offer.artifactKind() == ArtifactKind.BUNDLE ? "bundle" : "app-image");
            g.writeStringField("url", offer.downloadUrl());
            g.writeNumberField("size", offer.size());
            g.writeStringField("sha256", offer.sha256());
            parts(g, offer.parts());
            if (offer.signature().isPresent()) {
                signature(g, offer.signature().get());
            }
            g.writeBooleanField("required", offer.required());
            g.writeNumberField("secureVersion", offer.secureVersion());
            if (offer.minBatteryPercent().isPresent()) {
                g.writeNumberField("minBattery", offer.minBatteryPercent().getAsInt());
            }
            g.writeStringField("deviceId", offer.deviceId());
            g.writeStringField("model", offer.model());
            g.writeNumberField("expiresAt", offer.expiresAt().getEpochSecond());
            g.flush();
            hash = fnv1a(sink.array(), sink.size());
            g.writeNumberField("sequence", offer.sequence());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return new Written(sink.toBody(), etag(hash));
    }

    /** The {@code parts} field of an offer or an artifact: each bundle part's name, offset, size and SHA-256. */
    public static void parts(JsonGenerator g, List<ArtifactPart> parts) throws IOException {
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

    /** The {@code signature} field of an offer or a release. */
    public static void signature(JsonGenerator g, ReleaseSignature s) throws IOException {
        g.writeObjectFieldStart("signature");
        g.writeStringField("algorithm", s.algorithm());
        g.writeStringField("value", s.base64());
        g.writeEndObject();
    }

    /** 64-bit FNV-1a: a cache validator needs no cryptographic strength, only a negligible chance of collision. */
    private static long fnv1a(byte[] bytes, int length) {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static String etag(long hash) {
        char[] out = new char[20];
        out[0] = 'W';
        out[1] = '/';
        out[2] = '"';
        for (int i = 0; i < 16; i++) {
            out[3 + i] = HEX[(int) (hash >>> (60 - 4 * i)) & 0xf];
        }
        out[19] = '"';
        return new String(out);
    }
}
