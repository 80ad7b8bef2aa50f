package io.voyagerota.decision;

import io.voyagerota.catalog.Release;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static io.voyagerota.testing.VoyagerFixture.C3;
import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A table of where a device on a revoked release is sent: never to a release it may not take (another model, a
 * secure version below its own or the revoked release's, a stepping stone it has not passed, a staging or revoked
 * release), whatever state the rollouts are in, and whether or not the revoked release was deleted.
 */
class RollbackTargetTest {

    /**
     * One release of the table, created oldest first.
     *
     * @param state   prod, staged, revoked (promoted, then revoked), revoked-deleted, staged-revoked-deleted
     * @param rollout all, paused, none (a device list without the device), zero (0%), later (starts tomorrow),
     *                tag (a tag the device lacks)
     * @param stone   the stepping stone, or "" for none
     * @param model   S3 or C3 (an image is built for one chip)
     */
    record R(String version, String state, int secureVersion, String rollout, String stone, String model) {
        static R prod(String version) {
            return new R(version, "prod", 0, "all", "", "S3");
        }

        R state(String value) {
            return new R(version, value, secureVersion, rollout, stone, model);
        }

        R sv(int value) {
            return new R(version, state, value, rollout, stone, model);
        }

        R rollout(String value) {
            return new R(version, state, secureVersion, value, stone, model);
        }

        R stone(String value) {
            return new R(version, state, secureVersion, rollout, value, model);
        }

        R model(String value) {
            return new R(version, state, secureVersion, rollout, stone, value);
        }
    }

    /** The device: its model, version and secure version; {@code expected} is "ROLLBACK 1.0.0", "UPGRADE 1.3.0" or a reason. */
    record Case(String name, List<R> releases, String model, String version, int secureVersion, boolean tester,
                String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case on(String name, String version, String expected, R... releases) {
        return new Case(name, List.of(releases), S3, version, 0, false, expected);
    }

    static Stream<Case> cases() {
        R bad = R.prod("1.2.0").state("revoked");
        return Stream.of(
                on("the newest good release below", "1.2.0", "ROLLBACK 1.1.0", R.prod("1.0.0"), R.prod("1.1.0"), bad),
                on("deleting the revoked release keeps the rollback", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0"), bad.state("revoked-deleted")),
                on("a paused target rollout does not matter", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0").rollout("paused"), bad),
                on("a target rollout that never admitted the device does not matter", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0").rollout("none"), bad),
                on("a 0% target rollout does not matter", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0").rollout("zero"), bad),
                on("a target rollout that has not started does not matter", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0").rollout("later"), bad),
                on("a target for another model is skipped", "1.2.0", "ROLLBACK 1.0.0",
                        R.prod("1.0.0"), R.prod("1.1.0").model("C3"), bad),
                on("a staging release is never a target", "1.2.0", "ROLLBACK 1.0.0",
                        R.prod("1.0.0"), R.prod("1.1.0").state("staged"), bad),
                on("a revoked release is never a target", "1.2.0", "ROLLBACK 1.0.0",
                        R.prod("1.0.0"), R.prod("1.1.0").state("revoked"), bad),
                on("a deleted revoked release is never a target either", "1.2.0", "ROLLBACK 1.0.0",
                        R.prod("1.0.0"), R.prod("1.1.0").state("revoked-deleted"), bad.state("revoked-deleted")),
                on("below the revoked secure version there is no target", "1.2.0", "NO_ROLLBACK_TARGET",
                        R.prod("1.0.0").sv(1), R.prod("1.1.0").sv(1), bad.sv(2)),
                on("the newest target at the revoked secure version", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0").sv(1), R.prod("1.1.0").sv(2), bad.sv(2)),
                new Case("below the device's own secure version there is no target",
                        List.of(R.prod("1.0.0").sv(1), R.prod("1.1.0").sv(1), bad.sv(1)), S3, "1.2.0", 2, false,
                        "NO_ROLLBACK_TARGET"),
                on("a target's stepping stone below it is passed", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0").stone("1.0.0"), bad),
                on("a newer release the rollout admits rolls forward", "1.2.0", "UPGRADE 1.3.0",
                        R.prod("1.0.0"), R.prod("1.1.0"), bad, R.prod("1.3.0")),
                on("a newer release behind a paused rollout: rollback", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0"), bad, R.prod("1.3.0").rollout("paused")),
                on("a newer release the rollout does not admit: rollback", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0"), bad, R.prod("1.3.0").rollout("tag")),
                on("a newer release behind an unpassed stepping stone: rollback", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0"), bad, R.prod("1.4.0").stone("1.3.0")),
                on("a newer release for another model: rollback", "1.2.0", "ROLLBACK 1.1.0",
                        R.prod("1.0.0"), R.prod("1.1.0"), bad, R.prod("1.3.0").model("C3")),
                on("nothing below: no target", "1.2.0", "NO_ROLLBACK_TARGET", bad),
                new Case("testers on a deleted revoked staging release fall back to production",
                        List.of(R.prod("1.0.0"), R.prod("1.1.0-beta.1").state("staged-revoked-deleted")), S3,
                        "1.1.0-beta.1", 0, true, "ROLLBACK 1.0.0"),
                new Case("a C3 device on the revoked version goes to its own model's release",
                        List.of(R.prod("1.0.0").model("C3"), R.prod("1.1.0"), bad), C3, "1.2.0", 0,
                        false, "ROLLBACK 1.0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRevokedReleaseSendsItsDevicesOnlyWhereTheyMayGo(Case c) {
        VoyagerFixture f = new VoyagerFixture();
        c.releases().forEach(r -> make(f, r));
        DeviceCheck check = new DeviceCheck("device-1", PRODUCT, c.model(), Optional.empty(),
                Version.parse(c.version()), c.tester() ? Set.of("tester") : Set.of(),
                OptionalInt.empty(), c.secureVersion());
        UpdateDecision d = f.voyager.check(check);
        String got = d instanceof Offer o ? o.kind() + " " + o.version() : ((NoUpdate) d).reason().name();
        assertEquals(c.expected(), got, () -> c.name() + ": " + d);
    }

    private static void make(VoyagerFixture f, R r) {
        Release staged = f.staged(r.version(), b -> {
            b.models(r.model().equals("C3") ? C3 : S3).secureVersion(r.secureVersion());
            if (!r.stone().isEmpty()) {
                b.requiresAtLeast(Version.parse(r.stone()));
            }
            return b;
        });
        if (r.state().startsWith("staged")) {
            if (r.state().equals("staged-revoked-deleted")) {
                f.voyager.releases().revoke(staged.id(), "crashes");
                f.voyager.releases().delete(staged.id());
            }
            return;
        }
        RolloutSpec spec = switch (r.rollout()) {
            case "none" -> RolloutSpec.to(RolloutTarget.devices("someone-else"));
            case "zero" -> RolloutSpec.percent(0);
            case "later" -> RolloutSpec.all().startingAt(f.clock.instant().plus(Duration.ofDays(1)));
            case "tag" -> RolloutSpec.to(RolloutTarget.tags("beta"));
            default -> RolloutSpec.all();
        };
        Release prod = f.voyager.releases().promote(staged.id(), spec);
        if (r.rollout().equals("paused")) {
            f.voyager.rollouts().pause(f.voyager.rollouts().ofRelease(prod.id()).id(), "investigating");
        }
        if (r.state().startsWith("revoked")) {
            f.voyager.releases().revoke(prod.id(), "boot loop");
            if (r.state().equals("revoked-deleted")) {
                f.voyager.releases().delete(prod.id());
            }
        }
    }
}
