package io.voyagerota.transport.http.kit;

import io.voyagerota.outbox.OutboxEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox through the admin API: pages of pending and failed events, resubmit, and a recorded discard. */
public abstract class AdminOutboxKit extends AdminSupport {

    /** Events of a type no handler takes, so the relay marks them FAILED at once. */
    private List<String> failedEvents(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OutboxEvent e = OutboxEvent.pending("host.unhandled", "thing-" + i, "{\"n\":" + i + "}",
                    f.clock.instant().plusMillis(i));
            f.registry.outbox().append(List.of(e));
            ids.add(e.id());
        }
        f.clock.advance(Duration.ofSeconds(1));
        f.voyager.relayOutbox();
        return ids;
    }

    @Test
    void failedEventsAreListedPageByPageWithTheCounts() {
        List<String> ids = failedEvents(3);
        Map<String, Object> first = ok(get("/outbox?state=failed&limit=2"));
        assertEquals("failed", first.get("state"));
        List<Object> events = list(first.get("events"));
        assertEquals(List.of(ids.get(0), ids.get(1)), events.stream().map(e -> map(e).get("id")).toList());
        Map<String, Object> event = map(events.get(0));
        assertEquals("host.unhandled", event.get("type"));
        assertEquals("thing-0", event.get("aggregateId"));
        assertEquals("{\"n\":0}", event.get("payload"));
        assertEquals(1L, event.get("attempts"));
        assertTrue(((String) event.get("lastError")).contains("no handler is registered"), event.toString());
        assertEquals(ids.get(1), first.get("next"));
        assertEquals(3L, map(first.get("counts")).get("failed"));
        assertEquals(0L, map(first.get("counts")).get("discarded"));

        Map<String, Object> second = ok(get("/outbox?limit=2&after=" + first.get("next")));
        assertEquals(List.of(ids.get(2)), list(second.get("events")).stream().map(e -> map(e).get("id")).toList());
        assertFalse(second.containsKey("next"));
        assertEquals(List.of(), list(ok(get("/outbox?state=pending")).get("events")));

        assertProblem(get("/outbox?state=lost"), 400, "invalid-parameter");
        assertProblem(get("/outbox?limit=0"), 400, "invalid-parameter");
        assertProblem(get("/outbox?after=no-such-event"), 404, "not-found");
        assertProblem(get("/outbox/no-such-event"), 404, "not-found");
    }

    @Test
    void aFailedEventIsResubmittedAndThenPending() {
        String id = failedEvents(1).get(0);
        Map<String, Object> resubmitted = ok(post("/outbox/" + id + "/resubmit"));
        assertEquals("pending", resubmitted.get("state"));
        assertEquals(0L, resubmitted.get("attempts"));
        assertEquals(List.of(id), list(ok(get("/outbox?state=pending")).get("events")).stream()
                .map(e -> map(e).get("id")).toList());
        assertProblem(post("/outbox/" + id + "/resubmit"), 409, "conflict");
        assertProblem(post("/outbox/" + id + "/discard", "{\"reason\":\"too late\"}"), 409, "conflict");
        assertProblem(post("/outbox/no-such-event/resubmit"), 404, "not-found");
    }

    @Test
    void aDiscardIsRecordedWithWhoWhenAndWhy() {
        String id = failedEvents(1).get(0);
        assertEquals("reason", assertProblem(post("/outbox/" + id + "/discard", "{}"), 400, "invalid-parameter")
                .get("parameter"));
        Map<String, Object> discarded = ok(post("/outbox/" + id + "/discard",
                "{\"reason\":\"the thing it cleaned up is gone\"}"));
        assertEquals("discarded", discarded.get("state"));
        String record = (String) discarded.get("lastError");
        assertTrue(record.startsWith("discarded by ops at " + f.clock.instant() + ": the thing it cleaned up is gone;"
                + " it had failed with: "), record);
        assertEquals(discarded, ok(get("/outbox/" + id)), "kept, not deleted");
        assertEquals(1L, map(ok(get("/outbox")).get("counts")).get("discarded"));
        assertProblem(post("/outbox/" + id + "/discard", "{\"reason\":\"again\"}"), 409, "conflict");
        assertProblem(post("/outbox/" + id + "/resubmit"), 409, "conflict");
    }

    @Test
    void theOutboxNeedsTheAdminToken() {
        assertEquals(401, send(request("/v1/admin/outbox").GET()).statusCode());
    }
}
