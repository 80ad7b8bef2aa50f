package io.voyagerota.spi;

import io.voyagerota.support.Checks;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link ArtifactStorage#list}.
 *
 * @param objects at most the limit asked for, in the adapter's order
 * @param next    the {@code after} of the next page; empty when this page ends the listing
 */
public record StoredObjectPage(List<StoredObject> objects, Optional<String> next) {
    public StoredObjectPage {
        objects = List.copyOf(Checks.noNulls(objects, "objects"));
        Checks.notNull(next, "next");
    }

    /** A page of {@code objects} that asked for {@code limit}: there may be more exactly when it is full. */
    public static StoredObjectPage of(List<StoredObject> objects, int limit) {
        Optional<String> next = objects.size() < limit ? Optional.empty()
                : Optional.of(objects.get(objects.size() - 1).key().value());
        return new StoredObjectPage(objects, next);
    }
}
