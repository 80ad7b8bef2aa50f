package io.voyagerota;

import io.voyagerota.auth.DeviceCredential;
import io.voyagerota.auth.DirectoryAuthenticator;
import io.voyagerota.auth.Principal;
import io.voyagerota.auth.Secrets;
import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.memory.InMemoryAuthenticator;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.DirectoryStore;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.spi.Registry;
import io.voyagerota.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device directory through the facade: enrolment, the built-in authenticator, tags and the per-node cache. */
class DeviceDirectoryTest {
    private final MutableClock clock = MutableClock.create();
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final Voyager node = node(registry);

    private Voyager node(Registry shared) {
        return Voyager.inMemory().registry(shared).clock(clock).build();
    }

    private static Optional<Principal> device(Voyager voyager, String deviceId, String secret) {
        return voyager.authenticator().authenticateDevice(deviceId, secret);
    }

    @Test
    void anEnrolledDeviceAuthenticatesWithItsSecretAndTheRegistryKeepsOnlyTheHash() {
        clock.advance(Duration.ofMinutes(3));
        DeviceCredential credential = node.devices().enrol("24:0a:c4:12:34:56");

        assertEquals("24:0a:c4:12:34:56", credential.deviceId());
        assertEquals(43, credential.secret().length(), "a 256-bit token, base64url");
        assertEquals(Optional.of(new Principal("24:0a:c4:12:34:56", Principal.Role.DEVICE)),
                device(node, "24:0a:c4:12:34:56", credential.secret()));
        assertEquals(Optional.empty(), device(node, "24:0a:c4:12:34:56", credential.secret() + "x"));
        assertEquals(Optional.empty(), device(node, "24:0a:c4:12:34:56", ""));
        assertEquals(Optional.empty(), device(node, "24:0a:c4:12:34:57", credential.secret()), "another device");

        DirectoryEntry stored = registry.directory().find("24:0a:c4:12:34:56").orElseThrow();
        assertEquals(Optional.of(Secrets.hash(credential.secret())), stored.secretHash());
        assertEquals(clock.instant(), stored.updatedAt());
        assertFalse(credential.toString().contains(credential.secret()), credential.toString());
        assertInstanceOf(DirectoryAuthenticator.class, node.authenticator(), "the default authenticator");
    }

    @Test
    void reEnrollingInvalidatesTheOldSecret() {
        DeviceCredential first = node.devices().enrol("dev-1");
        DeviceCredential second = node.devices().enrol("dev-1");
        assertNotEquals(first.secret(), second.secret());
        assertEquals(Optional.empty(), device(node, "dev-1", first.secret()));
        assertTrue(device(node, "dev-1", second.secret()).isPresent());
    }

    @Test
    void aRevokedCredentialNoLongerAuthenticatesAndTheTagsStay() {
        node.devices().setTags("dev-1", Set.of("tester"));
        assertFalse(node.devices().revokeCredential("dev-1"), "tags, but no credential yet");
        DeviceCredential credential = node.devices().enrol("dev-1");

        assertTrue(node.devices().revokeCredential("dev-1"));
        assertEquals(Optional.empty(), device(node, "dev-1", credential.secret()));
        assertFalse(node.devices().revokeCredential("dev-1"), "nothing left to revoke");
        assertFalse(node.devices().revokeCredential("never-seen"));
        assertEquals(Set.of("tester"), node.devices().tags("dev-1"));
    }

    @Test
    void tagsAreStoredFoldedToLowerCaseAndReplacedAsAWhole() {
        assertEquals(Set.of(), node.devices().tags("dev-1"), "unknown device");
        assertEquals(Set.of("tester", "beta.eu"), node.devices().setTags("dev-1", Set.of("Tester", "BETA.eu")));
        assertEquals(Set.of("tester", "beta.eu"), node.devices().tags("dev-1"));
        assertEquals(Set.of("vip"), node.devices().setTags("dev-1", Set.of("vip")));
        assertEquals(Set.of("vip"), node.devices().tags("dev-1"));
        assertEquals(Set.of(), node.devices().setTags("dev-1", Set.of()));
        assertEquals(Set.of(), node.devices().tags("dev-1"));
    }

    @Test
    void badInputIsRefusedWithTheReasonAndChangesNothing() {
        node.devices().setTags("dev-1", Set.of("tester"));
        long revision = registry.directory().find("dev-1").orElseThrow().revision();

        InvalidInputException tag = assertThrows(InvalidInputException.class,
                () -> node.devices().setTags("dev-1", Set.of("ok", "not ok")));
        assertTrue(tag.getMessage().contains("\"not ok\"") && tag.getMessage().contains("a-z, 0-9"),
                tag.getMessage());
        Set<String> tooMany = new HashSet<>();
        IntStream.range(0, DirectoryEntry.MAX_TAGS + 1).forEach(i -> tooMany.add("t" + i));
        InvalidInputException many = assertThrows(InvalidInputException.class,
                () -> node.devices().setTags("dev-1", tooMany));
        assertTrue(many.getMessage().contains("at most 32 tags"), many.getMessage());
        InvalidInputException id = assertThrows(InvalidInputException.class, () -> node.devices().enrol("bad id"));
        assertTrue(id.getMessage().contains("deviceId \"bad id\""), id.getMessage());
        assertThrows(InvalidInputException.class, () -> node.devices().revokeCredential("-leading-dash"));

        assertEquals(Set.of("tester"), node.devices().tags("dev-1"));
        assertEquals(revision, registry.directory().find("dev-1").orElseThrow().revision());
        assertEquals(1, registry.directory().changedSince(0, 100).size());
    }

    @Test
    void anotherNodeSeesCredentialsAndTagsAfterItsTick() {
        Voyager other = node(registry);
        DeviceCredential credential = node.devices().enrol("dev-1");
        node.devices().setTags("dev-1", Set.of("tester"));
        assertEquals(Set.of(), other.devices().tags("dev-1"), "no database read per lookup");
        assertEquals(Optional.empty(), device(other, "dev-1", credential.secret()));

        other.tick();
        assertEquals(Set.of("tester"), other.devices().tags("dev-1"));
        assertTrue(device(other, "dev-1", credential.secret()).isPresent());

        node.devices().revokeCredential("dev-1");
        other.tick();
        assertEquals(Optional.empty(), device(other, "dev-1", credential.secret()));

        Voyager late = node(registry); // a node started later loads everything at start
        assertEquals(Set.of("tester"), late.devices().tags("dev-1"));
    }

    @Test
    void aNodeLoadsTheDirectoryInPagesAndThenReadsOnlyWhatChanged() {
        int devices = 12_001; // three pages of 5000
        Instant at = clock.instant();
        for (int i = 0; i < devices; i++) {
            registry.directory().putTags("dev-" + i, Set.of(i % 2 == 0 ? "even" : "odd"), at);
        }
        RecordingRegistry recording = new RecordingRegistry(registry);
        Voyager watched = node(recording);
        assertEquals(List.of(0L, 5_000L, 10_000L), recording.queriedAfter);
        assertEquals(devices, recording.entriesRead);
        assertEquals(Set.of("odd"), watched.devices().tags("dev-1"));
        assertSame(watched.devices().tags("dev-1"), watched.devices().tags("dev-3"), "one shared set per tag set");

        recording.queriedAfter.clear();
        recording.entriesRead = 0;
        watched.tick();
        assertEquals(List.of((long) devices), recording.queriedAfter, "a tick with nothing new");
        assertEquals(0, recording.entriesRead);

        node.devices().setTags("dev-7", Set.of("tester"));
        node.devices().enrol("dev-new");
        watched.tick();
        assertEquals(2, recording.entriesRead, "only the two changes");
        assertEquals(Set.of("tester"), watched.devices().tags("dev-7"));
        assertEquals(Set.of("even"), watched.devices().tags("dev-8"));
    }

    @Test
    void adminTokensAreGivenAsHashesAndMatchedByName() {
        String ci = Secrets.newToken();
        String ops = Secrets.newToken();
        Voyager voyager = Voyager.inMemory().adminToken("ci", Secrets.hash(ci))
                .adminToken("ops@example.com", Secrets.hash(ops).toUpperCase(Locale.ROOT)).build();
        assertEquals(Optional.of(new Principal("ci", Principal.Role.ADMIN)),
                voyager.authenticator().authenticateAdmin(ci));
        assertEquals(Optional.of(new Principal("ops@example.com", Principal.Role.ADMIN)),
                voyager.authenticator().authenticateAdmin(ops), "upper-case hex is accepted");
        assertEquals(Optional.empty(), voyager.authenticator().authenticateAdmin(ci + "x"));
        assertEquals(Optional.empty(), voyager.authenticator().authenticateAdmin(Secrets.hash(ci)),
                "the hash itself is not the token");
        assertEquals(Optional.empty(), voyager.authenticator().authenticateDevice("ci", ci), "not a device");
    }

    @Test
    void adminTokenMistakesAreRefusedAtBuild() {
        String hash = Secrets.hash("token");
        InvalidInputException shortHash = assertThrows(InvalidInputException.class,
                () -> Voyager.inMemory().adminToken("ci", hash.substring(1)));
        assertTrue(shortHash.getMessage().contains("64 hex digits"), shortHash.getMessage());
        assertThrows(InvalidInputException.class, () -> Voyager.inMemory().adminToken("", hash));
        assertThrows(InvalidInputException.class, () -> Voyager.inMemory().adminToken("c i", hash));
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> Voyager.inMemory().adminToken("ci", hash).adminToken("ci", Secrets.hash("other")));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
        InvalidInputException both = assertThrows(InvalidInputException.class, () -> Voyager.inMemory()
                .adminToken("ci", hash).authenticator(new InMemoryAuthenticator()).build());
        assertTrue(both.getMessage().contains("authenticator(...)"), both.getMessage());
    }

    @Test
    void aHostAuthenticatorReplacesTheBuiltInOneAndTagsStillWork() {
        InMemoryAuthenticator host = new InMemoryAuthenticator();
        Voyager voyager = Voyager.inMemory().registry(registry).authenticator(host).build();
        String secret = host.enrolDevice("dev-1");
        DeviceCredential ignored = voyager.devices().enrol("dev-2");
        assertSame(host, voyager.authenticator());
        assertTrue(device(voyager, "dev-1", secret).isPresent());
        assertEquals(Optional.empty(), device(voyager, "dev-2", ignored.secret()), "the directory is not asked");
        voyager.devices().setTags("dev-1", Set.of("tester"));
        assertEquals(Set.of("tester"), voyager.devices().tags("dev-1"));
    }

    /** A registry whose directory records what the cache asks of it. */
    private static final class RecordingRegistry implements Registry {
        private final Registry delegate;
        final List<Long> queriedAfter = new ArrayList<>();
        int entriesRead;

        RecordingRegistry(Registry delegate) {
            this.delegate = delegate;
        }

        @Override
        public CatalogRegistry catalog() {
            return delegate.catalog();
        }

        @Override
        public FleetRegistry fleet() {
            return delegate.fleet();
        }

        @Override
        public OutboxStore outbox() {
            return delegate.outbox();
        }

        @Override
        public FleetStatistics statistics() {
            return delegate.statistics();
        }

        @Override
        public DirectoryStore directory() {
            DirectoryStore store = delegate.directory();
            return new DirectoryStore() {
                @Override
                public DirectoryEntry putCredential(String deviceId, String secretHash, Instant at) {
                    return store.putCredential(deviceId, secretHash, at);
                }

                @Override
                public boolean removeCredential(String deviceId, Instant at) {
                    return store.removeCredential(deviceId, at);
                }

                @Override
                public DirectoryEntry putTags(String deviceId, Set<String> tags, Instant at) {
                    return store.putTags(deviceId, tags, at);
                }

                @Override
                public Optional<DirectoryEntry> find(String deviceId) {
                    return store.find(deviceId);
                }

                @Override
                public List<DirectoryEntry> changedSince(long revision, int limit) {
                    List<DirectoryEntry> page = store.changedSince(revision, limit);
                    queriedAfter.add(revision);
                    entriesRead += page.size();
                    return page;
                }
            };
        }
    }
}
