package io.voyagerota.artifact.esp32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voyagerota.artifact.ArtifactInspector;
import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.Feeding;
import io.voyagerota.testing.images.GeneratedFile;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Streaming: any chunking gives the same report, memory stays flat, and no length field makes it wait or allocate. */
class Esp32ImageStreamingTest {
    private static final long LIMIT = 16L << 20;

    /** A random valid image: any chip, descriptor, 1 to 8 segments, with or without hash and signature sector. */
    static Esp32ImageBuilder randomImage(SplittableRandom random) {
        Chip[] chips = Chip.values();
        int segments = 1 + random.nextInt(8);
        long[] lengths = new long[segments];
        lengths[0] = 256 + 4L * random.nextInt(600);
        for (int i = 1; i < segments; i++) {
            lengths[i] = 4L * random.nextInt(1500);
        }
        Esp32ImageBuilder builder = new Esp32ImageBuilder().chip(chips[random.nextInt(chips.length)])
                .version(random.nextInt(4) == 0 ? "" : random.nextInt(20) + "." + random.nextInt(100) + ".0")
                .projectName(random.nextBoolean() ? "" : "project-" + random.nextInt(1000))
                .secureVersion(random.nextInt(3)).segments(lengths).hashAppended(random.nextBoolean())
                .seed(random.nextLong());
        switch (random.nextInt(4)) {
            case 0 -> builder.secureBootSigned(true);
            case 1 -> builder.secureBootSigned(false);
            default -> { }
        }
        return builder;
    }

    /** A random way to break an image, one of the builder's broken options. */
    static GeneratedFile randomBrokenImage(SplittableRandom random) {
        Esp32ImageBuilder builder = randomImage(random);
        Esp32ImageBuilder.Image valid = builder.build();
        return switch (random.nextInt(9)) {
            case 0 -> builder.badMagic(random.nextInt(0xE9)).build().file();
            case 1 -> builder.bootloaderLike().build().file();
            case 2 -> builder.flipChecksum().build().file();
            case 3 -> builder.hashAppended(true).flipHash().build().file();
            case 4 -> builder.tooManySegments().build().file();
            case 5 -> builder.absurdSegmentLength(0, 0x7fff_fff0L).build().file();
            case 6 -> builder.trailingGarbage(1 + random.nextInt(100)).build().file();
            case 7 -> valid.file().truncatedAt(random.nextLong(valid.file().size()));
            default -> Esp32ImageBuilder.esp8266(random.nextLong());
        };
    }

    static Esp32ImageReport feed(GeneratedFile file, int chunk) {
        Esp32ImageInspector inspector = new Esp32ImageInspector(LIMIT);
        Feeding.inChunks(file, chunk, inspector::update);
        return inspector.finish();
    }

    static Esp32ImageReport feedRandomly(GeneratedFile file, SplittableRandom random) {
        Esp32ImageInspector inspector = new Esp32ImageInspector(LIMIT);
        Feeding.randomChunks(file, random, 1 + random.nextInt(9000), inspector::update);
        return inspector.finish();
    }

    @Test
    void everyChunkingOfAValidImageGivesTheSameAcceptedReport() {
        PropertySeed.check("esp32 image chunkings", 60, random -> {
            GeneratedFile file = randomImage(random).build().file();
            Esp32ImageReport whole = feed(file, 64 * 1024);
            assertTrue(whole.accepted(), () -> "checks: " + whole.checks());
            assertEquals(file.size(), whole.size());
            assertEquals(file.sha256(), whole.sha256());
            assertEquals(whole, feed(file, 1), "1-byte chunks");
            assertEquals(whole, feed(file, 7), "7-byte chunks");
            assertEquals(whole, feedRandomly(file, random), "random chunks");
        });
    }

    @Test
    void everyChunkingOfABrokenImageGivesTheSameRejection() {
        PropertySeed.check("broken esp32 image chunkings", 120, random -> {
            GeneratedFile file = randomBrokenImage(random);
            Esp32ImageReport whole = feed(file, 64 * 1024);
            assertEquals(io.voyagerota.artifact.Verdict.REJECTED, whole.verdict(), () -> "checks: " + whole.checks());
            assertEquals(whole, feed(file, 1), "1-byte chunks");
            assertEquals(whole, feedRandomly(file, random), "random chunks");
        });
    }

    @Test
    void anySingleByteChangeInAHashedImageIsCaught() {
        PropertySeed.check("single byte corruption", 300, random -> {
            Esp32ImageBuilder.Image image = randomImage(random).hashAppended(true).build();
            long at = random.nextLong(image.imageEnd());
            int old = image.file().byteAt(at);
            GeneratedFile corrupt = image.file().withByte(at, old ^ (1 + random.nextInt(255)));
            Esp32ImageReport report = feed(corrupt, 4096);
            assertEquals(io.voyagerota.artifact.Verdict.REJECTED, report.verdict(),
                    () -> "byte " + at + " changed from " + old + " went unnoticed: " + report.checks());
        });
    }

    @Test
    void aSixtyFourMebibyteSignedImageStreamsThroughInConstantMemory() throws Exception {
        long segment = 13L << 20;
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().segments(segment, segment, segment, segment,
                segment - (1L << 20)).secureBootSigned(true).seed(64).build();
        assertTrue(image.file().size() > 64L << 20, "the image is " + image.file().size() + " bytes");

        ArtifactReport viaStream;
        try (InputStream in = image.file().open()) {
            viaStream = ArtifactInspector.inspect(in);
        }
        assertTrue(viaStream.accepted(), viaStream::failures);
        assertEquals(ArtifactKind.APP_IMAGE, viaStream.kind().orElseThrow());
        assertEquals(image.file().size(), viaStream.size());
        assertEquals(1, viaStream.image().orElseThrow().signatureBlocks());

        // What the inspector itself allocates while 64 MiB pass through it, measured around each update call only.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Esp32ImageInspector inspector = new Esp32ImageInspector(ArtifactInspector.DEFAULT_MAX_BYTES);
        long[] allocated = {0};
        Feeding.inChunks(image.file(), ArtifactInspector.BUFFER, (b, off, len) -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            inspector.update(b, off, len);
            allocated[0] += threads.getCurrentThreadAllocatedBytes() - before;
        });
        assertTrue(inspector.finish().accepted());
        assertTrue(allocated[0] < 1L << 20, "the inspector allocated " + allocated[0] + " bytes for a "
                + image.file().size() + "-byte image");
    }

    @Test
    void anAbsurdSegmentLengthNeitherAllocatesNorWaitsForTheData() throws Exception {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().absurdSegmentLength(1, 0xFFFF_FFFCL).build();
        byte[] head = new byte[(int) (image.segmentHeaderOffsets().get(1) + 8)];
        image.file().read(0, head, 0, head.length);
        long[] served = {0};
        InputStream endless = new InputStream() { // the header, then noise for ever
            @Override
            public int read() {
                return served[0] < head.length ? head[(int) served[0]++] & 0xff : (int) (served[0]++ & 0xff);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        ArtifactReport report = ArtifactInspector.inspect(endless);
        assertEquals(Esp32ImageInspector.SEGMENT_BOUNDS, report.checks().get(report.checks().size() - 1).name());
        assertTrue(report.failures().contains("4294967292 bytes"), report.failures());
        assertTrue(served[0] <= ArtifactInspector.BUFFER, "read " + served[0] + " bytes of an endless stream");
    }

    @Test
    void anEndlessStreamOfPlausibleSegmentsIsCutOffAtTheLimit() throws Exception {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().segments(256, 12L << 20).build();
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return served[0] < image.file().size() ? image.file().byteAt(served[0]++) : 0x5a;
            }
        };
        ArtifactReport report = ArtifactInspector.inspect(endless, 1 << 20);
        assertTrue(report.failures().contains("past the size limit of 1048576 bytes"), report.failures());
        assertTrue(served[0] < 1 << 20, "read " + served[0] + " bytes");
    }
}
