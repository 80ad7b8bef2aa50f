package io.voyagerota.housekeeping;

/** Why housekeeping purges an artifact. */
public enum PurgeReason {
    /**
     * No release references it and it is older than the grace period: a crash between the storage write and the
     * catalog commit left it behind.
     */
    UNREFERENCED,
    /** Only deleted releases reference it, each deleted longer ago than the retention: it can no longer be restored. */
    RETENTION;

    /** The name used in event payloads and the admin API. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
