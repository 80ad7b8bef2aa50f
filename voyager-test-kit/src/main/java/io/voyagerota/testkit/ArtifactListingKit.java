package io.voyagerota.testkit;

import io.voyagerota.InvalidInputException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredObject;
import io.voyagerota.spi.StoredObjectPage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listing clauses of the {@link ArtifactStorage} contract, which housekeeping relies on to find unreferenced and
 * expired artifacts: every artifact once, live or deleted, in bounded pages that resume after any cursor, with the
 * times it was stored and deleted. {@link ArtifactStorageCompatibilityKit} runs these for every adapter.
 *
 * <p>Times are checked against the machine's clock with a few seconds' slack, since stores (S3) keep their own
 * clock at second precision; an adapter under test must use the system clock.
 */
public abstract class ArtifactListingKit {
    private static final Duration SLACK = Duration.ofSeconds(3);

    /** The storage under test, fresh and empty for each test. */
    protected abstract ArtifactStorage storage();

    @Test
    void anEmptyStorageListsNothing() throws IOException {
        StoredObjectPage page = storage().list("", 10);
        assertEquals(List.of(), page.objects());
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void everyArtifactIsListedOnceAcrossPagesLiveOrDeleted() throws IOException {
        // Keys that nest and resemble one another, where orders by segment and by text differ.
        List<String> keys = List.of("a", "a/b", "a-b", "a.b", "a/b/c", "b", "z/y/x.bin", "a_b/c", "m/n-1", "m/n/1");
        for (String key : keys) {
            put(key);
        }
        storage().delete(ArtifactKey.of("a/b"));
        storage().delete(ArtifactKey.of("m/n-1"));
        put("gone");
        storage().purge(ArtifactKey.of("gone"));

        for (int limit : new int[] {1, 2, 3, 7, 10, 1000}) {
            Map<String, StoredObject> listed = listAll(limit);
            assertEquals(new HashSet<>(keys), listed.keySet(), "page size " + limit);
            for (StoredObject o : listed.values()) {
                boolean deleted = o.key().value().equals("a/b") || o.key().value().equals("m/n-1");
                assertEquals(deleted, o.deleted(), o.key() + " listed as deleted: " + o);
            }
        }
        assertEquals(List.copyOf(listAll(3).keySet()), List.copyOf(listAll(4).keySet()),
                "the order does not change between listings");
    }

    @Test
    void timesSayWhenAnArtifactWasStoredAndWhenDeleted() throws Exception {
        Instant beforePut = Instant.now();
        put("timed/live.bin");
        put("timed/deleted.bin");
        Instant afterPut = Instant.now();
        Thread.sleep(1100); // so that the deletion is a different second from the put, even at S3's precision
        Instant beforeDelete = Instant.now();
        assertTrue(storage().delete(ArtifactKey.of("timed/deleted.bin")));
        Instant afterDelete = Instant.now();

        Map<String, StoredObject> listed = listAll(10);
        StoredObject live = listed.get("timed/live.bin");
        assertWithin(live.lastModified(), beforePut, afterPut, "lastModified of a live artifact");
        assertEquals(Optional.empty(), live.deletedAt());
        StoredObject deleted = listed.get("timed/deleted.bin");
        assertWithin(deleted.deletedAt().orElseThrow(), beforeDelete, afterDelete, "deletedAt");
        assertFalse(deleted.lastModified().isBefore(beforePut.minus(SLACK)), "lastModified of a deleted artifact");
    }

    @Test
    void aRestoredArtifactIsListedAsLive() throws IOException {
        put("back.bin");
        storage().delete(ArtifactKey.of("back.bin"));
        storage().restore(ArtifactKey.of("back.bin"));
        StoredObject o = listAll(10).get("back.bin");
        assertEquals(Optional.empty(), o.deletedAt());
    }

    @Test
    void aListingResumesAfterACursorWhoseArtifactWasPurged() throws IOException {
        for (String key : List.of("p/1", "p/2", "p/3", "p/4")) {
            put(key);
        }
        StoredObjectPage first = storage().list("", 2);
        assertEquals(2, first.objects().size());
        String cursor = first.next().orElseThrow();
        storage().purge(ArtifactKey.of(cursor));
        Set<String> rest = new HashSet<>();
        for (StoredObject o : storage().list(cursor, 10).objects()) {
            rest.add(o.key().value());
        }
        Set<String> expected = new HashSet<>(List.of("p/1", "p/2", "p/3", "p/4"));
        first.objects().forEach(o -> expected.remove(o.key().value()));
        assertEquals(expected, rest);
    }

    @Test
    void aPageLimitOutsideOneToTheMaximumIsRefused() {
        assertThrows(InvalidInputException.class, () -> storage().list("", 0));
        assertThrows(InvalidInputException.class, () -> storage().list("", ArtifactStorage.MAX_PAGE + 1));
    }

    @Test
    void sweepingLeftoversLeavesArtifactsAlone() throws IOException {
        put("kept/live.bin");
        put("kept/deleted.bin");
        storage().delete(ArtifactKey.of("kept/deleted.bin"));
        storage().sweepLeftovers();
        assertTrue(storage().stat(ArtifactKey.of("kept/live.bin")).isPresent());
        assertTrue(storage().restore(ArtifactKey.of("kept/deleted.bin")));
        assertEquals(2, listAll(10).size());
    }

    private void put(String key) throws IOException {
        storage().put(ArtifactKey.of(key), new ByteArrayInputStream(content(key, 100)), Long.MAX_VALUE);
    }

    private Map<String, StoredObject> listAll(int limit) throws IOException {
        Map<String, StoredObject> all = new LinkedHashMap<>();
        List<Integer> sizes = new ArrayList<>();
        String after = "";
        for (int pages = 0; pages < 1000; pages++) {
            StoredObjectPage page = storage().list(after, limit);
            assertTrue(page.objects().size() <= limit, "a page holds at most the limit");
            sizes.add(page.objects().size());
            for (StoredObject o : page.objects()) {
                assertEquals(null, all.put(o.key().value(), o), o.key() + " is listed twice");
            }
            if (page.next().isEmpty()) {
                return all;
            }
            after = page.next().get();
        }
        throw new AssertionError("the listing never ended; page sizes " + sizes);
    }

    private static void assertWithin(Instant actual, Instant from, Instant to, String what) {
        assertTrue(!actual.isBefore(from.minus(SLACK)) && !actual.isAfter(to.plus(SLACK)), what + " " + actual
                + " is not between " + from + " and " + to);
    }
}
