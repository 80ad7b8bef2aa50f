package io.voyagerota.storage.fs;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testkit.Generated;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process {@link CrashTest} kills: uploads artifacts in a loop, now and then purging an older one, and reports
 * each step on stdout before and after it happens. A key names its content: {@code g{run}/{n}-{size}-{seed}}.
 *
 * <p>Arguments: storage root, run number, seed, journal file. Every line goes to the journal file, written
 * unbuffered before the step it announces (a SIGKILL loses no write the kernel has taken), and to stdout, where the
 * test only waits for {@code ready}: reading what a killed process wrote to a pipe is not reliable enough for an
 * assertion.
 */
public final class CrashChild {
    private CrashChild() {
    }

    private static FileOutputStream journal;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        journal = new FileOutputStream(args[3], true);
        int run = Integer.parseInt(args[1]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        say("ready");
        List<ArtifactKey> stored = new ArrayList<>();
        for (int n = 0; ; n++) {
            // Log-uniform from 16 KiB to 8 MiB: many small puts put kills near renames and fsyncs too.
            long size = (1L << random.nextInt(14, 23)) + random.nextLong(1 << 14);
            long seed = random.nextLong(1, Long.MAX_VALUE);
            ArtifactKey key = ArtifactKey.of("g" + run + "/" + n + "-" + size + "-" + seed);
            say("start " + key);
            storage.put(key, new Generated(seed, size), Long.MAX_VALUE);
            say("done " + key);
            stored.add(key);
            if (n % 3 == 2) {
                ArtifactKey victim = stored.remove(random.nextInt(stored.size()));
                say("purge " + victim);
                storage.purge(victim);
                say("purged " + victim);
            }
        }
    }

    private static void say(String line) throws IOException {
        journal.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println(line);
        System.out.flush();
    }
}
