package io.voyagerota.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** ESP32 chip families with the chip id an application image header carries (esp-idf {@code esp_chip_id_t}). */
public enum Chip {
    ESP32(0), ESP32_S2(2), ESP32_C3(5), ESP32_S3(9), ESP32_C2(12), ESP32_C6(13), ESP32_H2(16), ESP32_P4(18),
    ESP32_C61(20), ESP32_C5(23);

    private final int imageChipId;

    Chip(int imageChipId) {
        this.imageChipId = imageChipId;
    }

    /** The chip id at offset 12 of an application image header. */
    public int imageChipId() {
        return imageChipId;
    }

    public static Optional<Chip> fromImageChipId(int id) {
        return Arrays.stream(values()).filter(c -> c.imageChipId == id).findFirst();
    }

    /** Accepts the spellings people use: {@code esp32s3}, {@code ESP32-S3}, {@code esp32_s3}. */
    public static Optional<Chip> parse(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        return Arrays.stream(values()).filter(c -> c.name().replace("_", "").equals(normal)).findFirst();
    }

    /** The lowercase name used on the wire and in documents, e.g. {@code esp32s3}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}
