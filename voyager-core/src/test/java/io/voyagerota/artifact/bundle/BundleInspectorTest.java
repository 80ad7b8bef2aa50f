package io.voyagerota.artifact.bundle;

import static io.voyagerota.artifact.bundle.BundleInspector.CROSS_FLASH;
import static io.voyagerota.artifact.bundle.BundleInspector.HEADER;
import static io.voyagerota.artifact.bundle.BundleInspector.SIZES;
import static io.voyagerota.artifact.bundle.BundleInspector.SIZE_LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testing.images.BundleBuilder;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.Feeding;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.testing.images.LittleFsImageBuilder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BundleInspectorTest {
    private static final long LIMIT = 64L << 20;

    static BundleReport inspect(GeneratedFile file) {
        BundleInspector inspector = new BundleInspector(LIMIT);
        Feeding.inChunks(file, 4096, inspector::update);
        return inspector.finish();
    }

    static Check assertRejected(BundleReport report, String name, String... fragments) {
        assertEquals(Verdict.REJECTED, report.verdict(), () -> "checks: " + report.checks());
        Check failure = report.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
        assertEquals(name, failure.name(), () -> "checks: " + report.checks());
        for (String fragment : fragments) {
            assertTrue(failure.message().contains(fragment), () -> "\"" + fragment + "\" not in: " + failure);
        }
        return failure;
    }

    static GeneratedFile firmware() {
        return new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("3.1.4").segments(2048, 1024).build().file();
    }

    static GeneratedFile ui() {
        return new LittleFsImageBuilder().blockSize(4096).blockCount(6)
                .file("index.html", "<html>voyager</html>".getBytes()).build();
    }

    @Test
    void aValidBundleIsSplitIntoItsParts() {
        GeneratedFile firmware = firmware();
        GeneratedFile ui = ui();
        GeneratedFile bundle = new BundleBuilder().firmware(firmware).ui(ui).build();
        BundleReport report = inspect(bundle);

        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        assertEquals(bundle.size(), report.size());
        assertEquals(bundle.sha256(), report.sha256());
        assertEquals(List.of(new ArtifactPart("firmware", 12, firmware.size(), firmware.sha256()),
                new ArtifactPart("ui", 12 + firmware.size(), ui.size(), ui.sha256())), report.parts());
        assertEquals("3.1.4", report.firmware().orElseThrow().descriptor().orElseThrow().version());
        assertEquals(6, report.ui().orElseThrow().superblock().orElseThrow().blockCount());
        List<String> names = report.checks().stream().map(Check::name).toList();
        assertEquals(HEADER, names.get(0));
        assertTrue(names.containsAll(List.of("firmware.checksum", "firmware.app-descriptor", "ui.superblock-crc",
                CROSS_FLASH, SIZES)), names::toString);
        Check descriptor = report.checks().stream().filter(c -> c.name().equals("firmware.app-descriptor"))
                .findFirst().orElseThrow();
        assertTrue(descriptor.message().startsWith("[firmware part, from bundle offset 12]"), descriptor.message());
    }

    @Test
    void anyChunkingGivesTheSameReport() {
        PropertySeed.check("bundle chunkings", 40, random -> {
            GeneratedFile bundle = randomBundle(random);
            BundleReport whole = inspect(bundle);
            BundleInspector bytewise = new BundleInspector(LIMIT);
            Feeding.inChunks(bundle, 1, bytewise::update);
            assertEquals(whole, bytewise.finish(), "1-byte chunks");
            BundleInspector randomly = new BundleInspector(LIMIT);
            Feeding.randomChunks(bundle, random, 1 + random.nextInt(5000), randomly::update);
            assertEquals(whole, randomly.finish(), "random chunks");
        });
    }

    /** Mostly valid bundles, and now and then one broken in one of the ways a bundle can be. */
    static GeneratedFile randomBundle(SplittableRandom random) {
        GeneratedFile firmware = new Esp32ImageBuilder().segments(256 + 4L * random.nextInt(500), 4L * random.nextInt(
                800)).hashAppended(random.nextBoolean()).seed(random.nextLong()).build().file();
        GeneratedFile ui = new LittleFsImageBuilder().blockSize(512).blockCount(2 + random.nextInt(10)).build();
        BundleBuilder builder = new BundleBuilder().firmware(firmware).ui(ui);
        GeneratedFile bundle = switch (random.nextInt(8)) {
            case 0 -> builder.swapParts().build();
            case 1 -> builder.extraBytes(1 + random.nextInt(10)).build();
            case 2 -> builder.declaredFirmwareSize(firmware.size() + 4 - random.nextInt(9)).build();
            case 3 -> builder.build().truncatedAt(random.nextLong(12 + firmware.size() + ui.size()));
            default -> builder.build();
        };
        return bundle;
    }

    @Test
    void aTruncatedBundleSaysWhichPartWasCut() {
        GeneratedFile firmware = firmware();
        GeneratedFile bundle = new BundleBuilder().firmware(firmware).ui(ui()).build();
        long uiOffset = 12 + firmware.size();
        assertRejected(inspect(bundle.truncatedAt(7)), SIZES, "ends at offset 7", "inside the 12-byte header");
        assertRejected(inspect(bundle.truncatedAt(500)), SIZES, "ends at offset 500", "inside the firmware part",
                "of the " + bundle.size() + " bytes the header declares", "truncated");
        assertRejected(inspect(bundle.truncatedAt(uiOffset + 5000)), SIZES, "ends at offset " + (uiOffset + 5000),
                "inside the UI part (offsets " + uiOffset + " to " + bundle.size() + ")");
    }

    @Test
    void extraBytesAfterTheUiPartAreRejected() {
        GeneratedFile bundle = new BundleBuilder().firmware(firmware()).ui(ui()).extraBytes(9).build();
        assertRejected(inspect(bundle), SIZES, "unexpected data at offset " + (bundle.size() - 9),
                "ends at offset " + (bundle.size() - 9));
    }

    @Test
    void declaredSizesThatDoNotMatchThePartsAreCaughtByThePartTheyCut() {
        GeneratedFile firmware = firmware();
        GeneratedFile ui = ui();
        assertRejected(inspect(new BundleBuilder().firmware(firmware).ui(ui).declaredFirmwareSize(firmware.size() - 16)
                .build()), "firmware.complete", "[firmware part, from bundle offset 12]", "SHA-256", "truncated");
        assertRejected(inspect(new BundleBuilder().firmware(firmware).ui(ui).declaredFirmwareSize(firmware.size() + 100)
                .build()), "firmware.trailing-data", "ends at offset " + firmware.size());
        assertRejected(inspect(new BundleBuilder().firmware(firmware).ui(ui).declaredUiSize(ui.size() + 10).build()),
                "ui.size", "(" + ui.size() + " bytes) but the image is " + (ui.size() + 10) + " bytes");
        assertRejected(inspect(new BundleBuilder().firmware(firmware).ui(ui).declaredUiSize(ui.size() - 4096)
                .build()), "ui.size", "image is " + (ui.size() - 4096) + " bytes");
    }

    @Test
    void swappedPartsAreRefusedAsCrossFlashing() {
        GeneratedFile bundle = new BundleBuilder().firmware(firmware()).ui(ui()).swapParts().build();
        BundleReport report = inspect(bundle);
        assertRejected(report, CROSS_FLASH, "firmware slot (offset 12", "LittleFS", "swapped");
        assertTrue(report.parts().isEmpty());
        assertFalse(report.checks().stream().anyMatch(c -> c.name().startsWith("ui.")), "the UI is not inspected");
    }

    @Test
    void anApplicationImageInTheUiSlotIsRefusedAsCrossFlashing() {
        GeneratedFile firmware = firmware();
        BundleReport report = inspect(new BundleBuilder().firmware(firmware).ui(firmware()).build());
        assertRejected(report, CROSS_FLASH, "UI slot (offset " + (12 + firmware.size()), "ESP image",
                "not a LittleFS image");
        assertEquals(1, report.parts().size(), "the firmware part was checked to its end");
    }

    @Test
    void aUiPartThatIsNotLittleFsIsRejected() {
        byte[] elf = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x5e, 0};
        assertRejected(inspect(new BundleBuilder().firmware(firmware()).ui(GeneratedFile.ofBytes(elf)).build()),
                "ui.littlefs-magic", "[ui part, from bundle offset", "not a LittleFS image", "ELF");
        assertRejected(inspect(new BundleBuilder().firmware(firmware()).ui(new LittleFsImageBuilder().corruptCrc()
                .build()).build()), "ui.superblock-crc", "corrupt");
    }

    @Test
    void anInvalidFirmwareStopsTheInspection() {
        GeneratedFile broken = new Esp32ImageBuilder().flipChecksum().build().file();
        BundleReport report = inspect(new BundleBuilder().firmware(broken).ui(ui()).build());
        assertRejected(report, "firmware.checksum", "[firmware part, from bundle offset 12]", "corrupt");
        assertTrue(report.ui().isEmpty());
        assertRejected(inspect(new BundleBuilder().firmware(new Esp32ImageBuilder().bootloaderLike().build().file())
                .ui(ui()).build()), "firmware.app-descriptor", "not an application image");
    }

    @Test
    void aBadHeaderIsRejected() {
        assertRejected(inspect(new BundleBuilder().magic("BNDX").build()), HEADER, "not a universal bundle",
                "\"BNDL\" at offset 0");
        assertRejected(inspect(new BundleBuilder().declaredUiSize(0).build()), HEADER, "0 UI bytes (offset 8)");
        BundleInspector small = new BundleInspector(1000);
        Feeding.inChunks(new BundleBuilder().build(), 100, small::update);
        assertRejected(small.finish(), SIZE_LIMIT, "more than the limit of 1000 bytes");
    }
}
