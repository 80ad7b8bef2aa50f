package io.voyagerota.storage.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.voyagerota.InvalidInputException;
import io.voyagerota.spi.ArtifactKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No name reaches outside the root, and no link planted below it is followed, on disk and on Jimfs. */
class PathSafetyTest {
    private static final FileSystem JIMFS = Jimfs.newFileSystem(Configuration.unix());
    @TempDir
    static Path disk;

    /** A fresh directory on each file system under test. */
    static Stream<Function<String, Path>> places() {
        return Stream.of(name -> JIMFS.getPath("/jimfs-" + name), name -> disk.resolve(name));
    }

    @AfterAll
    static void closeJimfs() throws IOException {
        JIMFS.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../b", "/etc/passwd", "a//b", "a\\b", "C:/x", "C:x", ".", "..", "a/./b",
            "a/..", ".hidden", "a/", "", "a b", "a\u0000b", "~/x", "a/b:c", "%2e%2e/x"})
    void namesThatCouldEscapeAreNotKeys(String name) {
        assertThrows(InvalidInputException.class, () -> ArtifactKey.of(name));
    }

    @ParameterizedTest
    @MethodSource("places")
    void oddButValidKeysStayUnderObjects(Function<String, Path> place) throws IOException {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(place.apply("odd")).build();
        List<String> names = List.of("a..", "a...b", "-", "_/-..", "x/y.", "CON", "nul/aux.txt", "a/b/c/d/e/f/g/h");
        for (String name : names) {
            storage.put(ArtifactKey.of(name), new ByteArrayInputStream(name.getBytes()), 100);
        }
        Path objects = storage.root().resolve("objects");
        try (Stream<Path> all = Files.walk(storage.root())) {
            List<Path> data = all.filter(p -> p.getFileName().toString().equals("data")).toList();
            assertEquals(names.size(), data.size());
            assertTrue(data.stream().allMatch(p -> p.normalize().startsWith(objects)), data.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("places")
    void aLinkPlantedInObjectsIsNeverFollowed(Function<String, Path> place) throws IOException {
        Path outside = Files.createDirectories(place.apply("outside-1"));
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(place.apply("planted-1")).build();
        Files.createSymbolicLink(storage.root().resolve("objects/evil"), outside);
        ArtifactKey key = ArtifactKey.of("evil/payload.bin");

        assertThrows(StorageLayoutException.class,
                () -> storage.put(key, new ByteArrayInputStream(new byte[100]), 1000));
        assertThrows(StorageLayoutException.class, () -> storage.stat(key));
        assertThrows(StorageLayoutException.class, () -> storage.open(key, 0, 0));
        assertThrows(StorageLayoutException.class, () -> storage.openChannel(key));
        assertThrows(StorageLayoutException.class, () -> storage.delete(key));
        assertThrows(StorageLayoutException.class, () -> storage.purge(key));
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(outside), "nothing was written outside");
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(storage.root().resolve("tmp")));
    }

    @ParameterizedTest
    @MethodSource("places")
    void aLinkedArtifactDirectoryOrFileIsRefusedAndLeftAlone(Function<String, Path> place) throws IOException {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(place.apply("planted-2")).build();
        ArtifactKey real = ArtifactKey.of("real.bin");
        storage.put(real, new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        Path outside = Files.createDirectories(place.apply("outside-2"));
        Path secret = Files.write(outside.resolve("data"), new byte[] {42});
        Files.copy(storage.root().resolve("objects/real.bin@/meta.json"), outside.resolve("meta.json"));

        Files.createSymbolicLink(storage.root().resolve("objects/linked.bin@"), outside);
        ArtifactKey linked = ArtifactKey.of("linked.bin");
        assertThrows(StorageLayoutException.class, () -> storage.stat(linked));
        assertThrows(StorageLayoutException.class, () -> storage.open(linked, 0, 1));
        assertThrows(StorageLayoutException.class, () -> storage.delete(linked));
        assertThrows(StorageLayoutException.class, () -> storage.purge(linked));
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(secret), "purge did not delete through the link");

        Path data = storage.root().resolve("objects/real.bin@/data");
        Files.delete(data);
        Files.createSymbolicLink(data, secret);
        assertThrows(StorageLayoutException.class, () -> storage.open(real, 0, 1));
        Path meta = storage.root().resolve("objects/real.bin@/meta.json");
        Files.delete(meta);
        Files.createSymbolicLink(meta, outside.resolve("meta.json"));
        assertThrows(StorageLayoutException.class, () -> storage.stat(real));
    }

    @ParameterizedTest
    @MethodSource("places")
    void aLinkedTrashOrTmpIsRefused(Function<String, Path> place) throws IOException {
        Path root = place.apply("planted-3");
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        ArtifactKey key = ArtifactKey.of("x/y.bin");
        storage.put(key, new ByteArrayInputStream(new byte[10]), 10);
        Path outside = Files.createDirectories(place.apply("outside-3"));
        Files.createSymbolicLink(root.resolve("trash/x"), outside);
        assertThrows(StorageLayoutException.class, () -> storage.delete(key));
        assertTrue(storage.stat(key).isPresent(), "still live after the refused delete");

        Files.delete(root.resolve("tmp"));
        Files.createSymbolicLink(root.resolve("tmp"), outside);
        assertThrows(StorageLayoutException.class,
                () -> storage.put(ArtifactKey.of("z"), new ByteArrayInputStream(new byte[1]), 1));
        assertThrows(StorageLayoutException.class, () -> FileSystemArtifactStorage.builder(root).build());
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(outside));
    }

    @ParameterizedTest
    @MethodSource("places")
    void aLinkedRootIsFineBecauseItIsResolvedOnce(Function<String, Path> place) throws IOException {
        Path real = Files.createDirectories(place.apply("volume"));
        Path link = Files.createSymbolicLink(place.apply("root-link"), real);
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(link).build();
        assertEquals(real.toRealPath(), storage.root());
        storage.put(ArtifactKey.of("a"), new ByteArrayInputStream(new byte[] {7}), 1);
        assertTrue(Files.exists(real.resolve("objects/a@/data")));
    }

    @ParameterizedTest
    @MethodSource("places")
    void foreignFilesWhereDirectoriesBelongAreRefused(Function<String, Path> place) throws IOException {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(place.apply("foreign")).build();
        Files.writeString(storage.root().resolve("objects/locker"), "someone's notes");
        assertThrows(StorageLayoutException.class, () -> storage.put(ArtifactKey.of("locker/1.0.0/fw.bin"),
                new ByteArrayInputStream(new byte[1]), 1));
        assertThrows(StorageLayoutException.class, () -> storage.stat(ArtifactKey.of("locker/1.0.0/fw.bin")));
    }
}
