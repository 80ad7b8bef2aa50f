package io.voyagerota.artifact.esp32;

import static io.voyagerota.artifact.esp32.Esp32ImageInspector.APPENDED_HASH;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.APP_DESCRIPTOR;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.CHECKSUM;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.CHIP;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.COMPLETE;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.HEADER;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.MAGIC;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.SEGMENT_BOUNDS;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.SEGMENT_COUNT;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.SIGNATURE_SECTOR;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.SIZE_LIMIT;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.TRAILING_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.Feeding;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.testing.images.LittleFsImageBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class Esp32ImageInspectorTest {
    private static final long LIMIT = 16L << 20;

    static Esp32ImageReport inspect(GeneratedFile file) {
        Esp32ImageInspector inspector = new Esp32ImageInspector(LIMIT);
        Feeding.inChunks(file, 4096, inspector::update);
        return inspector.finish();
    }

    /** The report is a rejection whose first failed check is {@code name}, its message naming every fragment. */
    static Check assertRejected(Esp32ImageReport report, String name, String... fragments) {
        assertEquals(Verdict.REJECTED, report.verdict(), () -> "checks: " + report.checks());
        Check failure = report.firstFailure().orElseThrow();
        assertEquals(name, failure.name(), () -> "checks: " + report.checks());
        for (String fragment : fragments) {
            assertTrue(failure.message().contains(fragment), () -> "\"" + fragment + "\" not in: " + failure);
        }
        assertEquals(failure, report.checks().get(report.checks().size() - 1), "inspection stops at the failure");
        return failure;
    }

    @Test
    void aValidImageIsAcceptedWithEveryFactItCarries() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().chip(Chip.ESP32_C3).version("2.0.1")
                .projectName("thermostat").secureVersion(3).idfVersion("v5.2.2").time("08:15:00").date("Mar  3 2026")
                .segments(1024, 2048, 512).seed(7).build();
        Esp32ImageReport report = inspect(image.file());

        assertEquals(Verdict.ACCEPTED, report.verdict(), () -> "checks: " + report.checks());
        assertEquals(image.file().size(), report.size());
        assertEquals(image.file().sha256(), report.sha256());
        assertEquals(Chip.ESP32_C3, report.chip().orElseThrow());
        AppDescriptor descriptor = report.descriptor().orElseThrow();
        assertEquals("2.0.1", descriptor.version());
        assertEquals("thermostat", descriptor.projectName());
        assertEquals(3, descriptor.secureVersion());
        assertEquals("v5.2.2", descriptor.idfVersion());
        assertEquals("08:15:00", descriptor.time());
        assertEquals("Mar  3 2026", descriptor.date());
        assertTrue(descriptor.appElfSha256().matches("[0-9a-f]{64}"));
        ImageHeader header = report.header().orElseThrow();
        assertEquals(3, header.segmentCount());
        assertTrue(header.hashAppended());
        assertEquals("DIO", header.spiModeName());
        assertEquals(4L << 20, header.flashSizeBytes().getAsLong());
        assertEquals(List.of(1024L, 2048L, 512L), report.segments().stream().map(ImageSegment::length).toList());
        assertEquals(image.segmentHeaderOffsets(), report.segments().stream().map(ImageSegment::headerOffset).toList());
        assertEquals(List.of("magic", "chip", "header", "segment-count", "app-descriptor", "segment-bounds", "checksum",
                "appended-hash", "trailing-data", "complete", "size-limit"),
                report.checks().stream().map(Check::name).toList());
        assertTrue(report.check(CHECKSUM).orElseThrow().message().contains("offset " + image.checksumOffset()));
        assertTrue(report.check(APPENDED_HASH).orElseThrow().message().contains("offset " + image.hashOffset()));
        assertEquals(0, report.signatureBlocks());
    }

    @ParameterizedTest
    @EnumSource(Chip.class)
    void everyChipIsRecognisedByItsId(Chip chip) {
        Esp32ImageReport report = inspect(new Esp32ImageBuilder().chip(chip).build().file());
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        assertEquals(chip, report.chip().orElseThrow());
        assertTrue(report.check(CHIP).orElseThrow().message().contains("chip id " + chip.imageChipId()));
    }

    @Test
    void anArduinoBuildWithEmptyVersionAndProjectIsAccepted() {
        Esp32ImageReport report = inspect(new Esp32ImageBuilder().version("").projectName("").build().file());
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        AppDescriptor descriptor = report.descriptor().orElseThrow();
        assertTrue(descriptor.declaredVersion().isEmpty());
        assertTrue(descriptor.declaredProjectName().isEmpty());
        assertTrue(report.check(APP_DESCRIPTOR).orElseThrow().message().contains("empty"));
    }

    @Test
    void aVersionFillingItsWholeFieldIsReadWithoutATerminator() {
        String full = "1.2.3-rc.1+build.20260303.abcdef";
        assertEquals(32, full.length());
        Esp32ImageReport report = inspect(new Esp32ImageBuilder().version(full).projectName("p").build().file());
        assertEquals(full, report.descriptor().orElseThrow().version());
        assertEquals("p", report.descriptor().orElseThrow().projectName(), "the next field starts at offset 80");
    }

    @Test
    void anImageWithoutAppendedHashIsAccepted() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().hashAppended(false).build();
        Esp32ImageReport report = inspect(image.file());
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        assertFalse(report.header().orElseThrow().hashAppended());
        assertTrue(report.check(APPENDED_HASH).orElseThrow().message().startsWith("none"));
        assertEquals(image.checksumOffset() + 1, report.size(), "the checksum byte ends the image");
    }

    @Test
    void aSecureBootSignatureSectorIsToleratedAfterPaddingTo64KiB() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().secureBootSigned(true).build();
        assertEquals(0, image.imageEnd() % 65536, "elf2image --secure-pad-v2 ends the image on 64 KiB");
        Esp32ImageReport report = inspect(image.file());
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        assertEquals(1, report.signatureBlocks());
        assertTrue(report.check(SIGNATURE_SECTOR).orElseThrow().message().contains("offset " + image.sectorOffset()));
        assertTrue(report.check(TRAILING_DATA).orElseThrow().message().contains("signature sector"));
    }

    @Test
    void aSignatureSectorAfterErasedPaddingTo4KiBIsTolerated() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().secureBootSigned(false).build();
        assertTrue(image.sectorOffset() > image.imageEnd());
        Esp32ImageReport report = inspect(image.file());
        assertTrue(report.accepted(), () -> "checks: " + report.checks());
        assertEquals(image.file().size(), image.sectorOffset() + 4096);
    }

    @Test
    void aNonImageIsNamedByWhatItLooksLike() {
        assertRejected(inspect(new Esp32ImageBuilder().badMagic(0x00).build().file()), MAGIC, "0x00, not 0xE9");
        assertRejected(inspect(new LittleFsImageBuilder().build()), MAGIC, "LittleFS");
        assertRejected(inspect(GeneratedFile.ofBytes(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 2, 0, 0x5e, 0, 1, 0, 0, 0})), MAGIC, "ELF", ".elf");
        assertRejected(inspect(GeneratedFile.ofBytes("PK\3\4 and the rest of a zip file".getBytes())), MAGIC, "zip");
        assertRejected(inspect(GeneratedFile.ofBytes("BNDL\0\0\1\0\0\0\1\0 and more bytes".getBytes())), MAGIC,
                "bundle");
        assertRejected(inspect(GeneratedFile.ofBytes("<!DOCTYPE html><html>".getBytes())), MAGIC, "error page");
    }

    @Test
    void aPartitionTableIsNotFirmware() {
        assertRejected(inspect(Esp32ImageBuilder.partitionTable()), MAGIC, "0xAA", "partition table");
    }

    @Test
    void aBootloaderHasNoAppDescriptor() {
        assertRejected(inspect(new Esp32ImageBuilder().bootloaderLike().build().file()), APP_DESCRIPTOR,
                "not an application image", "offset 32", "bootloader");
    }

    @Test
    void aFirstSegmentTooShortForTheDescriptorIsNotAnApplication() {
        assertRejected(inspect(new Esp32ImageBuilder().segments(64, 512).build().file()), APP_DESCRIPTOR,
                "not an application image", "holds 64 bytes", "256-byte app descriptor");
    }

    @Test
    void anEsp8266ImageIsToldApart() {
        assertRejected(inspect(Esp32ImageBuilder.esp8266(3)), CHIP, "ESP8266", "offset 8", "0x40100000");
    }

    @Test
    void anUnknownChipIdIsRejected() {
        assertRejected(inspect(new Esp32ImageBuilder().rawChipId(1).build().file()), CHIP, "chip id 1 at offset 12",
                "ESP32_S3 9");
    }

    @Test
    void aCorruptHashFlagIsRejected() {
        assertRejected(inspect(new Esp32ImageBuilder().build().file().withByte(23, 2)), HEADER,
                "hash_appended at offset 23 is 0x02");
    }

    @Test
    void segmentCountsOutsideOneToSixteenAreRejected() {
        assertRejected(inspect(new Esp32ImageBuilder().tooManySegments().build().file()), SEGMENT_COUNT,
                "declares 17 segments", "1 to 16");
        assertRejected(inspect(new Esp32ImageBuilder().build().file().withByte(1, 0)), SEGMENT_COUNT,
                "declares 0 segments");
    }

    @Test
    void absurdSegmentLengthsAreRejectedFromTheHeaderAlone() {
        Esp32ImageBuilder.Image huge = new Esp32ImageBuilder().absurdSegmentLength(1, 0xFFFF_FFF0L).build();
        Esp32ImageReport report = inspect(huge.file());
        assertRejected(report, SEGMENT_BOUNDS, "segment 1 (header at offset " + huge.segmentHeaderOffsets().get(1),
                "4294967280 bytes", "16 MiB");
        assertRejected(inspect(new Esp32ImageBuilder().absurdSegmentLength(0, 1001).build().file()), SEGMENT_BOUNDS,
                "segment 0", "1001 bytes", "multiple of 4");
    }

    @Test
    void aSegmentReachingPastTheKnownSizeOrTheLimitIsRejectedAtItsHeader() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().absurdSegmentLength(1, 8L << 20).build();
        Esp32ImageInspector known = Esp32ImageInspector.ofSize(image.file().size());
        Feeding.inChunks(image.file(), 4096, known::update);
        assertRejected(known.finish(), SEGMENT_BOUNDS, "8388608 bytes", "the image is " + image.file().size()
                + " bytes long");

        Esp32ImageInspector limited = new Esp32ImageInspector(1 << 20);
        Feeding.inChunks(image.file(), 4096, limited::update);
        assertRejected(limited.finish(), SEGMENT_BOUNDS, "8388608 bytes", "past the size limit of 1048576 bytes");
    }

    @Test
    void aFlippedChecksumNamesBothValues() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().flipChecksum().build();
        assertRejected(inspect(image.file()), CHECKSUM, "offset " + image.checksumOffset(),
                String.format("is 0x%02X", image.checksum() ^ 0xff), String.format("give 0x%02X", image.checksum()));
    }

    @Test
    void aFlippedAppendedHashIsRejected() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().flipHash().build();
        Check failure = assertRejected(inspect(image.file()), APPENDED_HASH, "offset " + image.hashOffset(),
                "corrupt");
        String good = io.voyagerota.support.Hex.encode(image.file().sha256(image.hashOffset()));
        assertTrue(failure.message().contains(good), "the message names the hash the bytes give");
    }

    @Test
    void truncationSaysWhereTheFileEndedAndWhatWasExpected() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().secureBootSigned(false).build();
        long segment1 = image.segmentHeaderOffsets().get(1);
        long[][] cases = {{10, 24}, {segment1 + 3, segment1 + 8}, {segment1 + 20, segment1 + 8 + 512},
                {image.checksumOffset(), image.checksumOffset() + 1}, {image.hashOffset() + 5, image.hashOffset() + 32},
                {image.sectorOffset() + 100, image.sectorOffset() + 4096}};
        for (long[] c : cases) {
            assertRejected(inspect(image.file().truncatedAt(c[0])), COMPLETE, "ends at offset " + c[0],
                    "expected at least " + c[1] + " bytes", "truncated");
        }
        assertRejected(inspect(image.file().truncatedAt(0)), COMPLETE, "empty");
    }

    @Test
    void trailingGarbageIsRejectedAtItsFirstByte() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().trailingGarbage(40).build();
        assertRejected(inspect(image.file()), TRAILING_DATA, "ends at offset " + image.imageEnd(),
                "0x74 at offset " + image.imageEnd(), "remove the trailing bytes");

        Esp32ImageBuilder.Image aligned = new Esp32ImageBuilder().secureBootSigned(true).build();
        GeneratedFile noSector = aligned.file().truncatedAt(aligned.imageEnd()).append("oops".getBytes());
        assertRejected(inspect(noSector), TRAILING_DATA, "offset " + aligned.imageEnd(), "0x6F",
                "would start with 0xE7");

        Esp32ImageBuilder.Image signed = new Esp32ImageBuilder().secureBootSigned(true).trailingGarbage(3).build();
        assertRejected(inspect(signed.file()), TRAILING_DATA, "offset " + (signed.sectorOffset() + 4096),
                "after the Secure Boot v2 signature sector");
    }

    @Test
    void paddingWithoutASignatureSectorIsRejected() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().build();
        byte[] erased = new byte[100];
        Arrays.fill(erased, (byte) 0xff);
        assertRejected(inspect(image.file().append(erased)), TRAILING_DATA, "100 bytes of padding",
                "offset " + image.imageEnd(), "no Secure Boot v2 signature sector");
    }

    @Test
    void aCorruptSignatureSectorIsRejected() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().secureBootSigned(true).build();
        assertRejected(inspect(image.file().withByte(image.sectorOffset() + 500, 0x42 ^ image.file().byteAt(
                image.sectorOffset() + 500))), SIGNATURE_SECTOR, "CRC-32", "offset " + (image.sectorOffset() + 1196));
        assertRejected(inspect(image.file().withByte(image.sectorOffset() + 1, 0x01)), SIGNATURE_SECTOR,
                "version 0x01");
    }

    @Test
    void aSignatureMadeForAnotherImageIsRejected() {
        Esp32ImageBuilder.Image mine = new Esp32ImageBuilder().seed(1).secureBootSigned(true).build();
        Esp32ImageBuilder.Image other = new Esp32ImageBuilder().seed(2).secureBootSigned(true).build();
        assertEquals(mine.sectorOffset(), other.sectorOffset());
        byte[] sector = new byte[4096];
        other.file().read(other.sectorOffset(), sector, 0, sector.length);
        GeneratedFile transplanted = mine.file().truncatedAt(mine.sectorOffset()).append(sector);
        assertRejected(inspect(transplanted), SIGNATURE_SECTOR, "signs another image",
                "the " + mine.sectorOffset() + " bytes before the sector");
    }

    @Test
    void aFileLargerThanTheLimitIsCutOffThere() {
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().build();
        Esp32ImageInspector inspector = new Esp32ImageInspector(image.checksumOffset());
        Feeding.inChunks(image.file(), 4096, inspector::update);
        assertRejected(inspector.finish(), SIZE_LIMIT, "larger than the limit of " + image.checksumOffset());
    }

    @Test
    void theInspectorIsUsedOnce() {
        Esp32ImageInspector inspector = new Esp32ImageInspector(LIMIT);
        Feeding.inChunks(new Esp32ImageBuilder().build().file(), 512, inspector::update);
        Esp32ImageReport report = inspector.finish();
        assertSame(report, inspector.finish());
        assertThrows(IllegalStateException.class, () -> inspector.update(new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> new Esp32ImageInspector(LIMIT).update(new byte[4], 3, 2));
    }
}
