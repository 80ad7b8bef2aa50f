package io.voyagerota;

import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportStatus;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this node's {@link Voyager} has answered since it started, as plain monotonic counters for monitoring (a
 * metrics library reads them; core depends on none). Counting a check is one {@link LongAdder} increment: no lock,
 * no allocation. The counts are this node's only; sum them over nodes for the fleet.
 */
public final class VoyagerCounters {
    /** The most distinct error codes counted apart; reports with any other code count under {@value #OTHER}. */
    public static final int MAX_ERROR_CODES = 32;
    /** The error code that stands for codes beyond the first {@value #MAX_ERROR_CODES}. */
    public static final String OTHER = "other";
    /** The error code of a failure report that gave none. */
    public static final String NONE = "none";

    private static final NoUpdate.Reason[] REASONS = NoUpdate.Reason.values();
    private static final Offer.Kind[] KINDS = Offer.Kind.values();
    private static final ReportStatus[] STATUSES = ReportStatus.values();

    private final LongAdder[] noUpdates = adders(REASONS.length);
    private final LongAdder[] offers = adders(KINDS.length);
    private final LongAdder[] reports = adders(STATUSES.length);
    private final LongAdder duplicateReports = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errorCodes = new ConcurrentHashMap<>();

    VoyagerCounters() {
    }

    /** Checks answered with no update, for this reason. */
    public long noUpdates(NoUpdate.Reason reason) {
        return noUpdates[reason.ordinal()].sum();
    }

    /** Checks answered with an offer of this kind. */
    public long offers(Offer.Kind kind) {
        return offers[kind.ordinal()].sum();
    }

    /** Every check answered, whatever the answer. */
    public long checks() {
        long total = 0;
        for (LongAdder a : noUpdates) {
            total += a.sum();
        }
        for (LongAdder a : offers) {
            total += a.sum();
        }
        return total;
    }

    /** Reports recorded with this status (duplicates not counted). */
    public long reports(ReportStatus status) {
        return reports[status.ordinal()].sum();
    }

    /** Reports that repeated one recorded before and changed nothing. */
    public long duplicateReports() {
        return duplicateReports.sum();
    }

    /**
     * Recorded FAILED and ROLLED_BACK reports by error code: at most {@value #MAX_ERROR_CODES} codes, the first
     * seen, then {@value #OTHER}; {@value #NONE} for reports without one. Sorted by code.
     */
    public Map<String, Long> reportErrors() {
        Map<String, Long> out = new TreeMap<>();
        errorCodes.forEach((code, n) -> out.put(code, n.sum()));
        return Collections.unmodifiableMap(out);
    }

    void checked(UpdateDecision decision) {
        if (decision instanceof Offer offer) {
            offers[offer.kind().ordinal()].increment();
        } else {
            noUpdates[((NoUpdate) decision).reason().ordinal()].increment();
        }
    }

    void reported(DeviceReport report, Devices.ReportOutcome outcome) {
        if (outcome == Devices.ReportOutcome.DUPLICATE) {
            duplicateReports.increment();
            return;
        }
        reports[report.status().ordinal()].increment();
        if (report.status() == ReportStatus.FAILED || report.status() == ReportStatus.ROLLED_BACK) {
            String code = report.errorCode().orElse(NONE);
            LongAdder counter = errorCodes.get(code);
            if (counter == null) {
                // The bound is approximate under races (a few codes more at most), which keeps this lock-free.
                counter = errorCodes.size() < MAX_ERROR_CODES ? errorCodes.computeIfAbsent(code, c -> new LongAdder())
                        : errorCodes.computeIfAbsent(OTHER, c -> new LongAdder());
            }
            counter.increment();
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] out = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }
}
