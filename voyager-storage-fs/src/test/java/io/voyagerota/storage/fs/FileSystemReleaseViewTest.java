package io.voyagerota.storage.fs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Feature;
import com.google.common.jimfs.Jimfs;
import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testkit.Generated;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readable releases/ and production/ tree, on providers with and without hard and symbolic links. */
class FileSystemReleaseViewTest {
    private static final Version V1 = Version.parse("1.0.0");
    private static final Version V2 = Version.parse("1.1.0-rc.1+build.7");
    private static final ArtifactKey A1 = ArtifactKey.of("esp32s3/1.0.0/firmware.bin");
    private static final ArtifactKey A2 = ArtifactKey.of("esp32s3/1.1.0/firmware.bin");

    /** Where the view lives: what links the provider offers decides how firmware.bin and production are made. */
    enum Setup {
        DISK(true, true), JIMFS_UNIX(true, true), JIMFS_WINDOWS(true, true),
        JIMFS_HARD_LINKS_ONLY(true, false), JIMFS_NO_LINKS(false, false);

        final boolean hardLinks;
        final boolean symbolicLinks;

        Setup(boolean hardLinks, boolean symbolicLinks) {
            this.hardLinks = hardLinks;
            this.symbolicLinks = symbolicLinks;
        }
    }

    @TempDir
    Path disk;
    private final List<FileSystem> opened = new ArrayList<>();
    private FileSystemArtifactStorage storage;
    private FileSystemReleaseView view;

    private void open(Setup setup) throws IOException {
        Path base = switch (setup) {
            case DISK -> disk;
            case JIMFS_UNIX -> jimfs(Configuration.unix()).getPath("/srv");
            case JIMFS_WINDOWS -> jimfs(Configuration.windows()).getPath("C:\\srv");
            case JIMFS_HARD_LINKS_ONLY -> jimfs(Configuration.unix().toBuilder()
                    .setSupportedFeatures(Feature.LINKS, Feature.FILE_CHANNEL).build()).getPath("/srv");
            case JIMFS_NO_LINKS -> jimfs(Configuration.unix().toBuilder()
                    .setSupportedFeatures(Feature.FILE_CHANNEL).build()).getPath("/srv");
        };
        storage = FileSystemArtifactStorage.builder(base.resolve("artifacts")).build();
        view = FileSystemReleaseView.create(base.resolve("ota"), storage);
        storage.put(A1, new Generated(1, 200_000), Long.MAX_VALUE);
        storage.put(A2, new Generated(2, 300_000), Long.MAX_VALUE);
    }

    private FileSystem jimfs(Configuration configuration) {
        FileSystem fs = Jimfs.newFileSystem(configuration);
        opened.add(fs);
        return fs;
    }

    @AfterEach
    void close() throws IOException {
        for (FileSystem fs : opened) {
            fs.close();
        }
    }

    private Path ota(String relative) {
        Path path = view.root();
        for (String name : relative.split("/")) {
            path = path.resolve(name);
        }
        return path;
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void publishLaysOutTheReleaseDirectory(Setup setup) throws IOException {
        open(setup);
        assertTrue(view.publish("esp32s3", V1, A1, Map.of("changelog", "Fixes \"door\" sensor\n", "chip", "esp32s3")));

        Path release = ota("esp32s3/releases/v1.0.0");
        assertArrayEquals(Generated.bytes(1, 200_000), Files.readAllBytes(release.resolve("firmware.bin")));
        assertEquals(setup.hardLinks, Files.isSameFile(release.resolve("firmware.bin"), storage.liveData(A1)
                .orElseThrow()), "a hard link where the provider has them, else a copy");
        assertEquals("1.0.0\n", Files.readString(release.resolve("version.txt")));
        StoredArtifact artifact = storage.stat(A1).orElseThrow();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("product", "esp32s3");
        expected.put("version", "1.0.0");
        expected.put("key", A1.value());
        expected.put("size", "200000");
        expected.put("sha256", artifact.sha256());
        expected.put("storedAt", artifact.storedAt().toString());
        expected.put("metadata", Map.of("changelog", "Fixes \"door\" sensor\n", "chip", "esp32s3"));
        assertEquals(expected, parse(Files.readString(release.resolve("metadata.json"))));
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(ota(".tmp")));
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void publishIsIdempotentAndNeverRewritesARelease(Setup setup) throws IOException {
        open(setup);
        assertTrue(view.publish("esp32s3", V1, A1, Map.of("chip", "esp32s3")));
        assertFalse(view.publish("esp32s3", V1, A1, Map.of("chip", "esp32s3")), "a retried publish");
        assertThrows(ConflictException.class, () -> view.publish("esp32s3", V1, A2, Map.of("chip", "esp32s3")));
        assertThrows(ConflictException.class, () -> view.publish("esp32s3", V1, A1, Map.of("chip", "esp32")));
        assertArrayEquals(Generated.bytes(1, 200_000), Files.readAllBytes(ota("esp32s3/releases/v1.0.0/firmware.bin")));

        assertThrows(NotFoundException.class, () -> view.publish("esp32s3", V2, ArtifactKey.of("missing"), Map.of()));
        storage.delete(A2);
        assertThrows(NotFoundException.class, () -> view.publish("esp32s3", V2, A2, Map.of()));
        assertFalse(Files.exists(ota("esp32s3/releases/" + "v" + V2)));
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void promoteReplacesProductionAndIsIdempotent(Setup setup) throws IOException {
        open(setup);
        view.publish("esp32s3", V1, A1, Map.of());
        view.publish("esp32s3", V2, A2, Map.of());
        assertEquals(Optional.empty(), view.production("esp32s3"));

        assertTrue(view.promote("esp32s3", V1));
        assertFalse(view.promote("esp32s3", V1), "a retried promote");
        assertEquals(Optional.of(V1), view.production("esp32s3"));
        assertArrayEquals(Generated.bytes(1, 200_000), Files.readAllBytes(ota("esp32s3/production/firmware.bin")));
        assertEquals(setup.symbolicLinks, Files.isSymbolicLink(ota("esp32s3/production")));

        assertTrue(view.promote("esp32s3", V2));
        assertEquals(V2 + "\n", Files.readString(ota("esp32s3/production/version.txt")));
        assertArrayEquals(Generated.bytes(2, 300_000), Files.readAllBytes(ota("esp32s3/production/firmware.bin")));
        assertEquals(Files.readString(ota("esp32s3/releases/v" + V2 + "/metadata.json")),
                Files.readString(ota("esp32s3/production/metadata.json")));
        assertTrue(view.promote("esp32s3", V1), "back to the older release");
        assertEquals(Optional.of(V1), view.production("esp32s3"));

        assertThrows(NotFoundException.class, () -> view.promote("esp32s3", Version.parse("9.9.9")));
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(ota(".tmp")), "no leftovers");
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void removeIsIdempotentAndRefusesTheProductionRelease(Setup setup) throws IOException {
        open(setup);
        view.publish("esp32s3", V1, A1, Map.of());
        view.promote("esp32s3", V1);
        assertThrows(ConflictException.class, () -> view.remove("esp32s3", V1));
        assertTrue(view.clearProduction("esp32s3"));
        assertFalse(view.clearProduction("esp32s3"));
        assertEquals(Optional.empty(), view.production("esp32s3"));
        assertTrue(view.remove("esp32s3", V1));
        assertFalse(view.remove("esp32s3", V1));
        assertFalse(Files.exists(ota("esp32s3/releases/v1.0.0")));
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void publishedFirmwareOutlivesTheStoredArtifact(Setup setup) throws IOException {
        open(setup);
        view.publish("esp32s3", V1, A1, Map.of());
        storage.delete(A1);
        storage.purge(A1);
        assertEquals(Generated.sha256(1, 200_000), FileSystemArtifactStorageTest.sha256(
                ota("esp32s3/releases/v1.0.0/firmware.bin")));
    }

    @Test
    @Timeout(60)
    void readersAlwaysFindOneWholeProductionWhileItIsSwapped() throws Exception {
        open(Setup.DISK);
        view.publish("esp32s3", V1, A1, Map.of());
        view.publish("esp32s3", V2, A2, Map.of());
        view.promote("esp32s3", V1);
        Path production = ota("esp32s3/production");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger consistentReads = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    Path release = production.toRealPath(); // what a reader pins before reading several files
                    String version = Files.readString(release.resolve("version.txt")).strip();
                    long size = Files.size(release.resolve("firmware.bin"));
                    assertEquals(version.equals("1.0.0") ? 200_000 : 300_000, size, version);
                    consistentReads.incrementAndGet();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            view.promote("esp32s3", i % 2 == 0 ? V2 : V1);
        }
        done.set(true);
        reader.join();
        assertEquals(List.of(), failures);
        assertTrue(consistentReads.get() > 0);
    }

    @Test
    void aCrashBetweenTheTwoRenamesOfADirectorySwapIsRecovered() throws IOException {
        FaultyFileSystem faulty = new FaultyFileSystem(jimfs(Configuration.unix().toBuilder()
                .setSupportedFeatures(Feature.LINKS, Feature.FILE_CHANNEL).build()));
        storage = FileSystemArtifactStorage.builder(faulty.getPath("/artifacts")).build();
        view = FileSystemReleaseView.create(faulty.getPath("/ota"), storage);
        storage.put(A1, new Generated(1, 1000), Long.MAX_VALUE);
        storage.put(A2, new Generated(2, 2000), Long.MAX_VALUE);
        view.publish("esp32s3", V1, A1, Map.of());
        view.publish("esp32s3", V2, A2, Map.of());
        view.promote("esp32s3", V1);

        faulty.failMove = (source, target) -> target.getFileName().toString().equals("production")
                && source.getFileName().toString().startsWith("next-");
        assertThrows(IOException.class, () -> view.promote("esp32s3", V2));
        assertEquals(Optional.of(V1), view.production("esp32s3"), "a failed swap is undone at once");

        // Failing the undo as well leaves the state a crash between the two renames leaves.
        faulty.failMove = (source, target) -> target.getFileName().toString().equals("production");
        assertThrows(IOException.class, () -> view.promote("esp32s3", V2));
        assertFalse(Files.exists(ota("esp32s3/production")), "production set aside, as by a crash");

        faulty.failMove = (source, target) -> false;
        assertEquals(1, view.recover().size());
        assertEquals(Optional.of(V1), view.production("esp32s3"), "the previous production is back");
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(ota(".tmp")));
        assertTrue(view.promote("esp32s3", V2));
        assertEquals(Optional.of(V2), view.production("esp32s3"));
    }

    @Test
    void recoverRemovesHalfBuiltReleases() throws IOException {
        open(Setup.JIMFS_UNIX);
        Path build = Files.createDirectories(ota(".tmp/build-crashed"));
        Files.writeString(build.resolve("version.txt"), "1.0.0\n");
        assertEquals(List.of(build), view.recover());
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(ota(".tmp")));
        assertTrue(view.publish("esp32s3", V1, A1, Map.of()), "the interrupted publish can run again");
    }

    @Test
    void badProductIdsAndMetadataAreRefused() throws IOException {
        open(Setup.JIMFS_UNIX);
        for (String product : List.of("../etc", "", "Esp32", ".tmp", "a/b", "a\\b", "esp32s3/..")) {
            assertThrows(InvalidInputException.class, () -> view.publish(product, V1, A1, Map.of()), product);
            assertThrows(InvalidInputException.class, () -> view.promote(product, V1), product);
        }
        assertThrows(InvalidInputException.class, () -> FileSystemReleaseView.create(storage.root(), storage));
        assertThrows(InvalidInputException.class,
                () -> FileSystemReleaseView.create(storage.root().resolve("objects"), storage));
        assertThrows(InvalidInputException.class,
                () -> FileSystemReleaseView.create(storage.root().getParent(), storage));
        assertThrows(InvalidInputException.class, () -> view.publish("esp32s3", V1, A1,
                Map.of("changelog", "x".repeat(1024 * 1024))));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("chip", null);
        assertThrows(InvalidInputException.class, () -> view.publish("esp32s3", V1, A1, withNull));
        assertFalse(Files.exists(ota("esp32s3")));
    }

    /** Top-level fields as text, nested objects as maps. */
    private static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            return object(p);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            fields.put(name, p.nextToken() == JsonToken.START_OBJECT ? object(p) : p.getValueAsString());
        }
        return fields;
    }
}
