package io.voyagerota.catalog;

import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * What an operator or CI says about a new release before its artifact is uploaded. Build one with
 * {@link #builder(String, Version)}.
 */
public record ReleaseDraft(String productId, Version version, List<String> compatibleModels, String changelog,
                           boolean required, OptionalInt minBatteryPercent, Optional<Version> requiresAtLeast,
                           int secureVersion) {
    public ReleaseDraft {
        Checks.notNull(productId, "productId");
        Checks.notNull(version, "version");
        compatibleModels = List.copyOf(Checks.noNulls(compatibleModels, "compatibleModels"));
        Checks.notNull(changelog, "changelog");
        Checks.notNull(minBatteryPercent, "minBatteryPercent");
        Checks.notNull(requiresAtLeast, "requiresAtLeast");
    }

    public static Builder builder(String productId, Version version) {
        return new Builder(productId, version);
    }

    /** The new draft release this describes, not yet stored (revision 0). */
    public Release toRelease(Instant now) {
        return new Release(UUID.randomUUID().toString(), productId, version, ReleaseState.DRAFT, false,
                compatibleModels, Optional.empty(), changelog, required, minBatteryPercent, requiresAtLeast,
                secureVersion, Optional.empty(), Optional.empty(), ValidationReport.notRun(), now, now, 0);
    }

    /** Collects the optional parts of a release draft. */
    public static final class Builder {
        private final String productId;
        private final Version version;
        private List<String> models = List.of();
        private String changelog = "";
        private boolean required;
        private OptionalInt minBattery = OptionalInt.empty();
        private Optional<Version> requiresAtLeast = Optional.empty();
        private int secureVersion;

        private Builder(String productId, Version version) {
            this.productId = productId;
            this.version = version;
        }

        /** Model names it may be installed on; none means every model of the product. */
        public Builder models(String... names) {
            this.models = List.of(names);
            return this;
        }

        /** Release notes in Markdown. */
        public Builder changelog(String markdown) {
            this.changelog = markdown;
            return this;
        }

        /** Whether devices should install it without asking their user. */
        public Builder required(boolean isRequired) {
            this.required = isRequired;
            return this;
        }

        public Builder minBatteryPercent(int percent) {
            this.minBattery = OptionalInt.of(percent);
            return this;
        }

        /** Devices older than this must first take an older release (a stepping stone). */
        public Builder requiresAtLeast(Version stone) {
            this.requiresAtLeast = Optional.of(stone);
            return this;
        }

        public Builder secureVersion(int epoch) {
            this.secureVersion = epoch;
            return this;
        }

        public ReleaseDraft build() {
            return new ReleaseDraft(productId, version, models, changelog, required, minBattery, requiresAtLeast,
                    secureVersion);
        }
    }
}
