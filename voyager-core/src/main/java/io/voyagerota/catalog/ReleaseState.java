package io.voyagerota.catalog;

/**
 * Where a release stands. The legal moves are Draft → Staging (once validation passed) → Production → Revoked, and
 * Staging → Revoked. Revoked is final. Deletion and restoration are separate from the state: see {@link Release#deleted()}.
 */
public enum ReleaseState {
    /** Uploaded, not offered to any device. */
    DRAFT,
    /** Validated and offered only to tester devices. */
    STAGING,
    /** Offered to the devices its rollout admits. */
    PRODUCTION,
    /** Blocked with a reason; devices running it are offered the newest good release below it. */
    REVOKED;

    public boolean canMoveTo(ReleaseState next) {
        return switch (this) {
            case DRAFT -> next == STAGING;
            case STAGING -> next == PRODUCTION || next == REVOKED;
            case PRODUCTION -> next == REVOKED;
            case REVOKED -> false;
        };
    }

    /** Whether devices may be offered a release in this state (staging only to testers). */
    public boolean isOffered() {
        return this == STAGING || this == PRODUCTION;
    }
}
