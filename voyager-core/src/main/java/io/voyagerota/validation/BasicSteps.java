package io.voyagerota.validation;

import io.voyagerota.catalog.ValidationReport;

import java.util.List;

/**
 * The default pipeline: not empty, within the product's size limit, a well-formed ESP32 app image or bundle, of a
 * known kind, built for the models' chip, declaring the release's version and secure version, signed when the
 * product requires it.
 */
public final class BasicSteps {
    private BasicSteps() {
    }

    public static List<ValidationStep> all() {
        return List.of(new NotEmpty(), new SizeLimit(), new FirmwareSteps.Format(), new FirmwareSteps.Kind(),
                new FirmwareSteps.ChipMatchesModels(), new FirmwareSteps.DescriptorVersion(),
                new FirmwareSteps.SecureVersion(), new SignatureStep());
    }

    static final class NotEmpty implements ValidationStep {
        @Override
        public String name() {
            return "not-empty";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            long size = in.stored().size();
            return List.of(new ValidationReport.Step(name(), size > 0, size > 0
                    ? size + " bytes, sha256 " + in.stored().sha256() : "the uploaded file is empty"));
        }
    }

    static final class SizeLimit implements ValidationStep {
        @Override
        public String name() {
            return "size-limit";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            boolean ok = in.stored().size() <= in.product().maxArtifactBytes();
            return List.of(new ValidationReport.Step(name(), ok, in.stored().size() + " of at most "
                    + in.product().maxArtifactBytes() + " bytes"));
        }
    }
}
