package io.voyagerota.event;

import java.time.Instant;

/** Something that happened inside Voyager that a host may want to log, count or alert on. */
public sealed interface VoyagerEvent
        permits Alert, FirmwareUploaded, ReleaseTransitioned, RolloutAdvanced, RolloutResumed {
    /** When it happened, by Voyager's clock. */
    Instant at();
}
