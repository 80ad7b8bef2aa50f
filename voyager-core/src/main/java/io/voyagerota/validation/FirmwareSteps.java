package io.voyagerota.validation;

import io.voyagerota.VoyagerException;
import io.voyagerota.artifact.esp32.AppDescriptor;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.version.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The steps that read what the streaming inspector found in the artifact. */
final class FirmwareSteps {
    private FirmwareSteps() {
    }

    /** Every check of the inspector (magic, segments, checksum, hash, descriptor, bundle parts …) as a step. */
    static final class Format implements ValidationStep {
        @Override
        public String name() {
            return "format";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            return in.inspection().steps();
        }
    }

    static final class Kind implements ValidationStep {
        @Override
        public String name() {
            return "kind";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            Optional<ArtifactKind> kind = in.inspection().kind();
            if (kind.isEmpty()) {
                return List.of(new ValidationReport.Step(name(), false,
                        "neither an ESP32 application image nor a firmware+UI bundle"));
            }
            String what = kind.get() == ArtifactKind.APP_IMAGE ? "ESP32 application image"
                    : "firmware+UI bundle with parts " + in.inspection().parts().stream()
                    .map(p -> p.name() + " (" + p.size() + " bytes)").toList();
            return List.of(new ValidationReport.Step(name(), true, what));
        }
    }

    /** The image's chip must be the chip of every model the release may be installed on. */
    static final class ChipMatchesModels implements ValidationStep {
        @Override
        public String name() {
            return "chip";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            Optional<Chip> chip = in.inspection().chip();
            if (chip.isEmpty()) {
                return List.of(new ValidationReport.Step(name(), false, "the image's chip could not be read"));
            }
            List<String> wrong = new ArrayList<>();
            for (HardwareModel m : in.product().models()) {
                if (in.release().fits(m.name()) && m.chip() != chip.get()) {
                    wrong.add("'" + m.name() + "' is an " + m.chip().wireName());
                }
            }
            return List.of(wrong.isEmpty()
                    ? new ValidationReport.Step(name(), true, "built for " + chip.get().wireName()
                            + ", the chip of every model it may be installed on")
                    : new ValidationReport.Step(name(), false, "built for " + chip.get().wireName() + " but model "
                            + String.join(", ", wrong) + "; limit the release to matching models or build for"
                            + " their chip"));
        }
    }

    /** When the image declares a version (Arduino builds may not), it must be the release's version. */
    static final class DescriptorVersion implements ValidationStep {
        @Override
        public String name() {
            return "descriptor-version";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            Optional<String> declared = in.inspection().descriptor().flatMap(AppDescriptor::declaredVersion);
            Version release = in.release().version();
            if (declared.isEmpty()) {
                return List.of(new ValidationReport.Step(name(), true,
                        "the image declares no version; the release's " + release + " is used"));
            }
            try {
                Version image = Version.parseLenient(declared.get());
                boolean same = image.equals(release);
                return List.of(new ValidationReport.Step(name(), same, same
                        ? "the image declares " + declared.get()
                        : "the image declares version " + declared.get() + " but the release is " + release
                                + "; set PROJECT_VER (or the Arduino version) to " + release + " and rebuild"));
            } catch (VoyagerException e) {
                return List.of(new ValidationReport.Step(name(), false, "the image declares version \""
                        + declared.get() + "\", which is not a semantic version; set PROJECT_VER to " + release));
            }
        }
    }

    /** The release's anti-rollback epoch must be the one compiled into the image. */
    static final class SecureVersion implements ValidationStep {
        @Override
        public String name() {
            return "secure-version";
        }

        @Override
        public List<ValidationReport.Step> check(ValidationInput in) {
            Optional<AppDescriptor> descriptor = in.inspection().descriptor();
            if (descriptor.isEmpty()) {
                return List.of(new ValidationReport.Step(name(), false, "the image has no app descriptor"));
            }
            long image = descriptor.get().secureVersion();
            long release = in.release().secureVersion();
            return List.of(image == release
                    ? new ValidationReport.Step(name(), true, "secure_version " + image)
                    : new ValidationReport.Step(name(), false, "the image's secure_version is " + image
                            + " but the release says " + release + "; make them agree"));
        }
    }
}
