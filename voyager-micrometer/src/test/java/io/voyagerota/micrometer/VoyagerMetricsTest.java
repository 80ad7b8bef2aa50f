package io.voyagerota.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoyagerMetricsTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final VoyagerMetrics metrics = new VoyagerMetrics(f.voyager, Duration.ofHours(1));

    @AfterEach
    void close() {
        metrics.close();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private void report(String id, String device, ReportStatus status, Optional<String> error) {
        f.voyager.devices().report(new DeviceReport(id, device, PRODUCT, Version.parse("1.0.0"),
                Version.parse("1.1.0"), Version.parse(status == ReportStatus.SUCCESS ? "1.1.0" : "1.0.0"), status,
                error, Optional.empty(), ReportMetrics.none(), f.clock.instant()));
    }

    private void check(String device, String version) {
        f.voyager.check(DeviceCheck.of(device, PRODUCT, S3, Version.parse(version)));
    }

    @Test
    void checksOffersAndReportsAreCountedWithLowCardinalityTags() {
        metrics.bindTo(registry);
        f.production("1.1.0");
        check("d-1", "1.0.0");
        check("d-2", "1.0.0");
        check("d-3", "1.1.0");
        report("r-1", "d-1", ReportStatus.DOWNLOADING, Optional.empty());
        report("r-2", "d-1", ReportStatus.SUCCESS, Optional.empty());
        report("r-2", "d-1", ReportStatus.SUCCESS, Optional.empty());
        report("r-3", "d-2", ReportStatus.FAILED, Optional.of("download-timeout"));
        metrics.refresh();
        System.gc(); // Micrometer holds a function counter's state weakly: it must be state that lives on

        assertEquals(2, counter("voyager.checks", "outcome", "offer"));
        assertEquals(1, counter("voyager.checks", "outcome", "up-to-date"));
        assertEquals(0, counter("voyager.checks", "outcome", "not-in-rollout"));
        assertEquals(2, counter("voyager.offers", "kind", "upgrade"));
        assertEquals(0, counter("voyager.offers", "kind", "rollback"));
        assertEquals(1, counter("voyager.reports", "status", "downloading"));
        assertEquals(1, counter("voyager.reports", "status", "success"));
        assertEquals(1, counter("voyager.reports", "status", "failed"));
        assertEquals(0, counter("voyager.reports", "status", "rolled-back"));
        assertEquals(1, counter("voyager.reports.duplicate"));
        assertEquals(1, counter("voyager.report.errors", "code", "download-timeout"));
        for (Meter meter : registry.getMeters()) {
            assertFalse(meter.getId().getTags().stream().anyMatch(t -> t.getValue().startsWith("d-")),
                    "no device id in any tag: " + meter.getId());
        }
    }

    @Test
    void rolloutsAndTheirSuccessRatesAreSampledFromTheRegistry() {
        f.production("1.0.0");
        f.production("1.1.0");
        check("d-1", "1.0.0");
        check("d-2", "1.0.0");
        report("r-1", "d-1", ReportStatus.SUCCESS, Optional.empty());
        report("r-2", "d-2", ReportStatus.FAILED, Optional.of("flash-write"));
        f.voyager.rollouts().pause(f.voyager.rollouts().ofRelease(
                f.voyager.snapshot().findRelease(PRODUCT, Version.parse("1.0.0")).orElseThrow().id()).id(), "test");
        metrics.bindTo(registry);
        metrics.refresh();

        assertEquals(1, gauge("voyager.rollouts", "state", "active"));
        assertEquals(1, gauge("voyager.rollouts", "state", "paused"));
        assertEquals(0.5, gauge("voyager.rollout.success.rate", "product", PRODUCT, "version", "1.1.0"));
        assertEquals(1, gauge("voyager.rollout.outcomes", "product", PRODUCT, "version", "1.1.0",
                "result", "success"));
        assertEquals(1, gauge("voyager.rollout.outcomes", "product", PRODUCT, "version", "1.1.0",
                "result", "failure"));
    }

    @Test
    void theOutboxBacklogAndTheAgeOfItsOldestPendingEvent() {
        f.voyager.registry().outbox().append(List.of(
                OutboxEvent.pending("host.thing", "a-1", "{}", f.clock.instant()),
                OutboxEvent.pending("host.thing", "a-2", "{}", f.clock.instant().plusSeconds(10))));
        f.clock.advance(Duration.ofSeconds(90));
        metrics.bindTo(registry);
        metrics.refresh();

        long pending = f.voyager.outbox().counts().getOrDefault(OutboxState.PENDING, 0L);
        assertTrue(pending >= 2, "the two events are pending: " + pending);
        assertEquals(pending, gauge("voyager.outbox.events", "state", "pending"));
        assertEquals(0, gauge("voyager.outbox.events", "state", "failed"));
        assertEquals(90, registry.get("voyager.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS));
    }
}
