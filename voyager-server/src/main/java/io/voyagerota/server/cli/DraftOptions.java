package io.voyagerota.server.cli;

import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a new draft release may say besides its version. */
final class DraftOptions {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "A hardware model the release is for; repeat for more (default: every model).")
    List<String> models;

    @Option(names = "--changelog", paramLabel = "MARKDOWN", description = "The changelog.")
    String changelog;

    @Option(names = "--changelog-file", paramLabel = "FILE", description = "The changelog, from a Markdown file.")
    Path changelogFile;

    @Option(names = "--required", description = "Devices must install it.")
    boolean required;

    @Option(names = "--min-battery", paramLabel = "PERCENT", description = "Lowest battery level to install at.")
    Integer minBattery;

    @Option(names = "--requires-at-least", paramLabel = "VERSION",
            description = "Devices older than this are first offered the newest release they may take.")
    String requiresAtLeast;

    @Option(names = "--secure-version", paramLabel = "N",
            description = "Anti-rollback epoch (default: the image's own).")
    Long secureVersion;

    /** The body of {@code POST /admin/products/{id}/releases}. */
    String body(String version) throws IOException {
        String text = changelogFile != null ? Files.readString(changelogFile, StandardCharsets.UTF_8) : changelog;
        return JsonNode.object(g -> {
            g.writeStringField("version", version);
            if (models != null && !models.isEmpty()) {
                g.writeArrayFieldStart("models");
                for (String m : models) {
                    g.writeString(m);
                }
                g.writeEndArray();
            }
            if (text != null) {
                g.writeStringField("changelog", text);
            }
            if (required) {
                g.writeBooleanField("required", true);
            }
            if (minBattery != null) {
                g.writeNumberField("minBatteryPercent", minBattery);
            }
            if (requiresAtLeast != null) {
                g.writeStringField("requiresAtLeast", requiresAtLeast);
            }
            if (secureVersion != null) {
                g.writeNumberField("secureVersion", secureVersion);
            }
        });
    }
}
