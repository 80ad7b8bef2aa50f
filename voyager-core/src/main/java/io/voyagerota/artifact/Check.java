package io.voyagerota.artifact;

import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.support.Checks;

/**
 * One named check of an artifact, such as {@code checksum} or {@code firmware.app-descriptor}, with a message a person
 * understands: what was found, where (byte offset), and when it failed what to do about it.
 *
 * @param name    a stable kebab-case name; checks of a bundle's parts carry the part's name as a prefix
 * @param passed  whether the artifact passed it
 * @param message what was found
 */
public record Check(String name, boolean passed, String message) {
    public Check {
        Checks.notNull(name, "check name");
        Checks.notNull(message, "check message");
    }

    public static Check pass(String name, String message) {
        return new Check(name, true, message);
    }

    public static Check fail(String name, String message) {
        return new Check(name, false, message);
    }

    /**
     * The check of a bundle's part as the bundle reports it: named {@code part.name}, its message saying where the
     * part starts, since the part's own offsets count from there.
     */
    public Check inPart(String part, long offset) {
        return new Check(part + "." + name, passed, String.format("[%s part, from bundle offset %d] %s", part, offset,
                message));
    }

    /** As a step of a release's validation report. */
    public ValidationReport.Step toStep() {
        return new ValidationReport.Step(name, passed, message);
    }

    @Override
    public String toString() {
        return name + (passed ? " passed: " : " FAILED: ") + message;
    }
}
