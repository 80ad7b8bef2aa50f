package io.voyagerota.artifact.esp32;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.catalog.Chip;
import io.voyagerota.support.Checks;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Esp32ImageInspector} found in an ESP32 application image.
 *
 * @param size                 the bytes inspected
 * @param sha256               their SHA-256, lowercase hex
 * @param header               the image header, once its 24 bytes were read
 * @param segments             the segments whose headers were read, in file order
 * @param descriptor           the app descriptor, when one was found
 * @param chip                 the chip family the header names, when Voyager knows it
 * @param signatureBlocks      how many Secure Boot v2 signature blocks follow the image (0 when unsigned)
 * @param checks               every check that ran, in order; inspection stops at the first failure
 * @param verdict              accepted when every check passed
 */
public record Esp32ImageReport(long size, String sha256, Optional<ImageHeader> header, List<ImageSegment> segments,
                               Optional<AppDescriptor> descriptor, Optional<Chip> chip, int signatureBlocks,
                               List<Check> checks, Verdict verdict) {
    public Esp32ImageReport {
        Checks.notNull(sha256, "sha256");
        Checks.notNull(header, "header");
        segments = List.copyOf(Checks.noNulls(segments, "segments"));
        Checks.notNull(descriptor, "descriptor");
        Checks.notNull(chip, "chip");
        checks = List.copyOf(Checks.noNulls(checks, "checks"));
        Checks.notNull(verdict, "verdict");
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    /** The check of that name, if it ran. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The first failed check, if any. */
    public Optional<Check> firstFailure() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }
}
