package io.voyagerota.housekeeping;

import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.List;

/**
 * What one housekeeping run did on this node.
 *
 * @param startedAt        when it started
 * @param finishedAt       when it finished
 * @param leftoversSwept   what storage removed of interrupted writes (temporary files, multipart uploads)
 * @param artifactsListed  how many stored artifacts it looked at
 * @param purges           the purges it queued (or found queued already today)
 * @param problems         what it could not do, and why; empty when it did everything
 */
public record HousekeepingReport(Instant startedAt, Instant finishedAt, List<String> leftoversSwept,
                                 long artifactsListed, List<ArtifactPurge> purges, List<String> problems) {
    public HousekeepingReport {
        Checks.notNull(startedAt, "startedAt");
        Checks.notNull(finishedAt, "finishedAt");
        leftoversSwept = List.copyOf(Checks.noNulls(leftoversSwept, "leftoversSwept"));
        purges = List.copyOf(Checks.noNulls(purges, "purges"));
        problems = List.copyOf(Checks.noNulls(problems, "problems"));
    }
}
