package io.voyagerota.storage.fs;

import io.voyagerota.support.Payloads;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * An artifact's {@code meta.json}: {@code {"key":…,"size":…,"sha256":…,"storedAt":…}}. It is what {@code stat}
 * answers after a restart, so it is kept beside the bytes and moves with them.
 */
final class MetaFile {
    static final String NAME = "meta.json";
    /** Far larger than any valid document; a bigger file is not ours. */
    private static final int MAX_BYTES = 8 * 1024;

    private MetaFile() {
    }

    static byte[] encode(StoredArtifact artifact) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", artifact.key().value());
        fields.put("size", artifact.size());
        fields.put("sha256", artifact.sha256());
        fields.put("storedAt", artifact.storedAt().toString());
        return (Json.object(fields) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the metadata in {@code artifactDir}, which must name {@code key}. */
    static StoredArtifact read(Path artifactDir, ArtifactKey key) throws IOException {
        Path file = artifactDir.resolve(NAME);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        try {
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException("it is larger than " + MAX_BYTES + " bytes");
            }
            Map<String, String> fields = Payloads.read(new String(bytes, StandardCharsets.UTF_8));
            if (!key.value().equals(fields.get("key"))) {
                throw new IllegalArgumentException("it names key '" + fields.get("key") + "'");
            }
            return new StoredArtifact(key, Long.parseLong(required(fields, "size")), required(fields, "sha256"),
                    Instant.parse(required(fields, "storedAt")));
        } catch (RuntimeException e) {
            throw new StorageLayoutException(file + " is not the metadata of artifact " + key + " (" + e.getMessage()
                    + "); the artifact directory was changed by hand: restore it from a backup or purge the key", e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }
}
