package io.voyagerota;

import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.Offer;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoyagerCountersTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private final VoyagerCounters counters = f.voyager.counters();

    private DeviceReport report(String id, ReportStatus status, Optional<String> error) {
        return new DeviceReport(id, "d-1", PRODUCT, Version.parse("1.0.0"), Version.parse("1.1.0"),
                Version.parse(status == ReportStatus.SUCCESS ? "1.1.0" : "1.0.0"), status, error, Optional.empty(),
                ReportMetrics.none(), f.clock.instant());
    }

    @Test
    void checksAreCountedByTheirAnswer() {
        f.production("1.1.0");
        f.voyager.check(DeviceCheck.of("d-1", PRODUCT, S3, Version.parse("1.0.0")));
        f.voyager.check(DeviceCheck.of("d-2", PRODUCT, S3, Version.parse("1.0.0")));
        f.voyager.check(DeviceCheck.of("d-3", PRODUCT, S3, Version.parse("1.1.0")));
        f.voyager.check(DeviceCheck.of("d-4", "no-such-product", S3, Version.parse("1.0.0")));

        assertEquals(2, counters.offers(Offer.Kind.UPGRADE));
        assertEquals(0, counters.offers(Offer.Kind.ROLLBACK));
        assertEquals(1, counters.noUpdates(NoUpdate.Reason.UP_TO_DATE));
        assertEquals(1, counters.noUpdates(NoUpdate.Reason.UNKNOWN_PRODUCT));
        assertEquals(4, counters.checks());
    }

    @Test
    void reportsAreCountedByStatusAndFailuresByErrorCode() {
        f.production("1.1.0");
        f.voyager.devices().report(report("r-1", ReportStatus.DOWNLOADING, Optional.empty()));
        f.voyager.devices().report(report("r-2", ReportStatus.FAILED, Optional.of("download-timeout")));
        f.voyager.devices().report(report("r-2", ReportStatus.FAILED, Optional.of("download-timeout")));
        f.voyager.devices().report(report("r-3", ReportStatus.ROLLED_BACK, Optional.empty()));

        assertEquals(1, counters.reports(ReportStatus.DOWNLOADING));
        assertEquals(1, counters.reports(ReportStatus.FAILED), "the duplicate is not counted again");
        assertEquals(1, counters.reports(ReportStatus.ROLLED_BACK));
        assertEquals(1, counters.duplicateReports());
        assertEquals(Map.of("download-timeout", 1L, VoyagerCounters.NONE, 1L), counters.reportErrors());
    }

    @Test
    void errorCodesBeyondTheBoundCountAsOther() {
        f.production("1.1.0");
        int codes = VoyagerCounters.MAX_ERROR_CODES + 5;
        for (int i = 0; i < codes; i++) {
            f.voyager.devices().report(report("r-" + i, ReportStatus.FAILED, Optional.of("code-" + i)));
        }
        Map<String, Long> errors = counters.reportErrors();
        assertTrue(errors.size() <= VoyagerCounters.MAX_ERROR_CODES + 1, "codes: " + errors.keySet());
        assertEquals(codes, errors.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(5L, errors.get(VoyagerCounters.OTHER), "the 33rd code and after go to 'other'");
    }
}
