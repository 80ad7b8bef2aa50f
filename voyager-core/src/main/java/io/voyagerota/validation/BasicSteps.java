package io.voyagerota.validation;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.signing.SignatureStep;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;

import java.util.List;

/** The steps every release passes whatever its format: not empty, within the size limit, signed when required. */
public final class BasicSteps {
    private BasicSteps() {
    }

    public static List<ValidationStep> all() {
        return List.of(new NotEmpty(), new SizeLimit(), new SignatureStep());
    }

    static final class NotEmpty implements ValidationStep {
        @Override
        public String name() {
            return "not-empty";
        }

        @Override
        public ValidationReport.Step check(Product product, Release release, StoredArtifact artifact,
                                           ArtifactStorage storage) {
            return new ValidationReport.Step(name(), artifact.size() > 0, artifact.size() > 0
                    ? artifact.size() + " bytes, sha256 " + artifact.sha256() : "the uploaded file is empty");
        }
    }

    static final class SizeLimit implements ValidationStep {
        @Override
        public String name() {
            return "size-limit";
        }

        @Override
        public ValidationReport.Step check(Product product, Release release, StoredArtifact artifact,
                                           ArtifactStorage storage) {
            boolean ok = artifact.size() <= product.maxArtifactBytes();
            return new ValidationReport.Step(name(), ok, artifact.size() + " of at most "
                    + product.maxArtifactBytes() + " bytes");
        }
    }
}
