package io.voyagerota.validation;

import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;

/**
 * What a validation step may look at.
 *
 * @param release    the release as it will be stored, with the uploaded signature
 * @param stored     the stored artifact: its size and SHA-256 as computed while it streamed in
 * @param inspection what the streaming inspector found in the same pass (format, chip, descriptor, parts)
 * @param storage    to read the artifact again, streaming, when a step needs its bytes
 */
public record ValidationInput(Product product, Release release, StoredArtifact stored, ArtifactReport inspection,
                              ArtifactStorage storage) {
    public ValidationInput {
        Checks.notNull(product, "product");
        Checks.notNull(release, "release");
        Checks.notNull(stored, "stored");
        Checks.notNull(inspection, "inspection");
        Checks.notNull(storage, "storage");
    }
}
