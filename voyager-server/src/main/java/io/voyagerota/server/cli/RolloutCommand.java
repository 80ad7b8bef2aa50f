package io.voyagerota.server.cli;

import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code voyager rollout list|show|stats|widen|pause|resume}. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Rollouts of production releases on a running server (admin API).",
        subcommands = {RolloutCommand.ListRollouts.class, RolloutCommand.Show.class, RolloutCommand.Stats.class,
                RolloutCommand.Widen.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class})
final class RolloutCommand {

    static String path(String rolloutId) {
        return "/admin/rollouts/" + AdminClient.segment(rolloutId);
    }

    @Command(name = "list", description = "List a product's rollouts.")
    static final class ListRollouts implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--product", required = true, description = "The product.")
        String product;

        @Override
        public Integer call() {
            return client.print(client.client().get("/admin/products/" + AdminClient.segment(product)
                    + "/rollouts"), Views::rollouts);
        }
    }

    @Command(name = "show", description = "Show a rollout: target, plan, stage, state.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ROLLOUT_ID")
        String id;

        @Override
        public Integer call() {
            return client.print(client.client().get(path(id)), Views::rollout);
        }
    }

    @Command(name = "stats", description = "Show how a rollout is going: devices updated, successes, failures.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ROLLOUT_ID")
        String id;

        @Override
        public Integer call() {
            return client.print(client.client().get(path(id) + "/stats"), Views::stats);
        }
    }

    @Command(name = "widen", description = "Admit more devices, such as --percent 50 or --all.")
    static final class Widen implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ROLLOUT_ID")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        TargetOptions target;

        @Override
        public Integer call() {
            String body = JsonNode.object(target::write);
            return client.print(client.client().send("POST", path(id) + "/widen", Optional.of(body)), Views::rollout);
        }
    }

    @Command(name = "pause", description = "Pause a rollout: no device is offered the release until it resumes.")
    static final class Pause implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ROLLOUT_ID")
        String id;

        @Option(names = "--reason", defaultValue = "paused by an operator",
                description = "Why (default: ${DEFAULT-VALUE}).")
        String reason;

        @Override
        public Integer call() {
            String body = JsonNode.object(g -> g.writeStringField("reason", reason));
            return client.print(client.client().send("POST", path(id) + "/pause", Optional.of(body)), Views::rollout);
        }
    }

    @Command(name = "resume", description = "Resume a paused rollout.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "ROLLOUT_ID")
        String id;

        @Override
        public Integer call() {
            return client.print(client.client().send("POST", path(id) + "/resume", Optional.empty()),
                    Views::rollout);
        }
    }
}
