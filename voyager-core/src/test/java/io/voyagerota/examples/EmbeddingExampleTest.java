package io.voyagerota.examples;

import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingExampleTest {

    @Test
    void theReadmeExampleRunsAndDecides() throws IOException {
        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.10.2").build().file();
        UpdateDecision decision = EmbeddingExample.run(image.open());
        // The device is in the 10% exactly when its bucket under the release's salt is below 1000; the salt is the
        // release id, random per run, so either outcome is right as long as it is one of these two.
        if (decision instanceof Offer offer) {
            assertEquals(Version.parse("1.10.2"), offer.version());
            assertEquals(image.size(), offer.size());
            assertEquals(image.sha256(), offer.sha256());
        } else {
            assertEquals(NoUpdate.Reason.NOT_IN_ROLLOUT, ((NoUpdate) decision).reason());
        }
    }

    @Test
    void theReadmeShowsExactlyTheCompiledExample() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/voyagerota/examples/EmbeddingExample.java"));
        String example = between(source, "// README:begin\n", "        // README:end").replaceAll("(?m)^ {8}", "");
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(example),
                "README.md must contain the example exactly as EmbeddingExample.java compiles it:\n" + example);
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin) + begin.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
