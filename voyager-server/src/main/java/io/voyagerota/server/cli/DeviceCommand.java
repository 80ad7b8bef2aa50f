package io.voyagerota.server.cli;

import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code voyager device list|show|history|enrol|tags}. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Devices on a running server (admin API): state, history, credentials, tags.")
final class DeviceCommand {

    private static String path(String deviceId) {
        return "/admin/devices/" + AdminClient.segment(deviceId);
    }

    @Command(name = "list", description = "List a product's devices by id, a page at a time.")
    int list(@Mixin ClientOptions client,
             @Option(names = "--product", required = true, description = "The product.") String product,
             @Option(names = "--after", paramLabel = "DEVICE_ID",
                     description = "Start after this device (the `more:` hint of the previous page).") String after,
             @Option(names = "--limit", paramLabel = "N", description = "Devices per page (default: the server's).")
             Integer limit) {
        List<String> query = new ArrayList<>();
        if (after != null) {
            query.add("after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        if (limit != null) {
            query.add("limit=" + limit);
        }
        return client.print(client.client().get("/admin/products/" + AdminClient.segment(product) + "/devices"
                + (query.isEmpty() ? "" : "?" + String.join("&", query))), Views::devices);
    }

    @Command(name = "show", description = "Show a device: version, last status, updates, tags.")
    int show(@Mixin ClientOptions client, @Parameters(paramLabel = "DEVICE_ID") String id) {
        return client.print(client.client().get(path(id)), Views::device);
    }

    @Command(name = "history", description = "A device's reports, newest first.")
    int history(@Mixin ClientOptions client, @Parameters(paramLabel = "DEVICE_ID") String id,
                @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many"
                        + " (default ${DEFAULT-VALUE}).") int limit) {
        return client.print(client.client().get(path(id) + "/history?limit=" + limit), Views::history);
    }

    @Command(name = "enrol", aliases = "enroll", description = "Issue a device credential, replacing an earlier one;"
            + " shown once, put it in the device's provisioning.")
    int enrol(@Mixin ClientOptions client, @Parameters(paramLabel = "DEVICE_ID") String id) {
        return client.print(client.client().send("POST", path(id) + "/credentials", Optional.empty()),
                (out, answer) -> {
                    out.printf("device %s enrolled. Its credential, shown only this once (the server keeps its"
                            + " hash):%n%n    %s%n%n", answer.get("deviceId").text(id), answer.get("secret").text(""));
                    out.println("The device sends it as `Authorization: Bearer <credential>`.");
                });
    }

    @Command(name = "tags", description = {"Show a device's tags, or set them: `voyager device tags ID tester beta`"
            + " replaces them, `--clear` removes them all.", "Devices tagged `tester` get staging releases."})
    int tags(@Mixin ClientOptions client, @Parameters(index = "0", paramLabel = "DEVICE_ID") String id,
             @Parameters(index = "1..*", paramLabel = "TAG", description = "The device's new tags.") List<String> tags,
             @Option(names = "--clear", description = "Remove every tag.") boolean clear) {
        if (clear && tags != null) {
            throw new ParameterException(client.spec.commandLine(), "give tags or --clear, not both");
        }
        if (!clear && tags == null) {
            return client.print(client.client().get(path(id)), Views::tags);
        }
        List<String> values = clear ? List.of() : tags;
        String body = JsonNode.object(g -> {
            g.writeArrayFieldStart("tags");
            for (String t : values) {
                g.writeString(t);
            }
            g.writeEndArray();
        });
        return client.print(client.client().send("PUT", path(id) + "/tags", Optional.of(body)), Views::tags);
    }
}
