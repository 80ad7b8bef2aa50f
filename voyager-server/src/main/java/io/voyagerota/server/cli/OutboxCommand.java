package io.voyagerota.server.cli;

import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code voyager outbox list|resubmit|discard}. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Side effects waiting for delivery or FAILED (webhook alerts, device triggers, artifact"
                + " clean-up) on a running server (admin API).")
final class OutboxCommand {

    private static String path(String eventId) {
        return "/admin/outbox/" + AdminClient.segment(eventId);
    }

    @Command(name = "list", description = "List outbox events in one state, oldest first, and the count in each.")
    int list(@Mixin ClientOptions client,
             @Option(names = "--state", defaultValue = "failed", description = "pending, processing, processed,"
                     + " failed or discarded (default: ${DEFAULT-VALUE}).") String state,
             @Option(names = "--after", description = "The 'more: --after' of the previous page.") String after,
             @Option(names = "--limit", defaultValue = "50", description = "At most this many, 1 to 500"
                     + " (default: ${DEFAULT-VALUE}).") int limit) {
        List<String> query = new ArrayList<>();
        query.add("state=" + AdminClient.segment(state));
        query.add("limit=" + limit);
        if (after != null) {
            query.add("after=" + AdminClient.segment(after));
        }
        return client.print(client.client().get("/admin/outbox?" + String.join("&", query)), Views::outboxEvents);
    }

    @Command(name = "resubmit", description = "Deliver a FAILED event again, with fresh attempts, once its cause"
            + " is fixed.")
    int resubmit(@Mixin ClientOptions client, @Parameters(paramLabel = "EVENT_ID") String id) {
        return client.print(client.client().send("POST", path(id) + "/resubmit", Optional.empty()),
                Views::outboxEvent);
    }

    @Command(name = "discard", description = "Give up on a FAILED event. It is kept, DISCARDED, with who, when and"
            + " why: a record, not a deletion.")
    int discard(@Mixin ClientOptions client, @Parameters(paramLabel = "EVENT_ID") String id,
                @Option(names = "--reason", required = true, description = "Why, for whoever reads the record"
                        + " later.") String reason) {
        return client.print(client.client().send("POST", path(id) + "/discard",
                Optional.of(JsonNode.object(g -> g.writeStringField("reason", reason)))), Views::outboxEvent);
    }
}
