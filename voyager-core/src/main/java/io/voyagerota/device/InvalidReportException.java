package io.voyagerota.device;

import io.voyagerota.VoyagerException;

/** A device report that contradicts itself or the catalog; nothing of it is recorded. */
public final class InvalidReportException extends VoyagerException {
    public InvalidReportException(String reportId, String message) {
        super("invalid-report", "report " + reportId + ": " + message);
    }
}
