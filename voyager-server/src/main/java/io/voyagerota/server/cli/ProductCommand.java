package io.voyagerota.server.cli;

import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** {@code voyager product create|list|show|stats}: products on a running server. */
@Command(name = "product", mixinStandardHelpOptions = true, description = "Products on a running server (admin API).")
final class ProductCommand {

    @Command(name = "create", description = "Create a product with its hardware models.")
    int create(@Mixin ClientOptions client,
               @Option(names = "--id", required = true, description = "Product id: lowercase letters, digits and"
                       + " '-'.") String id,
               @Option(names = "--name", required = true, description = "Display name.") String name,
               @Option(names = "--model", required = true, paramLabel = "NAME:CHIP", description = "A hardware"
                       + " model and its chip, such as locker-s3:esp32-s3; repeat for each model.") List<String> models,
               @Option(names = "--max-artifact-bytes", paramLabel = "BYTES", description = "The largest upload"
                       + " accepted (default: the server's, 16 MiB).") Long maxArtifactBytes,
               @Option(names = "--release-key", paramLabel = "PUBLIC_PEM", description = "Public key releases must"
                       + " be signed with (from `voyager keys generate`).") Path releaseKey) throws IOException {
        for (String model : models) {
            int colon = model.indexOf(':');
            if (colon <= 0 || colon == model.length() - 1) {
                throw new ParameterException(client.spec.commandLine(), "--model \"" + model
                        + "\" must be NAME:CHIP, such as locker-s3:esp32-s3");
            }
        }
        Optional<String> pem = releaseKey == null ? Optional.empty()
                : Optional.of(KeyFiles.readText(releaseKey, "public key"));
        String body = JsonNode.object(g -> {
            g.writeStringField("id", id);
            g.writeStringField("name", name);
            g.writeArrayFieldStart("models");
            for (String model : models) {
                int colon = model.indexOf(':');
                g.writeStartObject();
                g.writeStringField("name", model.substring(0, colon));
                g.writeStringField("chip", model.substring(colon + 1));
                g.writeEndObject();
            }
            g.writeEndArray();
            if (maxArtifactBytes != null) {
                g.writeNumberField("maxArtifactBytes", maxArtifactBytes);
            }
            if (pem.isPresent()) {
                g.writeStringField("releaseKeyPem", pem.get());
            }
        });
        return client.print(client.client().send("POST", "/admin/products", Optional.of(body)), Views::product);
    }

    @Command(name = "list", description = "List the products.")
    int list(@Mixin ClientOptions client) {
        return client.print(client.client().get("/admin/products"), Views::products);
    }

    @Command(name = "show", description = "Show a product.")
    int show(@Mixin ClientOptions client, @Parameters(paramLabel = "PRODUCT", description = "The product id.")
             String id) {
        return client.print(client.client().get("/admin/products/" + AdminClient.segment(id)), Views::product);
    }

    @Command(name = "stats", description = "Fleet statistics of a product: versions, updates per day, success rate,"
            + " download times and speeds, failures by code, rollout devices per step.")
    int stats(@Mixin ClientOptions client, @Parameters(paramLabel = "PRODUCT", description = "The product id.")
              String id,
              @Option(names = "--from", paramLabel = "DAY", description = "First UTC day, such as 2030-01-01"
                      + " (default: 30 days up to --to).") LocalDate from,
              @Option(names = "--to", paramLabel = "DAY", description = "Last UTC day, included (default: today).")
              LocalDate to) {
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("from=").append(from);
        }
        if (to != null) {
            query.append(query.isEmpty() ? "" : "&").append("to=").append(to);
        }
        String path = "/admin/products/" + AdminClient.segment(id) + "/stats" + (query.isEmpty() ? "" : "?" + query);
        return client.print(client.client().get(path), Views::fleetStats);
    }
}
