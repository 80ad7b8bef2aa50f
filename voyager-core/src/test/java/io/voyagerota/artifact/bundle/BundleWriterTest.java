package io.voyagerota.artifact.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.InvalidInputException;
import io.voyagerota.artifact.ArtifactInspector;
import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.artifact.InvalidArtifactException;
import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testing.images.BundleBuilder;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.testing.images.LittleFsImageBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
    @Test
    void writtenBundlesInspectAsTheirParts() {
        PropertySeed.check("bundle writer round trip", 25, random -> {
            GeneratedFile firmware = new Esp32ImageBuilder().segments(256 + 4L * random.nextInt(3000),
                    4L * random.nextInt(3000)).seed(random.nextLong()).hashAppended(random.nextBoolean()).build()
                    .file();
            GeneratedFile ui = new LittleFsImageBuilder().blockSize(512 << random.nextInt(4))
                    .blockCount(2 + random.nextInt(20)).revision(random.nextInt(50)).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long written;
            try (InputStream f = firmware.open(); InputStream u = ui.open()) {
                written = BundleWriter.write(out, f, firmware.size(), u, ui.size());
            }
            assertEquals(12 + firmware.size() + ui.size(), written);
            assertEquals(written, out.size());
            assertArrayEquals(new BundleBuilder().firmware(firmware).ui(ui).build().bytes(), out.toByteArray());

            ArtifactReport report = ArtifactInspector.inspect(new ByteArrayInputStream(out.toByteArray()));
            Artifact artifact = report.toArtifact("products/demo/1.0.0.bundle");
            assertEquals(ArtifactKind.BUNDLE, artifact.kind());
            assertEquals(List.of(new ArtifactPart("firmware", 12, firmware.size(), firmware.sha256()),
                    new ArtifactPart("ui", 12 + firmware.size(), ui.size(), ui.sha256())), artifact.parts());
        });
    }

    @Test
    void filesAreMeasuredAndPacked(@TempDir Path dir) throws Exception {
        GeneratedFile firmware = new Esp32ImageBuilder().build().file();
        GeneratedFile ui = new LittleFsImageBuilder().blockCount(3).build();
        Path fw = Files.write(dir.resolve("firmware.bin"), firmware.bytes());
        Path fs = Files.write(dir.resolve("littlefs.bin"), ui.bytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, fw, fs);
        assertTrue(ArtifactInspector.inspect(new ByteArrayInputStream(out.toByteArray())).accepted());

        ByteArrayOutputStream swapped = new ByteArrayOutputStream();
        InvalidArtifactException e = assertThrows(InvalidArtifactException.class,
                () -> BundleWriter.write(swapped, fs, fw));
        assertTrue(e.getMessage().contains("firmware part is not an ESP32 application image"), e.getMessage());
        assertTrue(e.getMessage().contains("LittleFS"), e.getMessage());
        assertEquals(0, swapped.size(), "nothing is written when a part is of the wrong kind");
        assertEquals("invalid-artifact", e.code());
    }

    @Test
    void aUiPartThatIsNotLittleFsIsRefused() {
        byte[] firmware = new Esp32ImageBuilder().build().file().bytes();
        InvalidArtifactException e = assertThrows(InvalidArtifactException.class, () -> BundleWriter.write(
                new ByteArrayOutputStream(), new ByteArrayInputStream(firmware), firmware.length,
                new ByteArrayInputStream(firmware), firmware.length));
        assertTrue(e.getMessage().contains("UI part is not a LittleFS image"), e.getMessage());
        assertTrue(e.getMessage().contains("ESP image"), e.getMessage());
    }

    @Test
    void partsMustHoldExactlyTheirDeclaredSize() {
        byte[] firmware = new Esp32ImageBuilder().build().file().bytes();
        byte[] ui = new LittleFsImageBuilder().blockCount(2).build().bytes();
        InvalidArtifactException shorter = assertThrows(InvalidArtifactException.class, () -> BundleWriter.write(
                new ByteArrayOutputStream(), new ByteArrayInputStream(firmware), firmware.length + 10,
                new ByteArrayInputStream(ui), ui.length));
        assertTrue(shorter.getMessage().contains("firmware stream ended after " + firmware.length + " of the "
                + (firmware.length + 10) + " bytes"), shorter.getMessage());
        InvalidArtifactException longer = assertThrows(InvalidArtifactException.class, () -> BundleWriter.write(
                new ByteArrayOutputStream(), new ByteArrayInputStream(firmware), firmware.length,
                new ByteArrayInputStream(ui), ui.length - 1));
        assertTrue(longer.getMessage().contains("UI stream holds more than the " + (ui.length - 1) + " bytes"),
                longer.getMessage());
        assertThrows(InvalidInputException.class, () -> BundleWriter.header(0, 1));
        assertThrows(InvalidInputException.class, () -> BundleWriter.header(1, 1L << 32));
    }
}
