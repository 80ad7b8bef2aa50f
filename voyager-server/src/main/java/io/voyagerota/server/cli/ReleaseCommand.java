package io.voyagerota.server.cli;

import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code voyager release …}: the release lifecycle on a running server. */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Releases on a running server (admin API): draft → staging → production → revoked.",
        subcommands = {ReleaseCommand.Create.class, ReleaseUploadCommand.class, ReleaseCommand.ListReleases.class,
                ReleaseCommand.Show.class, ReleaseCommand.Stage.class, ReleasePromoteCommand.class,
                ReleaseCommand.Revoke.class, ReleaseCommand.Delete.class, ReleaseCommand.Restore.class})
final class ReleaseCommand {

    static String path(String releaseId) {
        return "/admin/releases/" + AdminClient.segment(releaseId);
    }

    @Command(name = "create", description = "Create a draft release (upload its artifact next).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Mixin
        DraftOptions draft;

        @Option(names = "--product", required = true, description = "The product.")
        String product;

        @Option(names = "--version", required = true, description = "The new version, such as 1.2.3.")
        String version;

        @Override
        public Integer call() throws IOException {
            String body = draft.body(ReleaseRef.canonical(spec, version));
            return client.print(client.client().send("POST", "/admin/products/" + AdminClient.segment(product)
                    + "/releases", Optional.of(body)), Views::release);
        }
    }

    @Command(name = "list", description = "List a product's releases, oldest version first.")
    static final class ListReleases implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--product", required = true, description = "The product.")
        String product;

        @Override
        public Integer call() {
            return client.print(client.client().get("/admin/products/" + AdminClient.segment(product)
                    + "/releases"), Views::releases);
        }
    }

    @Command(name = "show", description = "Show a release: state, artifact, validation, signature.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Mixin
        ReleaseRef release;

        @Override
        public Integer call() {
            return client.print(client.client().get(path(release.resolve(client.client(), false))), Views::release);
        }
    }

    @Command(name = "stage", description = "Stage a validated draft: devices tagged as testers get it.")
    static final class Stage implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Mixin
        ReleaseRef release;

        @Override
        public Integer call() {
            return post(client, path(release.resolve(client.client(), false)) + "/stage", Optional.empty());
        }
    }

    @Command(name = "revoke", description = "Revoke a release: devices running it are sent back to the newest good"
            + " release below it.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Mixin
        ReleaseRef release;

        @Option(names = "--reason", required = true, description = "Why, for operators and the blocked list.")
        String reason;

        @Override
        public Integer call() {
            String body = JsonNode.object(g -> g.writeStringField("reason", reason));
            return post(client, path(release.resolve(client.client(), false)) + "/revoke", Optional.of(body));
        }
    }

    @Command(name = "delete", description = "Delete a release (its artifact is kept until purged; restore undoes it).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Mixin
        ReleaseRef release;

        @Override
        public Integer call() {
            return post(client, path(release.resolve(client.client(), false)) + "/delete", Optional.empty());
        }
    }

    @Command(name = "restore", description = "Restore a deleted release.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Mixin
        ReleaseRef release;

        @Override
        public Integer call() {
            return post(client, path(release.resolve(client.client(), true)) + "/restore", Optional.empty());
        }
    }

    private static int post(ClientOptions client, String path, Optional<String> body) {
        return client.print(client.client().send("POST", path, body), Views::release);
    }
}
