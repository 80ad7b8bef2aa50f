package io.voyagerota.storage.fs;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testing.StallingStream;
import io.voyagerota.testkit.Generated;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security suite row 13: a process killed with SIGKILL while it writes an artifact through the filesystem storage
 * (a child JVM whose upload stream stops halfway, so the kill lands mid-write every time) leaves nothing visible.
 * A fresh storage on the same directory shows no artifact and no stray file under {@code objects/}, ignores the
 * partial upload while it is young (another writer's may be in flight), removes it once stale or at a single
 * writer's start, and the key is free again. {@link CrashTest} kills at random moments, many times over.
 */
@Tag("security")
class KillMidWriteTest {
    private static final ArtifactKey KEY = ArtifactKey.of("products/locker/releases/2.0.0/firmware.bin");
    private static final long SIZE = 4L << 20;
    private static final long STALL_AT = 1536L * 1024;
    private static final long SEED = 13;

    /** The child: puts {@link #SIZE} bytes whose stream stalls for good at {@link #STALL_AT}. Argument: the root. */
    public static void main(String[] args) throws Exception {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(Path.of(args[0])).build();
        storage.put(KEY, new StallingStream(new Generated(SEED, SIZE), STALL_AT), Long.MAX_VALUE);
        System.out.println("the put ended, which it must not");
    }

    @Test
    @Timeout(60)
    void aKillMidWriteLeavesNothingVisibleAndTheLeftoverIsIgnoredThenRemoved(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("artifacts");
        killMidWrite(root);

        List<Path> leftovers = FileSystemArtifactStorageTest.entries(root.resolve("tmp"));
        assertEquals(1, leftovers.size(), "the killed put's temporary directory: " + leftovers);
        Path partial = leftovers.get(0).resolve("data");
        assertEquals(STALL_AT, Files.size(partial), "killed mid-write: exactly the bytes before the stall");
        assertFalse(Files.exists(leftovers.get(0).resolve(MetaFile.NAME)), "never got as far as its metadata");
        assertEquals(List.of(), files(root.resolve("objects")), "nothing under objects/");

        MutableClock clock = MutableClock.at(Instant.now());
        FileSystemArtifactStorage fresh = FileSystemArtifactStorage.builder(root).clock(clock).build();
        assertTrue(fresh.stat(KEY).isEmpty(), "a fresh storage sees no artifact");
        assertEquals(List.of(), fresh.recover(), "a young leftover may be another writer's upload: kept");
        assertTrue(Files.exists(partial));
        assertTrue(fresh.stat(KEY).isEmpty(), "and it stays invisible");

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertEquals(leftovers, fresh.recover(), "once stale, it is removed");
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("tmp")));

        assertEquals(SIZE, fresh.put(KEY, new Generated(SEED, SIZE), Long.MAX_VALUE).size(), "the key is free");
        assertEquals(Generated.sha256(SEED, SIZE), fresh.stat(KEY).orElseThrow().sha256());
    }

    @Test
    @Timeout(60)
    void aSingleWritersStartRemovesTheLeftoverAtOnce(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("artifacts");
        killMidWrite(root);
        List<Path> leftovers = FileSystemArtifactStorageTest.entries(root.resolve("tmp"));
        assertEquals(1, leftovers.size());

        FileSystemArtifactStorage fresh = FileSystemArtifactStorage.builder(root).build();
        assertEquals(leftovers, fresh.recover(Duration.ZERO), "what voyager serve does at start");
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("tmp")));
        assertEquals(List.of(), files(root.resolve("objects")));
        assertTrue(fresh.stat(KEY).isEmpty());
    }

    private static void killMidWrite(Path root) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), KillMidWriteTest.class.getName(),
                root.toString()).redirectErrorStream(true).start();
        StringBuilder said = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                said.append(line).append('\n');
                if (line.equals(StallingStream.STALLED)) {
                    break;
                }
            }
            assertTrue(said.toString().endsWith("stalled\n"), "the child never stalled mid-write: " + said);
        } finally {
            child.destroyForcibly(); // SIGKILL: no finally block of the put runs, nothing is cleaned up
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
    }

    /** Every regular file below {@code dir}. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
