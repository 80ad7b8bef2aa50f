package io.voyagerota.server.cli;

import io.voyagerota.InvalidInputException;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.Durations;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code voyager rollout list|show|stats|widen|replan|pause|resume}. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Rollouts of production releases on a running server (admin API).")
final class RolloutCommand {
    @Spec
    CommandSpec spec;

    private static String path(String rolloutId) {
        return "/admin/rollouts/" + AdminClient.segment(rolloutId);
    }

    @Command(name = "list", description = "List a product's rollouts.")
    int list(@Mixin ClientOptions client,
             @Option(names = "--product", required = true, description = "The product.") String product) {
        return client.print(client.client().get("/admin/products/" + AdminClient.segment(product) + "/rollouts"),
                Views::rollouts);
    }

    @Command(name = "show", description = "Show a rollout: target, plan, stage, state.")
    int show(@Mixin ClientOptions client, @Parameters(paramLabel = "ROLLOUT_ID") String id) {
        return client.print(client.client().get(path(id)), Views::rollout);
    }

    @Command(name = "stats", description = "Show how a rollout is going: devices updated, successes, failures.")
    int stats(@Mixin ClientOptions client, @Parameters(paramLabel = "ROLLOUT_ID") String id) {
        return client.print(client.client().get(path(id) + "/stats"), Views::stats);
    }

    @Command(name = "widen", description = "Admit more devices, such as --percent 50 or --all.")
    int widen(@Mixin ClientOptions client, @Parameters(paramLabel = "ROLLOUT_ID") String id,
              @ArgGroup(exclusive = true, multiplicity = "1") TargetOptions target) {
        return post(client, id, "/widen", Optional.of(JsonNode.object(target::write)));
    }

    @Command(name = "replan", description = "Edit a running staged plan: the stages still to come and the gate;"
            + " the stages reached keep their percentages.")
    int replan(@Mixin ClientOptions client, @Parameters(paramLabel = "ROLLOUT_ID") String id,
               @Option(names = "--plan", split = ",", paramLabel = "PERCENT", required = true,
                       description = "Every stage, reached ones included, such as 10,30,100.") List<Integer> plan,
               @Option(names = "--soak", paramLabel = "DURATION", defaultValue = "1h",
                       description = "How long each stage is watched (default ${DEFAULT-VALUE}).") String soak,
               @Option(names = "--advance-at", paramLabel = "PERCENT",
                       description = "The success rate a stage needs to advance (default: the rollout's).")
               Double advanceAt) {
        Duration soakTime;
        try {
            soakTime = Durations.parse(soak);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), "--soak " + e.getMessage());
        }
        if (advanceAt != null && !(advanceAt >= 0 && advanceAt <= 100)) {
            throw new ParameterException(spec.commandLine(), "--advance-at must be a percentage from 0 to 100");
        }
        String body = JsonNode.object(g -> ReleasePromoteCommand.writePlan(g, plan, soakTime, advanceAt));
        return client.print(client.client().send("PUT", path(id) + "/plan", Optional.of(body)), Views::rollout);
    }

    @Command(name = "pause", description = "Pause a rollout: no device is offered the release until it resumes.")
    int pause(@Mixin ClientOptions client, @Parameters(paramLabel = "ROLLOUT_ID") String id,
              @Option(names = "--reason", defaultValue = "paused by an operator",
                      description = "Why (default: ${DEFAULT-VALUE}).") String reason) {
        return post(client, id, "/pause", Optional.of(JsonNode.object(g -> g.writeStringField("reason", reason))));
    }

    @Command(name = "resume", description = "Resume a paused rollout.")
    int resume(@Mixin ClientOptions client, @Parameters(paramLabel = "ROLLOUT_ID") String id) {
        return post(client, id, "/resume", Optional.empty());
    }

    private static int post(ClientOptions client, String id, String action, Optional<String> body) {
        return client.print(client.client().send("POST", path(id) + action, body), Views::rollout);
    }
}
