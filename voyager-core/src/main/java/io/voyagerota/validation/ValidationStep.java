package io.voyagerota.validation;

import io.voyagerota.catalog.ValidationReport;

import java.io.IOException;
import java.util.List;

/**
 * One named check of a release's validation pipeline, run once the artifact is stored and inspected. A step that
 * needs the bytes reads them through {@link ValidationInput#storage()}, streaming, never whole in memory. Most steps
 * report one result; a step may report several (the format step reports each check of the inspector).
 */
public interface ValidationStep {
    /** A short name, such as {@code size-limit}, shown in the report. */
    String name();

    List<ValidationReport.Step> check(ValidationInput input) throws IOException;
}
