package io.voyagerota;

import io.voyagerota.catalog.Release;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.Selection;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.event.RolloutAdvanced;
import io.voyagerota.memory.RecordingNotifier;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoyagerTest {
    private final VoyagerFixture f = new VoyagerFixture();

    @Test
    void checksWriteNothingUntilTheTickFlushesSightingsInOneBatch() {
        f.production("1.0.0");
        for (int i = 0; i < 3; i++) {
            f.voyager.check(DeviceCheck.of("dev-" + i, PRODUCT, S3, Version.parse("0.9.0")));
        }
        f.voyager.check(DeviceCheck.of("dev-0", PRODUCT, S3, Version.parse("1.0.0")));
        assertTrue(f.registry.fleet().findDevice("dev-0").isEmpty(), "no write on the check path");
        f.voyager.tick();
        assertEquals(Version.parse("1.0.0"), f.voyager.devices().get("dev-0").currentVersion(), "latest sighting wins");
        assertEquals(3, f.voyager.devices().list(PRODUCT, "", 10).size());
    }

    @Test
    void aStagedPlanAdvancesOnTheTickAfterItsSoak() {
        f.production("1.0.0");
        RolloutPlan plan = RolloutPlan.percentages(Duration.ofHours(6), 1, 10, 100);
        Release r = f.production("1.1.0", RolloutSpec.staged(plan)
                .guardedBy(new RolloutGuard(0.5, 3, 0.9, 100, Duration.ofHours(1))));
        List<String> firstPercent = VoyagerFixture.devicesIn(f.voyager.rollouts().ofRelease(r.id()), 0, 100, 3, "d");
        for (int i = 0; i < 3; i++) {
            f.voyager.devices().report(new DeviceReport("ok-" + i, firstPercent.get(i), PRODUCT,
                    Version.parse("1.0.0"),
                    Version.parse("1.1.0"), Version.parse("1.1.0"), ReportStatus.SUCCESS, Optional.empty(),
                    Optional.empty(), ReportMetrics.none(), f.clock.instant()));
        }
        f.voyager.tick();
        assertEquals(0, f.voyager.rollouts().ofRelease(r.id()).stage(), "not soaked");
        f.clock.advance(Duration.ofHours(6));
        f.voyager.tick();
        Rollout advanced = f.voyager.rollouts().ofRelease(r.id());
        assertEquals(1, advanced.stage());
        assertEquals(new RolloutTarget.Percentage(1000), advanced.target());
        assertEquals(1, f.events(RolloutAdvanced.class).size());
    }

    @Test
    void promotionNudgesKnownDevicesThatNowHaveAnOfferThroughTheOutbox() {
        f.production("1.0.0");
        f.voyager.check(DeviceCheck.of("old", PRODUCT, S3, Version.parse("1.0.0")));
        f.voyager.check(DeviceCheck.of("new", PRODUCT, S3, Version.parse("2.0.0")));
        f.voyager.tick();
        f.voyager.relayOutbox(); // the first promotion's trigger, before these devices were known
        int before = f.notifier.triggers().size();
        f.production("1.1.0");
        f.voyager.relayOutbox();
        Set<String> nudged = f.notifier.triggers().stream().skip(before).map(RecordingNotifier.Trigger::deviceId)
                .collect(Collectors.toSet());
        assertEquals(Set.of("old"), nudged);
    }

    @Test
    void aRolloutThatStartsLaterNudgesItsDevicesWhenItStartsAndHoldsBackNoOtherFanOut() {
        f.production("1.0.0");
        f.voyager.check(DeviceCheck.of("waiting", PRODUCT, S3, Version.parse("1.0.0")));
        f.voyager.tick();
        f.voyager.relayOutbox();
        int before = f.notifier.triggers().size();
        f.production("1.1.0", RolloutSpec.all().startingAt(f.clock.instant().plus(Duration.ofHours(2))));
        f.voyager.relayOutbox();
        assertEquals(before, f.notifier.triggers().size(), "no offer before the start, so nobody is nudged");

        f.clock.advance(Duration.ofHours(1));
        f.production("1.2.0-rc.1", RolloutSpec.all()); // a later fan-out of the product is not held back
        f.voyager.relayOutbox();
        List<String> reasons = f.notifier.triggers().stream().skip(before).map(RecordingNotifier.Trigger::reason)
                .toList();
        assertTrue(reasons.contains("release 1.2.0-rc.1 promoted"), reasons.toString());
        assertTrue(reasons.stream().noneMatch(r -> r.contains("starts")), reasons.toString());

        int beforeStart = f.notifier.triggers().size();
        f.clock.advance(Duration.ofHours(1));
        f.voyager.relayOutbox();
        List<RecordingNotifier.Trigger> atStart = f.notifier.triggers().stream().skip(beforeStart).toList();
        assertEquals(1, atStart.size(), atStart.toString());
        assertEquals("waiting", atStart.get(0).deviceId());
        assertTrue(atStart.get(0).reason().matches("rollout .+ of release 1\\.1\\.0 starts"), atStart.toString());
    }

    @Test
    void aNotifierThatCarriesSelectionsGetsEachEligibleDevicesSelectionThenOneFlushPerEvent() {
        List<Selection> offers = new CopyOnWriteArrayList<>();
        AtomicInteger flushes = new AtomicInteger();
        DeviceNotifier carrying = new DeviceNotifier() {
            @Override
            public void trigger(String productId, String deviceId, String reason) {
                throw new AssertionError("the selection variant is called");
            }

            @Override
            public void trigger(String productId, Selection selection, String reason) {
                assertEquals(PRODUCT, productId);
                assertTrue(reason.contains("1.1.0 promoted"), reason);
                offers.add(selection);
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
            }
        };
        Voyager voyager = Voyager.builder().registry(f.registry).artifactStorage(f.storage).clock(f.clock)
                .notifier(carrying).build();
        f.production("1.0.0");
        f.voyager.check(DeviceCheck.of("old", PRODUCT, S3, Version.parse("1.0.0")));
        f.voyager.check(DeviceCheck.of("new", PRODUCT, S3, Version.parse("2.0.0")));
        f.voyager.tick();
        f.voyager.relayOutbox(); // the fixture's own relay takes the first promotion's event
        Release next = f.staged("1.1.0");
        f.voyager.relayOutbox(); // staging's trigger for testers
        f.voyager.releases().promote(next.id(), RolloutSpec.all());
        assertEquals(1, voyager.relayOutbox());
        assertEquals(1, offers.size());
        assertEquals("old", offers.get(0).deviceId());
        assertEquals(Version.parse("1.1.0"), offers.get(0).release().version());
        assertEquals(1, flushes.get());
    }

    @Test
    void aPlainBuilderNeedsBothStoresAndInMemoryIsAChoiceMadeByName() {
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> Voyager.builder().build());
        assertTrue(none.getMessage().contains("needs a registry and an artifact storage")
                && none.getMessage().contains("Voyager.inMemory()"), none.getMessage());
        InvalidInputException storage = assertThrows(InvalidInputException.class,
                () -> Voyager.builder().registry(f.registry).build());
        assertTrue(storage.getMessage().startsWith("Voyager needs an artifact storage:"), storage.getMessage());
        try (Voyager demo = Voyager.inMemory().build()) {
            assertTrue(demo.downloadLinks() instanceof io.voyagerota.link.HmacDownloadLinks,
                    "without links of its own it issues HMAC links, which its HTTP handler verifies");
        }
    }

    @Test
    void configIsValidatedWithMessagesThatSayWhatToFix() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VoyagerConfig.defaults().withLinks(Duration.ofSeconds(60), Duration.ofSeconds(120)));
        assertTrue(e.getMessage().contains("linkWindow PT2M must not exceed linkTtl PT1M"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> VoyagerConfig.defaults().withIntervals(Duration.ZERO, Duration.ofSeconds(1)));
        e = assertThrows(InvalidInputException.class,
                () -> VoyagerConfig.defaults().withRefreshInterval(Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("refreshInterval must be between 10 ms and tickInterval"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> VoyagerConfig.defaults().withRefreshInterval(Duration.ofSeconds(6)), "beyond the 5 s tick");
        assertThrows(InvalidInputException.class, () -> VoyagerConfig.defaults().withFanoutWorkers(0));
        assertEquals(Duration.ofMillis(500), VoyagerConfig.defaults().refreshInterval());
        assertEquals(2, VoyagerConfig.defaults().fanoutWorkers());
        e = assertThrows(InvalidInputException.class,
                () -> VoyagerConfig.defaults().withFanoutLease(Duration.ofMillis(999)));
        assertTrue(e.getMessage().startsWith("fanoutLease must be between 1 s and 1 h, not PT0.999S"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> VoyagerConfig.defaults().withFanoutLease(Duration.ofMinutes(61)));
        assertThrows(NullPointerException.class, () -> VoyagerConfig.defaults().withFanoutLease(null));
        assertEquals(Duration.ofMinutes(1), VoyagerConfig.defaults().fanoutLease());
        assertEquals(Duration.ofHours(1), VoyagerConfig.defaults().withFanoutLease(Duration.ofHours(1)).fanoutLease());
        assertEquals(Duration.ofSeconds(1), VoyagerConfig.defaults().withFanoutLease(Duration.ofSeconds(1))
                .withFanoutWorkers(3).withIntervals(Duration.ofSeconds(2), Duration.ofSeconds(1)).fanoutLease(),
                "kept by the other with… methods");
        assertEquals(Duration.ofSeconds(2), VoyagerConfig.defaults().withRefreshInterval(Duration.ofSeconds(4))
                .withIntervals(Duration.ofSeconds(2), Duration.ofSeconds(1)).refreshInterval(),
                "a shorter tick takes the watch interval down with it");
    }

    @Test
    void backgroundWorkStartsAndStops() throws Exception {
        f.production("1.0.0");
        f.voyager.check(DeviceCheck.of("bg", PRODUCT, S3, Version.parse("0.1.0")));
        f.voyager.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (f.registry.fleet().findDevice("bg").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        f.voyager.close();
        assertTrue(f.registry.fleet().findDevice("bg").isPresent());
    }
}
