package io.voyagerota.server.cli;

import io.voyagerota.VoyagerException;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.version.Version;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;

/**
 * Which release a command acts on: its id, or its product and version — what a CI job knows without keeping ids.
 */
final class ReleaseRef {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RELEASE_ID",
            description = "The release id; or name it with --product and --version.")
    String id;

    @Option(names = "--product", paramLabel = "PRODUCT", description = "The release's product.")
    String product;

    @Option(names = "--version", paramLabel = "VERSION", description = "The release's version, such as 1.2.3.")
    String version;

    /** The release's id, looked up by product and version when no id was given. */
    String resolve(AdminClient client, boolean deleted) {
        if (id != null) {
            if (product != null || version != null) {
                throw new ParameterException(spec.commandLine(),
                        "name the release either by its id or by --product and --version, not both");
            }
            return id;
        }
        if (product == null || version == null) {
            throw new ParameterException(spec.commandLine(),
                    "name the release by its id, or by --product and --version");
        }
        return find(client, spec, product, version, deleted).get("id").text("");
    }

    /**
     * The release of {@code product} with {@code version}: the live one, or with {@code deleted} the most recently
     * deleted one (what {@code restore} wants).
     */
    static JsonNode find(AdminClient client, CommandSpec spec, String product, String version, boolean deleted) {
        Optional<JsonNode> match = findOptional(client, spec, product, version, deleted);
        return match.orElseThrow(() -> new VoyagerException("not-found", "product " + product + " has no "
                + (deleted ? "deleted " : "") + "release " + canonical(spec, version)
                + "; `voyager release list --product " + product + "` shows its releases"));
    }

    static Optional<JsonNode> findOptional(AdminClient client, CommandSpec spec, String product, String version,
                                           boolean deleted) {
        String wanted = canonical(spec, version);
        JsonNode match = JsonNode.missing();
        for (JsonNode r : client.get("/admin/products/" + AdminClient.segment(product) + "/releases").json()
                .get("releases").items()) {
            if (r.get("version").text("").equals(wanted) && r.get("deleted").asBoolean() == deleted) {
                match = r; // several deleted twins may exist; the list is oldest first, so the last one wins
            }
        }
        return match.isPresent() ? Optional.of(match) : Optional.empty();
    }

    /** The version as the server spells it; a malformed one is a usage error. */
    static String canonical(CommandSpec spec, String version) {
        try {
            return Version.parse(version.strip()).toString();
        } catch (VoyagerException e) {
            throw new ParameterException(spec.commandLine(), "--version: " + e.getMessage());
        }
    }
}
