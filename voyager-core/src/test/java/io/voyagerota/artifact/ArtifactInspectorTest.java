package io.voyagerota.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testing.images.BundleBuilder;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.Feeding;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.testing.images.LittleFsImageBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactInspectorTest {
    static ArtifactReport inspect(GeneratedFile file) throws IOException {
        try (InputStream in = file.open()) {
            return ArtifactInspector.inspect(in);
        }
    }

    @Test
    void anApplicationImageIsDetectedAndDescribed() throws Exception {
        GeneratedFile file = new Esp32ImageBuilder().chip(Chip.ESP32_C6).version("4.0.0").build().file();
        ArtifactReport report = inspect(file);
        assertTrue(report.accepted(), report::failures);
        assertEquals(ArtifactKind.APP_IMAGE, report.kind().orElseThrow());
        assertEquals(Chip.ESP32_C6, report.chip().orElseThrow());
        assertEquals("4.0.0", report.descriptor().orElseThrow().version());
        assertEquals(file.sha256(), report.sha256());
        assertTrue(report.parts().isEmpty());
        assertEquals(ArtifactInspector.FORMAT, report.checks().get(0).name());
        assertEquals("", report.failures());

        Artifact artifact = report.toArtifact("products/thermostat/4.0.0.bin");
        assertEquals(Artifact.image("products/thermostat/4.0.0.bin", file.size(), file.sha256()), artifact);
        List<ValidationReport.Step> steps = report.steps();
        assertEquals(report.checks().size(), steps.size());
        assertTrue(steps.stream().allMatch(ValidationReport.Step::passed));
    }

    @Test
    void aBundleIsDetectedWithItsPartsAndFirmwareFacts() throws Exception {
        GeneratedFile firmware = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.4.0").build().file();
        GeneratedFile bundle = new BundleBuilder().firmware(firmware).ui(new LittleFsImageBuilder().build()).build();
        ArtifactReport report = inspect(bundle);
        assertTrue(report.accepted(), report::failures);
        assertEquals(ArtifactKind.BUNDLE, report.kind().orElseThrow());
        assertEquals(List.of("firmware", "ui"), report.parts().stream().map(p -> p.name()).toList());
        assertEquals("1.4.0", report.descriptor().orElseThrow().version());
        assertEquals(Chip.ESP32_S3, report.chip().orElseThrow());
        assertEquals(bundle.size(), report.toArtifact("b").size());
    }

    @Test
    void somethingElseIsRejectedSayingWhatItLooksLike() throws Exception {
        String[][] cases = {
                {"\u007fELF\u0001\u0001\u0001\0\0\0\0\0\0\0\0\0", "ELF"},
                {"PK\u0003\u0004\u0014\0\0\0\b\0rest", "zip"},
                {"<!DOCTYPE html><html><body>502", "error page"},
                {"", "empty file"},
                {"\u00ea\u0004\0\0", "ESP8266 OTA (version 2)"},
        };
        for (String[] c : cases) {
            byte[] bytes = c[0].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            ArtifactReport report = inspect(GeneratedFile.ofBytes(bytes));
            assertFalse(report.accepted());
            assertTrue(report.kind().isEmpty());
            Check format = report.check(ArtifactInspector.FORMAT).orElseThrow();
            assertFalse(format.passed());
            assertTrue(format.message().contains(c[1]), format.message());
            assertEquals(bytes.length, report.size());
        }
        ArtifactReport littlefs = inspect(new LittleFsImageBuilder().build());
        assertTrue(littlefs.failures().contains("LittleFS filesystem image"), littlefs.failures());
        ArtifactReport table = inspect(Esp32ImageBuilder.partitionTable());
        assertTrue(table.failures().contains("partition table"), table.failures());
    }

    @Test
    void aRejectedArtifactCannotBecomeACatalogArtifact() throws Exception {
        ArtifactReport report = inspect(new Esp32ImageBuilder().flipChecksum().build().file());
        InvalidArtifactException e = assertThrows(InvalidArtifactException.class, () -> report.toArtifact("k"));
        assertEquals("invalid-artifact", e.code());
        assertTrue(e.getMessage().contains("checksum: the checksum byte at offset"), e.getMessage());
        assertThrows(InvalidArtifactException.class, report::requireAccepted);
    }

    @Test
    void detectionDoesNotDependOnHowTheBytesArrive() {
        PropertySeed.check("artifact detection chunkings", 30, random -> {
            GeneratedFile file = switch (random.nextInt(3)) {
                case 0 -> new Esp32ImageBuilder().seed(random.nextLong()).build().file();
                case 1 -> new BundleBuilder().build();
                default -> GeneratedFile.ofBytes(new byte[random.nextInt(40)]);
            };
            ArtifactInspector whole = new ArtifactInspector(1 << 20);
            Feeding.inChunks(file, 1 << 16, whole::update);
            ArtifactInspector bytewise = new ArtifactInspector(1 << 20);
            Feeding.inChunks(file, 1, bytewise::update);
            ArtifactInspector randomly = new ArtifactInspector(1 << 20);
            Feeding.randomChunks(file, random, 50, randomly::update);
            ArtifactReport expected = whole.finish();
            assertEquals(expected, bytewise.finish());
            assertEquals(expected, randomly.finish());
        });
    }

    @Test
    void aStreamIsReadOnlyUntilItsRejection() throws Exception {
        long[] served = {0};
        InputStream endlessText = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }
        };
        ArtifactReport report = ArtifactInspector.inspect(endlessText);
        assertTrue(report.failures().contains("text"), report.failures());
        assertTrue(served[0] <= ArtifactInspector.BUFFER, "read " + served[0] + " bytes");
    }
}
