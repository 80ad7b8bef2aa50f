package io.voyagerota.testkit;

import io.voyagerota.InvalidInputException;
import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.spi.DirectoryStore;
import io.voyagerota.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static io.voyagerota.testkit.RegistryFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials, tags and the revision feed of the {@link DirectoryStore} contract, apart from concurrency (see
 * {@link DirectoryConcurrencyCompatibilityKit}). Part of {@link RegistryCompatibilityKit}.
 */
public abstract class DirectoryStoreCompatibilityKit {
    static final String HASH_A = "a".repeat(63) + "0";
    static final String HASH_B = "0123456789abcdef".repeat(4);

    protected DirectoryStore directory;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        directory = newRegistry().directory();
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private DirectoryEntry stored(String deviceId) {
        return directory.find(deviceId).orElseThrow(() -> new AssertionError(deviceId + " is not stored"));
    }

    /** Everything, read with the feed. */
    private List<DirectoryEntry> all() {
        return directory.changedSince(0, Integer.MAX_VALUE);
    }

    @Test
    void aCredentialIsStoredReplacedAndRemoved() {
        DirectoryEntry first = directory.putCredential("24:0a:c4:12:34:56", HASH_A, at(1));
        assertEquals(new DirectoryEntry("24:0a:c4:12:34:56", Optional.of(HASH_A), Set.of(), first.revision(),
                at(1)), first);
        assertTrue(first.revision() >= 1, "revisions start at 1");
        assertEquals(first, stored("24:0a:c4:12:34:56"));

        DirectoryEntry replaced = directory.putCredential("24:0a:c4:12:34:56", HASH_B, at(2));
        assertEquals(Optional.of(HASH_B), replaced.secretHash());
        assertTrue(replaced.revision() > first.revision(), "a new revision");
        assertEquals(at(2), replaced.updatedAt());
        assertEquals(replaced, stored("24:0a:c4:12:34:56"));

        assertTrue(directory.removeCredential("24:0a:c4:12:34:56", at(3)));
        DirectoryEntry removed = stored("24:0a:c4:12:34:56");
        assertEquals(Optional.empty(), removed.secretHash());
        assertTrue(removed.revision() > replaced.revision());
        assertEquals(at(3), removed.updatedAt());
        assertEquals(List.of(removed), all(), "the entry stays, so readers learn of the removal");

        assertFalse(directory.removeCredential("24:0a:c4:12:34:56", at(4)), "nothing left to remove");
        assertFalse(directory.removeCredential("unknown", at(4)));
        assertEquals(removed, stored("24:0a:c4:12:34:56"), "unchanged");
        assertEquals(Optional.empty(), directory.find("unknown"), "no entry made for nothing");
    }

    @Test
    void tagsAreReplacedAsAWholeAndLeaveTheCredentialAlone() {
        directory.putCredential("dev-1", HASH_A, at(1));
        DirectoryEntry tagged = directory.putTags("dev-1", Set.of("tester", "beta"), at(2));
        assertEquals(new DirectoryEntry("dev-1", Optional.of(HASH_A), Set.of("beta", "tester"), tagged.revision(),
                at(2)), tagged);
        assertEquals(tagged, stored("dev-1"));

        DirectoryEntry replaced = directory.putTags("dev-1", Set.of("vip"), at(3));
        assertEquals(Set.of("vip"), replaced.tags());
        assertEquals(Optional.of(HASH_A), replaced.secretHash());
        assertTrue(replaced.revision() > tagged.revision());

        DirectoryEntry cleared = directory.putTags("dev-1", Set.of(), at(4));
        assertEquals(Set.of(), cleared.tags());
        assertEquals(cleared, stored("dev-1"));

        DirectoryEntry rekeyed = directory.putCredential("dev-1", HASH_B, at(5));
        assertEquals(Set.of(), rekeyed.tags());
        directory.putTags("dev-1", Set.of("tester"), at(6));
        assertTrue(directory.removeCredential("dev-1", at(7)));
        assertEquals(Set.of("tester"), stored("dev-1").tags(), "removing the credential keeps the tags");
    }

    @Test
    void tagsAreFoldedToLowerCaseAndTheLimitsHold() {
        DirectoryEntry folded = directory.putTags("dev-1", Set.of("Tester", "tester", "EU.west_2-b"), at(1));
        assertEquals(Set.of("tester", "eu.west_2-b"), folded.tags());
        assertEquals(folded, stored("dev-1"));

        Set<String> most = new HashSet<>();
        IntStream.range(0, DirectoryEntry.MAX_TAGS - 1).forEach(i -> most.add("cohort-" + i));
        most.add("x".repeat(DirectoryEntry.MAX_TAG_LENGTH));
        DirectoryEntry full = directory.putTags("dev-2", most, at(2));
        assertEquals(most, full.tags());
        assertEquals(full, stored("dev-2"), "32 tags of up to 64 characters fit");

        DirectoryEntry tagsOnly = directory.putTags("A." + "b".repeat(126), Set.of("tester"), at(3));
        assertEquals(Optional.empty(), tagsOnly.secretHash(), "tags need no credential");
        assertEquals(tagsOnly, stored("A." + "b".repeat(126)), "the longest device id");
    }

    @Test
    void findOnlyFindsWhatWasWritten() {
        assertEquals(Optional.empty(), directory.find("dev-1"));
        assertEquals(List.of(), all());
        directory.putTags("dev-1", Set.of("tester"), at(1));
        assertEquals(Optional.empty(), directory.find("dev-2"));
        assertEquals(Optional.empty(), directory.find("DEV-1"), "device ids are case-sensitive");
        assertEquals("dev-1", stored("dev-1").deviceId());
    }

    @Test
    void changedSinceListsEachDeviceOnceAtItsLatestRevisionInRevisionOrder() {
        List<DirectoryEntry> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(directory.putTags("dev-" + i, Set.of("t" + i), at(i)));
        }
        writes.add(directory.putCredential("dev-3", HASH_A, at(20)));
        writes.add(directory.putTags("dev-0", Set.of("tester"), at(21)));
        writes.add(directory.putCredential("dev-10", HASH_B, at(22)));
        assertTrue(directory.removeCredential("dev-3", at(23)));
        writes.add(stored("dev-3"));
        for (int i = 1; i < writes.size(); i++) {
            assertTrue(writes.get(i).revision() > writes.get(i - 1).revision(), "revisions strictly increase");
        }

        Map<String, DirectoryEntry> latest = new LinkedHashMap<>();
        writes.forEach(e -> {
            latest.remove(e.deviceId());
            latest.put(e.deviceId(), e);
        });
        List<DirectoryEntry> expected = List.copyOf(latest.values());
        assertEquals(expected, all());
        assertEquals(expected.subList(0, 4), directory.changedSince(0, 4), "the first page");

        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.subList(i + 1, expected.size()),
                    directory.changedSince(expected.get(i).revision(), 100), "after entry " + i);
            assertEquals(expected.subList(i, expected.size()),
                    directory.changedSince(expected.get(i).revision() - 1, 100), "from entry " + i);
        }
        assertEquals(List.of(), directory.changedSince(expected.get(expected.size() - 1).revision(), 100));
        assertEquals(List.of(), directory.changedSince(Long.MAX_VALUE, 100));
    }

    @Test
    void pagingWithTheLastRevisionReadsEverythingOnce() {
        for (int i = 0; i < 23; i++) {
            directory.putCredential("dev-" + i, i % 2 == 0 ? HASH_A : HASH_B, at(i));
            if (i % 3 == 0) {
                directory.putTags("dev-" + (i / 2), Set.of("page-" + i), at(i));
            }
        }
        for (int limit : new int[] {1, 3, 7, 24}) {
            List<DirectoryEntry> read = new ArrayList<>();
            long after = 0;
            for (int pages = 0; ; pages++) {
                List<DirectoryEntry> page = directory.changedSince(after, limit);
                assertTrue(page.size() <= limit, "page of " + page.size() + " with limit " + limit);
                if (page.isEmpty()) {
                    break;
                }
                assertTrue(pages <= 23, "paging never ends");
                read.addAll(page);
                after = page.get(page.size() - 1).revision();
            }
            assertEquals(all(), read, "limit " + limit);
            assertEquals(23, read.size());
        }
    }

    @Test
    void invalidInputIsRefusedAndChangesNothing() {
        directory.putCredential("dev-1", HASH_A, at(1));
        directory.putTags("dev-1", Set.of("tester"), at(2));
        List<DirectoryEntry> before = all();

        String tooLong = "d".repeat(129);
        for (String badId : List.of("", "bad id", "-dev", "dev/1", "dév", tooLong)) {
            refused(() -> directory.putCredential(badId, HASH_B, at(3)), "deviceId");
            refused(() -> directory.putTags(badId, Set.of("x"), at(3)), "deviceId");
            refused(() -> directory.removeCredential(badId, at(3)), "deviceId");
        }
        for (String badHash : List.of("", HASH_A.toUpperCase(Locale.ROOT), HASH_A.substring(1), HASH_A + "0",
                "g".repeat(64), HASH_A.substring(1) + " ")) {
            refused(() -> directory.putCredential("dev-1", badHash, at(3)), "secretHash");
            refused(() -> directory.putCredential("dev-2", badHash, at(3)), "secretHash");
        }
        List<String> badTags = List.of("", "with space", "x".repeat(65), "ümlaut", "a,b", "tag!", "new\nline");
        for (String badTag : badTags) {
            refused(() -> directory.putTags("dev-1", Set.of("ok", badTag), at(3)), "tag");
            refused(() -> directory.putTags("dev-2", Set.of(badTag), at(3)), "tag");
        }
        Set<String> tooMany = new HashSet<>();
        IntStream.rangeClosed(0, DirectoryEntry.MAX_TAGS).forEach(i -> tooMany.add("t" + i));
        refused(() -> directory.putTags("dev-1", tooMany, at(3)), "at most " + DirectoryEntry.MAX_TAGS);
        refused(() -> directory.putTags("dev-1", new HashSet<>(Arrays.asList("ok", null)), at(3)), "tags");
        refused(() -> directory.changedSince(-1, 10), "revision");
        refused(() -> directory.changedSince(0, 0), "limit");
        refused(() -> directory.changedSince(0, -5), "limit");

        assertEquals(before, all(), "nothing changed");
        assertEquals(Optional.empty(), directory.find("dev-2"));
        DirectoryEntry next = directory.putTags("dev-2", Set.of("x"), at(4));
        assertTrue(next.revision() > before.get(before.size() - 1).revision(), "the feed goes on");
    }

    private static void refused(Executable write, String mentioned) {
        InvalidInputException e = assertThrows(InvalidInputException.class, write);
        assertTrue(e.getMessage().contains(mentioned), () -> "\"" + e.getMessage() + "\" names " + mentioned);
    }
}
