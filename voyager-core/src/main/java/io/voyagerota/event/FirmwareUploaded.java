package io.voyagerota.event;

import java.time.Instant;

/** A draft release received its firmware file, which the validation pipeline then checked. */
public record FirmwareUploaded(String releaseId, String productId, String version, long size, String sha256,
                               boolean validationPassed, Instant at) implements VoyagerEvent {
}
