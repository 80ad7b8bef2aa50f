package io.voyagerota.spi;

import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.outbox.OutboxEvent;

import java.util.List;

/**
 * Turns Voyager's events into outbox events that are written in the same registry transaction as the change that
 * raised them (a rollout pausing itself, a release promoted), so that a crash right after the change cannot lose
 * them; the outbox relay then delivers them at least once. Events that no catalog change carries (those raised by a
 * report or by the relay itself) are appended to the outbox right after they happen.
 *
 * <p>Called synchronously on the thread that caused the event; must be quick and must not throw (an exception is
 * logged and the event's outbox events are left out, so that a faulty listener never blocks a change). Register
 * handlers for the types it writes with {@code Voyager.Builder.outboxHandler}.
 */
@FunctionalInterface
public interface DurableListener {
    /** The outbox events to write for {@code event}; empty when it does not concern this listener. */
    List<OutboxEvent> outboxEvents(VoyagerEvent event);
}
