package io.voyagerota.artifact.bundle;

import static io.voyagerota.artifact.bundle.LittleFsInspector.MAGIC;
import static io.voyagerota.artifact.bundle.LittleFsInspector.SIZE;
import static io.voyagerota.artifact.bundle.LittleFsInspector.SUPERBLOCK;
import static io.voyagerota.artifact.bundle.LittleFsInspector.SUPERBLOCK_CRC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.Feeding;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.testing.images.LittleFsImageBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LittleFsInspectorTest {
    static LittleFsReport inspect(GeneratedFile file) {
        LittleFsInspector inspector = new LittleFsInspector(64L << 20);
        Feeding.inChunks(file, 1000, inspector::update);
        return inspector.finish();
    }

    static void assertRejected(LittleFsReport report, String name, String... fragments) {
        assertEquals(Verdict.REJECTED, report.verdict(), () -> "checks: " + report.checks());
        Check failure = report.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
        assertEquals(name, failure.name(), () -> "checks: " + report.checks());
        for (String fragment : fragments) {
            assertTrue(failure.message().contains(fragment), () -> "\"" + fragment + "\" not in: " + failure);
        }
    }

    @Test
    void aFormattedImageIsAcceptedWithItsSuperblock() {
        GeneratedFile file = new LittleFsImageBuilder().blockSize(4096).blockCount(32).revision(7).build();
        LittleFsReport report = inspect(file);
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        Superblock superblock = report.superblock().orElseThrow();
        assertEquals(2, superblock.majorVersion());
        assertEquals(1, superblock.minorVersion());
        assertEquals(4096, superblock.blockSize());
        assertEquals(32, superblock.blockCount());
        assertEquals(7, superblock.revision());
        assertEquals(file.size(), report.size());
        assertEquals(file.sha256(), report.sha256());
        assertEquals(List.of(MAGIC, SUPERBLOCK, SUPERBLOCK_CRC, SIZE),
                report.checks().stream().map(Check::name).toList());
    }

    @Test
    void filesInTheRootCommitAreWalkedToTheCommitCrc() {
        LittleFsReport report = inspect(new LittleFsImageBuilder().blockSize(512).blockCount(64)
                .file("index.html", "<html>hello</html>".getBytes()).file("app.js", "console.log(1)".getBytes())
                .build());
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
    }

    @Test
    void anyChunkingGivesTheSameReport() {
        PropertySeed.check("littlefs chunkings", 40, random -> {
            int blockSize = 128 << random.nextInt(6);
            LittleFsImageBuilder builder = new LittleFsImageBuilder().blockSize(blockSize)
                    .blockCount(2 + random.nextInt(30)).revision(random.nextInt(1000)).progSize(1 << random.nextInt(5));
            for (int i = random.nextInt(4); i > 0 && blockSize >= 512; i--) {
                builder.file("f" + random.nextInt(100), new byte[random.nextInt(40)]);
            }
            GeneratedFile file = builder.build();
            LittleFsReport whole = inspect(file);
            assertTrue(whole.accepted(), () -> "checks: " + whole.checks());
            LittleFsInspector bytewise = new LittleFsInspector(64L << 20);
            Feeding.inChunks(file, 1, bytewise::update);
            assertEquals(whole, bytewise.finish());
            LittleFsInspector randomly = new LittleFsInspector(64L << 20);
            Feeding.randomChunks(file, random, 300, randomly::update);
            assertEquals(whole, randomly.finish());
        });
    }

    @Test
    void somethingElseIsNamedByWhatItLooksLike() {
        assertRejected(inspect(new Esp32ImageBuilder().build().file()), MAGIC, "not a LittleFS image",
                "offset 8", "ESP image");
        assertRejected(inspect(new LittleFsImageBuilder().magic("littlefz").build()), MAGIC, "not a LittleFS");
        assertRejected(inspect(GeneratedFile.ofBytes(new byte[5])), MAGIC, "zeros");
    }

    @Test
    void aCorruptCommitCrcIsRejected() {
        assertRejected(inspect(new LittleFsImageBuilder().corruptCrc().build()), SUPERBLOCK_CRC, "first commit",
                "corrupt");
    }

    @Test
    void anAlteredSuperblockFailsTheCrc() {
        GeneratedFile file = new LittleFsImageBuilder().build();
        assertRejected(inspect(file.withByte(29, file.byteAt(29) ^ 0x01)), SUPERBLOCK_CRC, "CRC-32");
    }

    @Test
    void anUnsupportedVersionOrGeometryIsRejected() {
        assertRejected(inspect(new LittleFsImageBuilder().version(0x0001_0000L).build()), SUPERBLOCK, "v1.0",
                "version 2");
        assertRejected(inspect(new LittleFsImageBuilder().blockSize(64).blockCount(8).build()), SUPERBLOCK,
                "64 bytes", "at least 128");
    }

    @Test
    void theImageMustBeExactlyBlockSizeTimesBlockCount() {
        GeneratedFile file = new LittleFsImageBuilder().blockCount(8).build();
        assertRejected(inspect(file.truncatedAt(20_000)), SIZE, "ends at offset 20000", "32768 bytes", "truncated");
        assertRejected(inspect(file.append(new byte[3])), SIZE, "offset 32768", "remove the extra bytes");
        assertRejected(inspect(new LittleFsImageBuilder().blockCount(8).declaredBlockCount(9).build()), SIZE,
                "ends at offset 32768", "36864 bytes");
        LittleFsInspector known = LittleFsInspector.ofSize(file.size() - 4096);
        Feeding.inChunks(file, 4096, known::update);
        assertRejected(known.finish(), SIZE, "8 blocks of 4096 bytes (32768 bytes)", "image is 28672 bytes");
        assertRejected(inspect(file.truncatedAt(40)), SIZE, "inside the first commit");
    }
}
