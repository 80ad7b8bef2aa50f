/**
 * The transactional outbox: state changes with side effects outside the database write an
 * {@link io.voyagerota.outbox.OutboxEvent} in the same transaction, and an {@link io.voyagerota.outbox.OutboxRelay}
 * delivers each at least once to an idempotent {@link io.voyagerota.outbox.OutboxHandler}, with backoff, leases and
 * a FAILED state that raises an alert. Storage is the {@link io.voyagerota.spi.OutboxStore} SPI.
 */
@NullMarked
package io.voyagerota.outbox;

import org.jspecify.annotations.NullMarked;
