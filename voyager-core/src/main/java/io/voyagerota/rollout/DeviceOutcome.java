package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.Optional;

/**
 * One device's latest outcome for a rollout: what a rollout's figures are made of. A device's later outcome
 * replaces its earlier one, so each device counts once however many reports it sends.
 *
 * @param status        SUCCESS, FAILED or ROLLED_BACK
 * @param failureReason the failure's reason ({@code DeviceReport#failureReason()}); empty for a success
 * @param bucket        the device's bucket in the rollout, which tells the stage of a plan that admitted it
 * @param reportedAt    when the device reported it
 */
public record DeviceOutcome(String deviceId, ReportStatus status, Optional<String> failureReason, int bucket,
                            Instant reportedAt) {
    public DeviceOutcome {
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(status, "status");
        Checks.notNull(failureReason, "failureReason");
        Checks.notNull(reportedAt, "reportedAt");
        Checks.inRange(bucket, 0, RolloutBuckets.BUCKETS - 1, "bucket");
        if (!status.isOutcome()) {
            throw new InvalidInputException(status + " is progress, not an outcome");
        }
        if (failureReason.isPresent() == (status == ReportStatus.SUCCESS)) {
            throw new InvalidInputException("a failure needs a reason and a success has none");
        }
    }

    public boolean success() {
        return status == ReportStatus.SUCCESS;
    }
}
