package io.voyagerota.artifact;

import java.util.List;

/** Whether an artifact may be released: every check passed, or at least one failed. */
public enum Verdict {
    ACCEPTED, REJECTED;

    /** {@link #ACCEPTED} when there is at least one check and every check passed. */
    public static Verdict of(List<Check> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed) ? ACCEPTED : REJECTED;
    }
}
