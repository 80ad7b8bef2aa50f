package io.voyagerota.benchmarks.http;

import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.images.Esp32ImageBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a valid ESP32-S3 application image of about the requested size, for the HTTP load benchmark to upload:
 * {@code java -cp benchmarks.jar io.voyagerota.benchmarks.http.FirmwareImage out.bin 1572864 1.1.0}.
 */
public final class FirmwareImage {
    private static final long SEGMENT_LIMIT = 256 * 1024;

    private FirmwareImage() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: FirmwareImage <out.bin> <approximate size in bytes> <version>");
            System.exit(2);
        }
        long size = Long.parseLong(args[1]);
        // Several segments of at most 256 KiB each, like a real application's.
        int count = (int) Math.max(1, (size + SEGMENT_LIMIT - 1) / SEGMENT_LIMIT);
        long[] lengths = new long[count];
        long left = size - 1024; // header, descriptor and checksum take the rest
        for (int i = 0; i < count; i++) {
            lengths[i] = Math.max(16, Math.min(SEGMENT_LIMIT, left) & ~3L);
            left -= lengths[i];
        }
        Esp32ImageBuilder.Image image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(args[2])
                .projectName("bench").segments(lengths).build();
        try (InputStream in = image.file().open()) {
            Files.copy(in, Path.of(args[0]), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println(args[0] + ": " + image.file().size() + " bytes, version " + args[2]);
    }
}
