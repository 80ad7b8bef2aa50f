package io.voyagerota.artifact.bundle;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.support.Checks;
import io.voyagerota.artifact.esp32.Esp32ImageReport;

import java.util.List;
import java.util.Optional;

/**
 * What {@link BundleInspector} found in a universal bundle.
 *
 * @param size     the bytes inspected
 * @param sha256   their SHA-256, lowercase hex
 * @param parts    the parts checked to their end, with offset, size and SHA-256: {@code firmware}, then {@code ui}
 * @param firmware the report on the firmware part, when it was checked to its end or failed on its own
 * @param ui       the report on the UI part, likewise
 * @param checks   every check that ran, in order, the parts' checks named {@code firmware.*} and {@code ui.*}
 * @param verdict  accepted when every check passed
 */
public record BundleReport(long size, String sha256, List<ArtifactPart> parts, Optional<Esp32ImageReport> firmware,
                           Optional<LittleFsReport> ui, List<Check> checks, Verdict verdict) {
    public BundleReport {
        Checks.notNull(sha256, "sha256");
        parts = List.copyOf(Checks.noNulls(parts, "parts"));
        Checks.notNull(firmware, "firmware");
        Checks.notNull(ui, "ui");
        checks = List.copyOf(Checks.noNulls(checks, "checks"));
        Checks.notNull(verdict, "verdict");
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }
}
