package io.voyagerota.server.cli;

import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Optional;

/** {@code voyager release …}: the release lifecycle on a running server. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Releases on a running server (admin API): draft → staging → production → revoked.",
        subcommands = {ReleaseUploadCommand.class, ReleaseSignCommand.class, ReleasePromoteCommand.class})
final class ReleaseCommand {

    static String path(String releaseId) {
        return "/admin/releases/" + AdminClient.segment(releaseId);
    }

    @Command(name = "create", description = "Create a draft release (upload its artifact next).")
    int create(@Mixin ClientOptions client, @Mixin DraftOptions draft,
               @Option(names = "--product", required = true, description = "The product.") String product,
               @Option(names = "--version", required = true, description = "The new version, such as 1.2.3.")
               String version) throws IOException {
        String body = draft.body(ReleaseRef.canonical(client.spec, version));
        return client.print(client.client().send("POST", "/admin/products/" + AdminClient.segment(product)
                + "/releases", Optional.of(body)), Views::release);
    }

    @Command(name = "list", description = "List a product's releases, oldest version first.")
    int list(@Mixin ClientOptions client,
             @Option(names = "--product", required = true, description = "The product.") String product) {
        return client.print(client.client().get("/admin/products/" + AdminClient.segment(product) + "/releases"),
                Views::releases);
    }

    @Command(name = "show", description = "Show a release: state, artifact, validation, signature.")
    int show(@Mixin ClientOptions client, @Mixin ReleaseRef release) {
        return client.print(client.client().get(path(release.resolve(client.client(), false))), Views::release);
    }

    @Command(name = "stage", description = "Stage a validated draft: devices tagged as testers get it.")
    int stage(@Mixin ClientOptions client, @Mixin ReleaseRef release) {
        return post(client, release, false, "/stage", Optional.empty());
    }

    @Command(name = "revoke", description = "Revoke a release: devices running it are sent back to the newest good"
            + " release below it.")
    int revoke(@Mixin ClientOptions client, @Mixin ReleaseRef release,
               @Option(names = "--reason", required = true, description = "Why, for operators and the blocked"
                       + " list.") String reason) {
        return post(client, release, false, "/revoke",
                Optional.of(JsonNode.object(g -> g.writeStringField("reason", reason))));
    }

    @Command(name = "delete", description = "Delete a release (its artifact is kept until purged; restore undoes"
            + " it).")
    int delete(@Mixin ClientOptions client, @Mixin ReleaseRef release) {
        return post(client, release, false, "/delete", Optional.empty());
    }

    @Command(name = "restore", description = "Restore a deleted release.")
    int restore(@Mixin ClientOptions client, @Mixin ReleaseRef release) {
        return post(client, release, true, "/restore", Optional.empty());
    }

    private static int post(ClientOptions client, ReleaseRef release, boolean deleted, String action,
                            Optional<String> body) {
        String path = path(release.resolve(client.client(), deleted)) + action;
        return client.print(client.client().send("POST", path, body), Views::release);
    }
}
