package io.voyagerota.outbox;

import java.util.List;
import java.util.Optional;

/**
 * One page of outbox events in one state, oldest first.
 *
 * @param events the page
 * @param next   the cursor of the next page (the last event's id) when the page is full; empty on the last page
 */
public record OutboxPage(List<OutboxEvent> events, Optional<String> next) {
    public OutboxPage {
        events = List.copyOf(events);
        java.util.Objects.requireNonNull(next, "next must not be null; use Optional.empty()");
    }
}
