package io.voyagerota.outbox;

/**
 * Carries out the side effect of one {@link OutboxEvent} type, such as deleting an artifact or calling a webhook.
 *
 * <p>Delivery is <em>at least once</em>: a relay that crashes or loses its lease after the side effect but before
 * recording success makes another relay deliver the same event again. A handler must therefore be idempotent;
 * use {@link OutboxEvent#id()} as the idempotency key (an {@code Idempotency-Key} header, a conditional write, a
 * "delete if exists"). Return normally on success; throw to have the event retried with backoff.
 */
@FunctionalInterface
public interface OutboxHandler {
    void handle(OutboxEvent event) throws Exception;
}
