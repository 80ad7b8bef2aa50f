package io.voyagerota.outbox;

import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which event types a claim may take, so that relays can split the work by kind: say, one relay for artifact and
 * webhook events and others only for fan-outs, so that a long fan-out never holds up an artifact delete and a
 * burst of webhooks never holds up a fan-out.
 *
 * <p>A filter restricts what a claim returns, not the delivery order: an event that is not claimable because an
 * earlier event of its aggregate is unfinished stays unclaimable whatever the filter (see
 * {@link io.voyagerota.spi.OutboxStore#claim(String, java.time.Instant, java.time.Duration, int, ClaimFilter)}).
 *
 * @param types   the event types named, sorted; empty with {@code exclude} means every type
 * @param exclude true to take every type except {@code types}, false to take only {@code types}
 */
public record ClaimFilter(Set<String> types, boolean exclude) {
    private static final ClaimFilter ALL = new ClaimFilter(Set.of(), true);

    public ClaimFilter {
        Objects.requireNonNull(types, "types must not be null; use ClaimFilter.all() to take every type");
        TreeSet<String> sorted = new TreeSet<>();
        for (String type : types) {
            sorted.add(OutboxEvent.requireValidType(type, "claim filter type"));
        }
        if (!exclude && sorted.isEmpty()) {
            throw new IllegalArgumentException("a claim filter that takes only the types it names needs at least"
                    + " one type; use ClaimFilter.all() to take every type");
        }
        types = Collections.unmodifiableSet(sorted);
    }

    /** Every type. */
    public static ClaimFilter all() {
        return ALL;
    }

    /** Only these types; at least one. */
    public static ClaimFilter only(String... types) {
        return new ClaimFilter(new TreeSet<>(Arrays.asList(types)), false);
    }

    /** Every type except these. */
    public static ClaimFilter allExcept(String... types) {
        return new ClaimFilter(new TreeSet<>(Arrays.asList(types)), true);
    }

    /** Whether a claim under this filter may take an event of {@code type}. */
    public boolean accepts(String type) {
        return types.contains(type) != exclude;
    }

    /** Whether this filter takes every type. */
    public boolean isAll() {
        return exclude && types.isEmpty();
    }
}
