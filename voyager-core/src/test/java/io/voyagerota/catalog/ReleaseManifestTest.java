package io.voyagerota.catalog;

import io.voyagerota.InvalidInputException;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseManifestTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-";

    private static String name(SplittableRandom random) {
        StringBuilder out = new StringBuilder().append(ALPHABET.charAt(random.nextInt(62)));
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String sha(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            out.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return out.toString();
    }

    private static ReleaseManifest manifest(SplittableRandom random) {
        TreeMap<String, HardwareModel> models = new TreeMap<>();
        Chip[] chips = Chip.values();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            String name = name(random);
            models.put(name, new HardwareModel(name, chips[random.nextInt(chips.length)]));
        }
        Version version = Version.parse(random.nextInt(30) + "." + random.nextInt(30) + "." + random.nextInt(30)
                + (random.nextBoolean() ? "-rc." + random.nextInt(9) : "") + (random.nextBoolean() ? "+b" + random.nextInt(99) : ""));
        boolean bundle = random.nextBoolean();
        long size = 1 + random.nextLong(1L << 32);
        List<ArtifactPart> parts = new ArrayList<>();
        if (bundle) {
            parts.add(new ArtifactPart("firmware", 12, 1 + random.nextLong(1 << 24), sha(random)));
            parts.add(new ArtifactPart("ui", 12 + parts.get(0).size(), 1 + random.nextLong(1 << 24), sha(random)));
        }
        String product = name(random).replace(' ', '-');
        return new ReleaseManifest(product, version, random.nextInt(Integer.MAX_VALUE), bundle ? ArtifactKind.BUNDLE
                : ArtifactKind.APP_IMAGE, new ArrayList<>(models.values()), size, sha(random), parts);
    }

    @Test
    void everyManifestReadsBackToItselfFromItsCanonicalBytes() {
        PropertySeed.check("manifest round trip", 2_000, random -> {
            ReleaseManifest m = manifest(random);
            byte[] bytes = m.bytes();
            assertEquals(m, ReleaseManifest.parse(bytes));
            assertArrayEquals(bytes, ReleaseManifest.parse(bytes).bytes());
            assertEquals(64, m.digest().length());
        });
    }

    @Test
    void aModelNameWithSpacesIsReadUpToTheChipItsLastWord() {
        ReleaseManifest m = new ReleaseManifest("locker", Version.parse("1.0.0"), 0, ArtifactKind.APP_IMAGE,
                List.of(new HardwareModel("Locker  S3 ", Chip.ESP32_S3)), 10, "a".repeat(64), List.of());
        String text = new String(m.bytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\nmodel Locker  S3  esp32s3\n"), text);
        assertEquals(m, ReleaseManifest.parse(m.bytes()));
    }

    @Test
    void aBundleNamesItsFirmwareThenItsUi() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ReleaseManifest("locker",
                Version.parse("1.0.0"), 0, ArtifactKind.BUNDLE, List.of(new HardwareModel("s3", Chip.ESP32_S3)), 10,
                "a".repeat(64), List.of(new ArtifactPart("ui", 0, 1, "a".repeat(64)),
                new ArtifactPart("firmware", 1, 1, "a".repeat(64)))));
        assertTrue(e.getMessage().contains("[firmware, ui]"), e.getMessage());
    }
}
