package io.voyagerota.rollout;

import io.voyagerota.NotFoundException;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.voyagerota.testing.VoyagerFixture.C3;
import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RolloutProgressTest {
    private static final Version OLD = Version.parse("0.9.0");
    private static final Version NEW = Version.parse("1.0.0");

    private final VoyagerFixture f = new VoyagerFixture();
    private int reports;

    private void seen(String product, String model, Version version, String... ids) {
        List<DeviceSighting> sightings = new ArrayList<>();
        for (String id : ids) {
            sightings.add(new DeviceSighting(id, product, model, version, f.clock.instant()));
        }
        f.registry.fleet().touch(sightings);
    }

    private void report(String device, ReportStatus status, Version running, String errorCode) {
        f.voyager.devices().report(new DeviceReport("r-" + reports++, device, PRODUCT, OLD, NEW, running, status,
                Optional.ofNullable(errorCode), Optional.empty(), ReportMetrics.none(), f.clock.instant()));
    }

    private static String[] ids(String prefix, int from, int to) {
        String[] out = new String[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = prefix + String.format("%05d", i);
        }
        return out;
    }

    @Test
    void aPercentageCountsTheFittingDevicesItsBucketsCoverOverEveryPage() {
        Release release = f.production("1.0.0", RolloutSpec.percent(30));
        Rollout rollout = f.voyager.rollouts().ofRelease(release.id());
        String[] old = ids("s3-", 0, 2000);
        String[] current = ids("s3-", 2000, 2600);
        seen(PRODUCT, S3, OLD, old);
        seen(PRODUCT, S3, NEW, current);
        seen(PRODUCT, C3, OLD, ids("c3-", 0, 300)); // the release is for S3 only
        f.voyager.products().create(Product.of("door", "Door", new HardwareModel(S3, Chip.ESP32_S3)));
        seen("door", S3, OLD, ids("door-", 0, 300));

        long expectedOld = covered(rollout, old);
        long expectedCurrent = covered(rollout, current);
        RolloutProgress progress = f.voyager.rollouts().progress(rollout.id());

        assertEquals(expectedOld + expectedCurrent, progress.eligible());
        assertEquals(expectedCurrent, progress.updated());
        assertEquals(rollout.id(), progress.rolloutId());
        assertEquals(release.id(), progress.releaseId());
        assertEquals(NEW, progress.version());
        assertEquals(0, progress.successes());
        assertEquals(1.0, progress.successRate(), "no outcomes yet");
        assertEquals(Map.of(), progress.failuresByReason());
        // The hash spreads 2600 devices near 30%: a count far from it would mean the wrong devices were counted.
        assertEquals(0.3, (double) progress.eligible() / 2600, 0.05);
    }

    private static long covered(Rollout rollout, String[] ids) {
        long n = 0;
        for (String id : ids) {
            n += RolloutBuckets.bucket(rollout.salt(), id) < 3000 ? 1 : 0;
        }
        return n;
    }

    @Test
    void outcomesAndUpdatedDevicesComeFromTheReports() {
        Release release = f.production("1.0.0", RolloutSpec.all());
        seen(PRODUCT, S3, OLD, "a", "b", "c", "d", "e", "f");
        report("a", ReportStatus.SUCCESS, NEW, null);
        report("b", ReportStatus.SUCCESS, NEW, null);
        report("c", ReportStatus.SUCCESS, NEW, null);
        report("d", ReportStatus.FAILED, OLD, "sha256-mismatch");
        report("e", ReportStatus.ROLLED_BACK, OLD, null);
        report("f", ReportStatus.DOWNLOADING, OLD, null);

        RolloutProgress progress = f.voyager.rollouts().progress(f.voyager.rollouts().ofRelease(release.id()).id());
        assertEquals(6, progress.eligible());
        assertEquals(3, progress.updated());
        assertEquals(3, progress.successes());
        assertEquals(2, progress.failures());
        assertEquals(0.6, progress.successRate(), 1e-9);
        assertEquals(List.of("rolled-back", "sha256-mismatch"), List.copyOf(progress.failuresByReason().keySet()));
    }

    @Test
    void aPausedOrNotYetStartedRolloutCountsTheDevicesItsTargetCovers() {
        Release release = f.production("1.0.0", RolloutSpec.all().startingAt(f.clock.instant().plusSeconds(3600)));
        seen(PRODUCT, S3, OLD, "a", "b");
        String rolloutId = f.voyager.rollouts().ofRelease(release.id()).id();
        assertEquals(2, f.voyager.rollouts().progress(rolloutId).eligible());
        f.voyager.rollouts().pause(rolloutId, "looking into reports");
        assertEquals(2, f.voyager.rollouts().progress(rolloutId).eligible());
    }

    @Test
    void aDeviceListCountsTheKnownListedDevicesAndATagTargetTheTaggedOnes() {
        Release listed = f.production("1.0.0", RolloutSpec.to(RolloutTarget.devices("a", "b", "ghost")));
        seen(PRODUCT, S3, OLD, "a", "b", "c");
        assertEquals(2, f.voyager.rollouts().progress(f.voyager.rollouts().ofRelease(listed.id()).id()).eligible());

        Release tagged = f.production("1.1.0", RolloutSpec.to(RolloutTarget.tags("beta", "lab")));
        f.voyager.devices().setTags("a", Set.of("beta"));
        f.voyager.devices().setTags("c", Set.of("lab", "tester"));
        f.voyager.devices().setTags("ghost", Set.of("beta")); // tagged, but never seen: not a known device
        assertEquals(2, f.voyager.rollouts().progress(f.voyager.rollouts().ofRelease(tagged.id()).id()).eligible());
    }

    @Test
    void aDeviceKnownOnlyFromItsReportsHasNoModelAndCountsOnlyForAReleaseOfEveryModel() {
        Release forS3 = f.production("1.0.0", RolloutSpec.all());
        report("r1", ReportStatus.DOWNLOADING, OLD, null);
        f.voyager.check(DeviceCheck.of("s1", PRODUCT, S3, OLD));
        f.voyager.tick();
        assertEquals(1, f.voyager.rollouts().progress(f.voyager.rollouts().ofRelease(forS3.id()).id()).eligible());

        // A release for every model (none listed), on a product of one model so that one image fits them all.
        f.voyager.products().create(Product.of("door", "Door", new HardwareModel(S3, Chip.ESP32_S3)));
        Release draft = f.voyager.releases().create(ReleaseDraft.builder("door", NEW).build());
        f.upload(draft, new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.0.0").build().file());
        f.voyager.releases().stage(draft.id());
        Release forAll = f.voyager.releases().promote(draft.id(), RolloutSpec.all());
        f.voyager.devices().report(new DeviceReport("door-r", "door-1", "door", OLD, NEW, OLD,
                ReportStatus.DOWNLOADING, Optional.empty(), Optional.empty(), ReportMetrics.none(),
                f.clock.instant()));
        seen("door", S3, NEW, "door-2");
        RolloutProgress progress = f.voyager.rollouts().progress(f.voyager.rollouts().ofRelease(forAll.id()).id());
        assertEquals(2, progress.eligible());
        assertEquals(1, progress.updated());
    }

    /**
     * A device checks, is offered the release, and reports before its sighting is flushed: the report writes the
     * device first, and the older sighting must still give it the model, or a release for listed models never
     * counts it (the console's "updated" stayed 0 until the device checked again).
     */
    @Test
    void aDeviceThatReportsBeforeItsSightingIsWrittenStillCountsForAReleaseOfItsModel() {
        Release forS3 = f.production("1.0.0", RolloutSpec.all());
        f.voyager.check(DeviceCheck.of("s1", PRODUCT, S3, OLD));
        f.clock.advance(java.time.Duration.ofSeconds(30));
        report("s1", ReportStatus.SUCCESS, NEW, null);
        f.voyager.tick();

        RolloutProgress progress = f.voyager.rollouts().progress(f.voyager.rollouts().ofRelease(forS3.id()).id());
        assertEquals(1, progress.eligible());
        assertEquals(1, progress.updated());
        assertEquals(Optional.of(S3), f.voyager.devices().get("s1").model());
        assertEquals(NEW, f.voyager.devices().get("s1").currentVersion(), "the older sighting moved nothing back");
    }

    @Test
    void anUnknownRolloutIsNotFound() {
        assertThrows(NotFoundException.class, () -> f.voyager.rollouts().progress("nope"));
    }
}
