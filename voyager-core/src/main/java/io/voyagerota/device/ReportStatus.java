package io.voyagerota.device;

/** What a device says about an update in progress or finished. */
public enum ReportStatus {
    DOWNLOADING, INSTALLING, REBOOTING,
    /** The device booted the new image and marked it valid: the only status that counts as a success. */
    SUCCESS,
    /** The update did not complete; the device still runs its previous image. */
    FAILED,
    /** The new image booted but did not mark itself valid, and the bootloader fell back to the previous one. */
    ROLLED_BACK;

    /** Whether this ends an update attempt and counts towards a rollout's outcome counters. */
    public boolean isOutcome() {
        return this == SUCCESS || this == FAILED || this == ROLLED_BACK;
    }
}
