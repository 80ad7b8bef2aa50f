package io.voyagerota;

import io.voyagerota.support.Checks;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxPage;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.OutboxStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox as operators see it: pending and failed events page by page, and the two ways out of FAILED —
 * resubmit once the cause is fixed, or discard when the side effect is no longer wanted. A discard is recorded (the
 * event stays, {@code DISCARDED}, with who, when and why), never a silent delete.
 */
public final class Outbox {
    /** The largest page. */
    public static final int MAX_PAGE = 500;

    private final Voyager voyager;

    Outbox(Voyager voyager) {
        this.voyager = voyager;
    }

    private OutboxStore store() {
        return voyager.registry().outbox();
    }

    /**
     * Up to {@code limit} events in {@code state} after the event {@code afterId} ({@code ""}: from the oldest).
     *
     * @throws InvalidInputException if {@code limit} is not 1 to {@value #MAX_PAGE}
     * @throws NotFoundException     if {@code afterId} names no event
     */
    public OutboxPage list(OutboxState state, String afterId, int limit) {
        Checks.notNull(state, "state");
        Checks.notNull(afterId, "afterId");
        Checks.inRange(limit, 1, MAX_PAGE, "limit");
        List<OutboxEvent> events = store().list(state, afterId, limit);
        Optional<String> next = events.size() < limit ? Optional.empty()
                : Optional.of(events.get(events.size() - 1).id());
        return new OutboxPage(events, next);
    }

    /** How many events are in each state. */
    public Map<OutboxState, Long> counts() {
        return store().counts();
    }

    public OutboxEvent get(String id) {
        Checks.notNull(id, "id");
        return store().find(id).orElseThrow(() -> new NotFoundException("outbox event", id));
    }

    /**
     * Sends a FAILED event back to PENDING with fresh attempts, due now.
     *
     * @throws ConflictException if the event is not FAILED
     */
    public OutboxEvent resubmit(String id) {
        Checks.notNull(id, "id");
        if (!store().resubmit(id, voyager.now())) {
            throw notFailed(get(id), "resubmitted");
        }
        return get(id);
    }

    /**
     * Gives up on a FAILED event: it becomes DISCARDED, and its last error records {@code by}, the time,
     * {@code reason} and the error it failed with.
     *
     * @param by     who discards it, such as the admin principal's name
     * @param reason why, for whoever reads the record later; not blank
     * @throws ConflictException if the event is not FAILED
     */
    public OutboxEvent discard(String id, String by, String reason) {
        Checks.notNull(id, "id");
        Checks.notNull(by, "by");
        Checks.notNull(reason, "reason");
        if (reason.isBlank()) {
            throw new InvalidInputException("a discard needs a reason, for whoever reads the record later");
        }
        OutboxEvent before = get(id);
        String note = "discarded by " + by + " at " + voyager.now() + ": " + reason.strip()
                + before.lastError().map(e -> "; it had failed with: " + e).orElse("");
        if (!store().discard(id, note)) {
            throw notFailed(get(id), "discarded");
        }
        return get(id);
    }

    private static ConflictException notFailed(OutboxEvent event, String what) {
        return new ConflictException("outbox event " + event.id() + " is " + event.state() + ", and only FAILED"
                + " events can be " + what + (event.state() == OutboxState.PENDING
                || event.state() == OutboxState.PROCESSING ? "; it is still being delivered" : ""));
    }
}
