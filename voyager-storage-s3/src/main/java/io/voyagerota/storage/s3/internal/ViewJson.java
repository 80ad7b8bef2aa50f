package io.voyagerota.storage.s3.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.support.StorageChecks;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.storage.s3.S3LayoutException;
import io.voyagerota.version.Version;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The release view's two small JSON documents, written with jackson-core's streaming API in a fixed field order so
 * that the same release always gives the same bytes (which is how a repeated publish is recognised).
 */
public final class ViewJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ViewJson() {
    }

    /** A release's {@code metadata.json}. */
    public static byte[] release(String productId, Version version, StoredArtifact artifact,
                                 Map<String, String> metadata) {
        Map<String, String> sorted = StorageChecks.releaseMetadata(metadata);
        return write(g -> {
            g.writeStringField("product", productId);
            g.writeStringField("version", version.toString());
            g.writeStringField("key", artifact.key().value());
            g.writeNumberField("size", artifact.size());
            g.writeStringField("sha256", artifact.sha256());
            g.writeStringField("storedAt", artifact.storedAt().toString());
            g.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** A product's {@code production.json}: which release is in production, and its image's hash and size. */
    public static byte[] production(Version version, String path, ObjectStore.Info firmware) {
        return write(g -> {
            g.writeStringField("version", version.toString());
            g.writeStringField("path", path);
            g.writeNumberField("size", firmware.size());
            g.writeStringField("sha256", firmware.metadata().getOrDefault(ArtifactMetadata.SHA256, ""));
        });
    }

    /** The version a {@code production.json} names. */
    public static Version productionVersion(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("version".equals(name) && p.currentToken() == JsonToken.VALUE_STRING) {
                        return Version.parse(p.getText());
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new S3LayoutException("a production.json in the release view is not one Voyager wrote ("
                    + e.getMessage() + "); promote a release again to rewrite it");
        }
        throw new S3LayoutException("a production.json in the release view names no version; promote a release"
                + " again to rewrite it");
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
