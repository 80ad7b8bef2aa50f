package io.voyagerota.artifact;

import io.voyagerota.artifact.bundle.BundleReport;
import io.voyagerota.artifact.esp32.AppDescriptor;
import io.voyagerota.artifact.esp32.Esp32ImageReport;
import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.support.Checks;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link ArtifactInspector} found in an uploaded file, whatever its kind.
 *
 * @param kind       an application image or a bundle; empty when the file is neither
 * @param size       the bytes inspected: the whole file, unless it was rejected before its end
 * @param sha256     their SHA-256, lowercase hex
 * @param parts      a bundle's {@code firmware} and {@code ui} parts; empty for an application image
 * @param descriptor the app descriptor of the (firmware) image, when found
 * @param chip       the chip the (firmware) image was built for, when known
 * @param checks     every check that ran, in order; the first failure ends the inspection
 * @param verdict    accepted when every check passed
 * @param image      the detailed report when the file is an application image
 * @param bundle     the detailed report when the file is a bundle
 */
public record ArtifactReport(Optional<ArtifactKind> kind, long size, String sha256, List<ArtifactPart> parts,
                             Optional<AppDescriptor> descriptor, Optional<Chip> chip, List<Check> checks,
                             Verdict verdict, Optional<Esp32ImageReport> image, Optional<BundleReport> bundle) {
    public ArtifactReport {
        Checks.notNull(kind, "kind");
        Checks.notNull(sha256, "sha256");
        parts = List.copyOf(Checks.noNulls(parts, "parts"));
        Checks.notNull(descriptor, "descriptor");
        Checks.notNull(chip, "chip");
        checks = List.copyOf(Checks.noNulls(checks, "checks"));
        Checks.notNull(verdict, "verdict");
        Checks.notNull(image, "image");
        Checks.notNull(bundle, "bundle");
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    /** The check of that name, if it ran. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The failed checks as one line, {@code name: message; ...}; empty when accepted. */
    public String failures() {
        return checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.message())
                .collect(Collectors.joining("; "));
    }

    /** The checks as the steps of a release's validation report. */
    public List<ValidationReport.Step> steps() {
        return checks.stream().map(Check::toStep).toList();
    }

    /**
     * The catalog's description of this artifact stored under {@code key}.
     *
     * @throws InvalidArtifactException if the artifact was rejected, naming every failed check
     */
    public Artifact toArtifact(String key) {
        requireAccepted();
        return new Artifact(kind.orElseThrow(), key, size, sha256, parts);
    }

    /**
     * Returns this report if the artifact was accepted.
     *
     * @throws InvalidArtifactException naming every failed check otherwise
     */
    public ArtifactReport requireAccepted() {
        if (!accepted()) {
            throw new InvalidArtifactException("the artifact was rejected: " + failures());
        }
        return this;
    }
}
