package io.voyagerota.catalog;

import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a release's validation pipeline: each named step and whether it passed. A release reaches Staging
 * only when {@link #passed()}.
 */
public record ValidationReport(Status status, List<Step> steps, Optional<Instant> at) {
    public enum Status { NOT_RUN, PASSED, FAILED }

    /** One named check with a message a person understands. */
    public record Step(String name, boolean passed, String message) {
        public Step {
            Checks.notNull(name, "step name");
            Checks.notNull(message, "step message");
        }
    }

    public ValidationReport {
        Checks.notNull(status, "status");
        steps = List.copyOf(Checks.noNulls(steps, "steps"));
        Checks.notNull(at, "at");
    }

    public static ValidationReport notRun() {
        return new ValidationReport(Status.NOT_RUN, List.of(), Optional.empty());
    }

    /** A report whose status follows from its steps: passed when there is at least one step and all passed. */
    public static ValidationReport of(List<Step> steps, Instant at) {
        boolean ok = !steps.isEmpty() && steps.stream().allMatch(Step::passed);
        return new ValidationReport(ok ? Status.PASSED : Status.FAILED, steps, Optional.of(at));
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    /** The messages of the failed steps, joined, for error messages. */
    public String failures() {
        return steps.stream().filter(s -> !s.passed()).map(s -> s.name() + ": " + s.message())
                .reduce((a, b) -> a + "; " + b).orElse(status == Status.NOT_RUN ? "validation has not run" : "");
    }
}
