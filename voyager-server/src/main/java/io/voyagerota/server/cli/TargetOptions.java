package io.voyagerota.server.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/** Which devices a rollout admits: every one, a share, the tagged ones or a list; one of them. */
final class TargetOptions {
    @Option(names = "--all", description = "Every device of the product.")
    boolean all;

    @Option(names = "--percent", paramLabel = "P", description = "A share of the devices, such as 10 or 12.5"
            + " (a device admitted at 10%% stays admitted at 50%%).")
    BigDecimal percent;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Devices with any of these tags.")
    List<String> tags;

    @Option(names = "--devices", split = ",", paramLabel = "DEVICE_ID", description = "Just these devices.")
    List<String> devices;

    /** Writes {@code "target": {...}}. */
    void write(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("target");
        if (percent != null) {
            g.writeStringField("type", "percent");
            g.writeNumberField("percent", percent);
        } else if (tags != null) {
            g.writeStringField("type", "tags");
            writeList(g, "tags", tags);
        } else if (devices != null) {
            g.writeStringField("type", "devices");
            writeList(g, "devices", devices);
        } else {
            g.writeStringField("type", "all");
        }
        g.writeEndObject();
    }

    private static void writeList(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v.strip());
        }
        g.writeEndArray();
    }
}
