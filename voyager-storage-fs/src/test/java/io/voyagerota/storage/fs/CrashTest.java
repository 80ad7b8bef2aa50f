package io.voyagerota.storage.fs;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testkit.Generated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a process with SIGKILL ({@link Process#destroyForcibly()} on Linux) at seeded random moments while it uploads
 * and purges, then opens the same directory with a new storage: every visible artifact is whole, every acknowledged
 * one is there, and {@code recover()} removes exactly the leftovers.
 */
class CrashTest {
    private static final int KILLS = 24;

    @Test
    @Timeout(180)
    void killsDuringUploadsLeaveOnlyWholeArtifactsAndLeftoversThatRecoverRemoves(@TempDir Path dir) throws Exception {
        SplittableRandom random = PropertySeed.random("crash test: kill -9 during uploads");
        String hint = PropertySeed.rerunHint();
        Path root = dir.resolve("artifacts");
        long began = System.nanoTime();
        Map<ArtifactKey, StoredArtifact> verified = new HashMap<>();
        Set<ArtifactKey> acknowledged = new HashSet<>();
        Set<ArtifactKey> purging = new HashSet<>();
        int interrupted = 0;
        int purgesInterrupted = 0;
        int leftoversRemoved = 0;
        long bytesVerified = 0;

        for (int run = 1; run <= KILLS; run++) {
            long delayMillis = random.nextLong(20, 1200);
            List<String> lines = runAndKill(root, run, random.nextLong(), delayMillis, dir.resolve("child.log"));
            Set<String> startedNotDone = new HashSet<>();
            for (String line : lines) {
                String[] parts = line.split(" ", 2);
                switch (parts[0]) {
                    case "start" -> startedNotDone.add(parts[1]);
                    case "done" -> {
                        startedNotDone.remove(parts[1]);
                        acknowledged.add(ArtifactKey.of(parts[1]));
                    }
                    case "purge" -> {
                        purging.add(ArtifactKey.of(parts[1]));
                        purgesInterrupted++;
                    }
                    case "purged" -> purgesInterrupted--;
                    default -> { }
                }
            }
            interrupted += startedNotDone.size();
            System.out.printf("crash run %d: SIGKILL %d ms after ready, %d lines, interrupted %s%n", run, delayMillis,
                    lines.size(), startedNotDone);

            FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
            List<Path> leftovers = FileSystemArtifactStorageTest.entries(root.resolve("tmp"));
            Set<ArtifactKey> visible = visibleKeys(root.resolve("objects"), hint);
            for (ArtifactKey key : visible) {
                StoredArtifact stat = storage.stat(key).orElseThrow(() -> new AssertionError(key + " " + hint));
                StoredArtifact before = verified.get(key);
                if (before != null) {
                    assertEquals(before, stat, key + " changed after a later crash; " + hint);
                    continue;
                }
                String[] name = key.value().substring(key.value().indexOf('/') + 1).split("-");
                long size = Long.parseLong(name[1]);
                String sha = Generated.sha256(Long.parseLong(name[2]), size);
                assertEquals(size, stat.size(), key + " size; " + hint);
                assertEquals(sha, stat.sha256(), key + " recorded hash; " + hint);
                assertEquals(sha, sha256(storage, key, size), key + " bytes on disk; " + hint);
                verified.put(key, stat);
                bytesVerified += size;
            }
            for (ArtifactKey key : acknowledged) {
                if (!purging.contains(key)) {
                    assertTrue(visible.contains(key), "acknowledged " + key + " was lost; " + hint);
                }
            }
            assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("trash")));

            List<Path> removed = storage.recover(Duration.ZERO);
            assertEquals(sorted(leftovers), sorted(removed), "recover removes exactly the leftovers; " + hint);
            assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("tmp")));
            leftoversRemoved += removed.size();
        }

        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        System.out.printf("crash test: %d kills, %d artifacts verified whole (%d MiB), %d acknowledged,"
                        + " %d uploads and %d purges interrupted, %d leftovers removed by recover(), %d s; %s%n", KILLS,
                verified.size(), bytesVerified >> 20, acknowledged.size(), interrupted, purgesInterrupted,
                leftoversRemoved, seconds, hint);
        assertTrue(interrupted > 0, "no kill landed during an upload, so nothing was tested; " + hint);
        assertFalse(verified.isEmpty(), "no upload ever completed; " + hint);
    }

    /** Starts the child, waits until it is ready, kills it after {@code delayMillis}, and returns what it said. */
    private static List<String> runAndKill(Path root, int run, long seed, long delayMillis, Path log)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path journal = log.resolveSibling("journal-" + run + ".txt");
        Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), root.toString(), Integer.toString(run), Long.toString(seed),
                journal.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException endOfChild) {
                // the pipe breaks when the child is killed
            }
        });
        reader.start();
        try {
            assertTrue(ready.await(60, TimeUnit.SECONDS), "child never became ready; see " + log + ": "
                    + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(delayMillis);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        // A line cut short by the kill is not a statement the child finished making.
        String written = Files.readString(journal, StandardCharsets.UTF_8);
        return List.of(written.substring(0, written.lastIndexOf('\n') + 1).split("\n"));
    }

    /** Keys of every artifact directory under objects/, asserting that nothing else is there. */
    private static Set<ArtifactKey> visibleKeys(Path objects, String hint) throws IOException {
        Set<ArtifactKey> keys = new HashSet<>();
        try (Stream<Path> all = Files.walk(objects)) {
            for (Path path : all.toList()) {
                String name = path.getFileName().toString();
                if (Files.isDirectory(path) && name.endsWith("@")) {
                    String relative = objects.relativize(path).toString();
                    keys.add(ArtifactKey.of(relative.substring(0, relative.length() - 1)));
                    try (Stream<Path> inside = Files.list(path)) {
                        assertEquals(Set.of("data", "meta.json"), inside.map(p -> p.getFileName().toString())
                                .collect(Collectors.toSet()), path + " is whole; " + hint);
                    }
                } else if (!Files.isDirectory(path)) {
                    assertTrue(path.getParent().getFileName().toString().endsWith("@"),
                            "stray file " + path + "; " + hint);
                }
            }
        }
        return keys;
    }

    private static String sha256(FileSystemArtifactStorage storage, ArtifactKey key, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = storage.open(key, 0, size)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static List<Path> sorted(List<Path> paths) {
        return paths.stream().sorted().toList();
    }
}
