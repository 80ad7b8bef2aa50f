package io.voyagerota.artifact.bundle;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.support.Checks;

import java.util.List;
import java.util.Optional;

/**
 * What {@link LittleFsInspector} found in a LittleFS image.
 *
 * @param size       the bytes inspected
 * @param sha256     their SHA-256, lowercase hex
 * @param superblock the superblock, once it was read
 * @param checks     every check that ran, in order; inspection stops at the first failure
 * @param verdict    accepted when every check passed
 */
public record LittleFsReport(long size, String sha256, Optional<Superblock> superblock, List<Check> checks,
                             Verdict verdict) {
    public LittleFsReport {
        Checks.notNull(sha256, "sha256");
        Checks.notNull(superblock, "superblock");
        checks = List.copyOf(Checks.noNulls(checks, "checks"));
        Checks.notNull(verdict, "verdict");
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }
}
