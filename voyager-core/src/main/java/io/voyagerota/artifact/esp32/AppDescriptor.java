package io.voyagerota.artifact.esp32;

import io.voyagerota.support.Hex;
import io.voyagerota.internal.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The application descriptor ({@code esp_app_desc_t}, 256 bytes) every esp-idf and Arduino-ESP32 application carries at
 * file offset 32, the start of its first segment. Bootloaders, partition tables and RAM-only images have none.
 * Arduino builds often leave {@link #version} and {@link #projectName} empty: then the release's metadata is what
 * names the version.
 *
 * @param secureVersion  the anti-rollback epoch the bootloader compares with the eFuse counter
 * @param version        the application version ({@code PROJECT_VER}), possibly empty
 * @param projectName    the project name, possibly empty
 * @param time           the compile time, such as {@code 19:46:07}
 * @param date           the compile date, such as {@code Sep 13 2022}
 * @param idfVersion     the esp-idf version it was built with
 * @param appElfSha256   the SHA-256 of the ELF file it was made from, lowercase hex
 */
public record AppDescriptor(long secureVersion, String version, String projectName, String time, String date,
                            String idfVersion, String appElfSha256) {
    /** The magic word that opens the descriptor. */
    public static final long MAGIC = 0xABCD5432L;
    /** Where the descriptor starts in an application image. */
    public static final int OFFSET = 32;
    public static final int LENGTH = 256;

    /** Reads a descriptor from its 256 bytes; the caller has checked the magic word. */
    static AppDescriptor parse(byte[] d) {
        return new AppDescriptor(LittleEndian.u32(d, 4), text(d, 16, 32), text(d, 48, 32), text(d, 80, 16),
                text(d, 96, 16), text(d, 112, 32), Hex.encode(Arrays.copyOfRange(d, 144, 176)));
    }

    /** The version, unless the build left it empty (common for Arduino builds). */
    public Optional<String> declaredVersion() {
        return version.isBlank() ? Optional.empty() : Optional.of(version);
    }

    /** The project name, unless the build left it empty. */
    public Optional<String> declaredProjectName() {
        return projectName.isBlank() ? Optional.empty() : Optional.of(projectName);
    }

    /** What a report says about the descriptor. */
    String summary() {
        if (declaredVersion().isEmpty() && declaredProjectName().isEmpty()) {
            return String.format("present (magic 0xABCD5432 at offset 32), secure_version %d; version and project"
                    + " name are empty, as Arduino builds leave them: the release metadata names the version",
                    secureVersion);
        }
        return String.format("project \"%s\", version \"%s\", secure_version %d, built %s %s with esp-idf %s",
                projectName, version, secureVersion, date, time, idfVersion);
    }

    /** A C string field: up to its first NUL, or the whole field when it fills it (strncpy leaves no NUL then). */
    private static String text(byte[] d, int at, int length) {
        int end = at;
        while (end < at + length && d[end] != 0) {
            end++;
        }
        return new String(d, at, end - at, StandardCharsets.UTF_8);
    }
}
