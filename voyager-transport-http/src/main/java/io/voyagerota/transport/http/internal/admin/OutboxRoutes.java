package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.Voyager;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxPage;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The outbox: list events by state page by page, get one, resubmit or discard a FAILED one. */
final class OutboxRoutes {
    private static final Set<String> PAGE = Set.of("state", "after", "limit");
    private static final int DEFAULT_LIMIT = 50;

    private final Voyager voyager;

    OutboxRoutes(Voyager voyager) {
        this.voyager = voyager;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/outbox", this::list);
        router.add("GET", "/admin/outbox/{eventId}", call -> event(call,
                voyager.outbox().get(call.param("eventId"))));
        router.add("POST", "/admin/outbox/{eventId}/resubmit", call -> event(call,
                voyager.outbox().resubmit(call.param("eventId"))));
        router.add("POST", "/admin/outbox/{eventId}/discard", this::discard);
    }

    private VoyagerResponse list(AdminCall call) {
        String stateText = call.query("state", PAGE);
        OutboxState state = stateText == null || stateText.isEmpty() ? OutboxState.FAILED : state(stateText);
        String after = call.query("after", PAGE);
        if (after != null && !after.isEmpty()) {
            after = AdminRouter.decodeId("after", after);
        }
        int limit = call.intQuery("limit", PAGE, 1, io.voyagerota.Outbox.MAX_PAGE, DEFAULT_LIMIT);
        OutboxPage page = voyager.outbox().list(state, after == null ? "" : after, limit);
        Map<OutboxState, Long> counts = voyager.outbox().counts();
        return call.ok(g -> {
            g.writeStartObject();
            g.writeStringField("state", name(state));
            g.writeArrayFieldStart("events");
            for (OutboxEvent e : page.events()) {
                event(g, e);
            }
            g.writeEndArray();
            if (page.next().isPresent()) {
                g.writeStringField("next", page.next().get());
            }
            g.writeObjectFieldStart("counts");
            for (OutboxState s : OutboxState.values()) {
                g.writeNumberField(name(s), counts.getOrDefault(s, 0L));
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private VoyagerResponse discard(AdminCall call) {
        String eventId = voyager.outbox().get(call.param("eventId")).id(); // 404 before reading the body
        String reason = ReasonBody.read(call, "why the event is given up on, such as 'the release was deleted'");
        return event(call, voyager.outbox().discard(eventId, call.principal(), reason));
    }

    private static VoyagerResponse event(AdminCall call, OutboxEvent event) {
        return call.ok(g -> event(g, event));
    }

    static void event(JsonGenerator g, OutboxEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("type", e.type());
        g.writeStringField("aggregateId", e.aggregateId());
        g.writeStringField("state", name(e.state()));
        g.writeStringField("payload", e.payload());
        g.writeNumberField("attempts", e.attempts());
        g.writeStringField("createdAt", e.createdAt().toString());
        g.writeStringField("nextAttemptAt", e.nextAttemptAt().toString());
        if (e.lastError().isPresent()) {
            g.writeStringField("lastError", e.lastError().get());
        }
        g.writeEndObject();
    }

    private static String name(OutboxState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static OutboxState state(String text) {
        for (OutboxState s : OutboxState.values()) {
            if (name(s).equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw HttpProblem.badParameter("state", "query parameter 'state' is '" + WireJson.printable(text)
                + "' but must be one of " + Arrays.stream(OutboxState.values()).map(OutboxRoutes::name).toList());
    }
}
