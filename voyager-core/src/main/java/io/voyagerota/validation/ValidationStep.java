package io.voyagerota.validation;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;

import java.io.IOException;

/**
 * One named check of a release's validation pipeline, run after the artifact is stored. A step reads the
 * artifact through {@link ArtifactStorage#open} when it needs its bytes, streaming, never whole in memory.
 */
public interface ValidationStep {
    /** A short name, such as {@code size-limit}, shown in the report. */
    String name();

    ValidationReport.Step check(Product product, Release release, StoredArtifact artifact, ArtifactStorage storage)
            throws IOException;
}
