package io.voyagerota.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.testing.images.LittleFsImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactCommandsTest {
    @TempDir
    Path dir;

    private Path write(String name, GeneratedFile file) throws Exception {
        return Files.write(dir.resolve(name), file.bytes());
    }

    private Path image() throws Exception {
        return write("app.bin", new Esp32ImageBuilder().chip(Chip.ESP32_C3).version("2.4.1").projectName("locker")
                .secureVersion(2).build().file());
    }

    @Test
    void inspectReportsChipVersionProjectAndVerdict() throws Exception {
        CliRun run = CliRun.of("image", "inspect", image().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("chip        esp32c3"), run.out());
        assertTrue(run.out().contains("version     2.4.1"), run.out());
        assertTrue(run.out().contains("project     locker"), run.out());
        assertTrue(run.out().contains("secure ver  2"), run.out());
        assertTrue(run.out().contains("verdict     VALID"), run.out());
    }

    @Test
    void inspectJsonIsOneObjectForMachines() throws Exception {
        Path app = image();
        CliRun run = CliRun.of("image", "inspect", "--json", app.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, String> top = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(run.out())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    p.skipChildren();
                } else {
                    top.put(name, p.getValueAsString());
                }
            }
            assertEquals(null, p.nextToken(), "exactly one JSON value");
        }
        assertEquals("true", top.get("valid"));
        assertEquals("esp32c3", top.get("chip"));
        assertEquals("app-image", top.get("kind"));
        assertEquals(String.valueOf(Files.size(app)), top.get("size"));
        assertTrue(run.out().contains("\"version\":\"2.4.1\""), run.out());
    }

    @Test
    void invalidImagesExitOneWithTheReason() throws Exception {
        Path broken = write("broken.bin", new Esp32ImageBuilder().chip(Chip.ESP32_S3).flipChecksum().build().file());
        CliRun run = CliRun.of("image", "inspect", broken.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("FAIL checksum"), run.out());
        assertTrue(run.out().contains("verdict     INVALID"), run.out());

        Path boot = write("boot.bin", new Esp32ImageBuilder().chip(Chip.ESP32).bootloaderLike().build().file());
        CliRun bootRun = CliRun.of("image", "inspect", boot.toString());
        assertEquals(1, bootRun.exitCode());
        assertTrue(bootRun.out().contains("not an application image"), bootRun.out());

        assertEquals(2, CliRun.of("image", "inspect").exitCode(), "usage error");
        CliRun missing = CliRun.of("image", "inspect", dir.resolve("nope.bin").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void bundlePackThenInspect() throws Exception {
        Path app = image();
        Path ui = write("www.bin", new LittleFsImageBuilder().build());
        Path bundle = dir.resolve("release.bundle");
        CliRun pack = CliRun.of("bundle", "pack", "--firmware", app.toString(), "--ui", ui.toString(), "-o",
                bundle.toString());
        assertEquals(0, pack.exitCode(), pack.err());
        assertEquals(12 + Files.size(app) + Files.size(ui), Files.size(bundle));
        CliRun inspect = CliRun.of("bundle", "inspect", bundle.toString());
        assertEquals(0, inspect.exitCode(), inspect.out() + inspect.err());
        assertTrue(inspect.out().contains("part        firmware"), inspect.out());
        assertTrue(inspect.out().contains("part        ui"), inspect.out());
    }

    @Test
    void packRefusesCrossedPartsAndLeavesNothingBehind() throws Exception {
        Path app = image();
        Path ui = write("www.bin", new LittleFsImageBuilder().build());
        Path bundle = dir.resolve("crossed.bundle");
        CliRun crossed = CliRun.of("bundle", "pack", "--firmware", ui.toString(), "--ui", app.toString(), "-o",
                bundle.toString());
        assertEquals(1, crossed.exitCode());
        assertFalse(Files.exists(bundle));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".bundle-")).count());
        }
    }

    @Test
    void bundleInspectRefusesAPlainImage() throws Exception {
        CliRun run = CliRun.of("bundle", "inspect", image().toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("not a bundle"), run.err());
    }
}
